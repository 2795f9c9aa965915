"""Every key of the action catalog, pressed in the real app."""

from __future__ import annotations

import importlib.util

from textual.command import CommandPalette

from dutyroom.actions import ACTIONS, BY_ID, keymap_from_settings
from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.filter import FilterForm
from dutyroom.screens.forms.log_entry import AmendForm, LogEntryForm
from dutyroom.screens.forms.status import StatusForm
from dutyroom.screens.help import HelpScreen
from dutyroom.screens.log_detail import LogDetailScreen
from dutyroom.widgets.escalation_pane import EscalationPane
from dutyroom.widgets.log_pane import LogPane
from dutyroom.widgets.quick_entry import QuickEntry
from tests.conftest import wait_for
from tests.tui.conftest import log_keys, notices

import pytest


def test_catalog_is_the_single_source():
    ids = [spec.id for spec in ACTIONS]
    assert len(ids) == len(set(ids))
    for key in ("n", "r", "t", "e", "slash", "enter", "h", "colon", "a", "tab", "shift+tab"):
        assert any(key in spec.key.split(",") for spec in ACTIONS), key
    assert "question_mark" in BY_ID["help"].key and "f1" in BY_ID["help"].key
    bound = {b.id for b in DashboardScreen.BINDINGS}
    assert {"new_log", "new_report", "new_ticket", "amend_log", "filter_pane", "handover", "quit",
            "quick_entry", "next_pane"} <= bound


async def test_form_keys_open_their_screens(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        for key, screen_type in (("n", LogEntryForm), ("e", AmendForm), ("slash", FilterForm),
                                 ("s", StatusForm), ("question_mark", HelpScreen), ("f1", HelpScreen),
                                 ("enter", LogDetailScreen)):
            await pilot.press(key)
            await wait_for(lambda: isinstance(app.screen, screen_type), pilot=pilot)
            await pilot.press("escape")
            await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("ctrl+p")
        await wait_for(lambda: isinstance(app.screen, CommandPalette), pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)


@pytest.mark.parametrize("key,module,feature", [
    ("r", "dutyroom.screens.report_form", "feature.reports"),
    ("t", "dutyroom.screens.ticket_form", "feature.tickets"),
    ("h", "dutyroom.screens.handover", "feature.handover")])
async def test_hook_keys_open_other_features_or_say_why_not(seeded, app_for, key, module, feature):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        if importlib.util.find_spec(module) is None:
            await wait_for(lambda: t("dashboard.not_available", feature=t(feature)) in notices(app),
                           pilot=pilot)
            assert isinstance(app.screen, DashboardScreen)
        else:
            await wait_for(lambda: not isinstance(app.screen, DashboardScreen), pilot=pilot)


async def test_tab_and_shift_tab_move_between_panes(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.focused_pane().id == "log-pane"
        await pilot.press("tab")
        await wait_for(lambda: screen.focused_pane().id == "escalation-pane", pilot=pilot)
        await pilot.press("tab", "tab")
        await wait_for(lambda: screen.focused_pane().id == "ticket-pane", pilot=pilot)
        await pilot.press("shift+tab")
        await wait_for(lambda: screen.focused_pane().id == "report-pane", pilot=pilot)


async def test_quick_entry_key_and_escape(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("colon")
        quick = app.screen.query_one(QuickEntry)
        await wait_for(lambda: app.focused is quick.input, pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: not quick.display, pilot=pilot)


async def test_paging_keys_move_through_a_long_shift(ctx, app_for):
    from dutyroom.model.log_entry import new_log_entry
    from dutyroom.store.store import Create
    from dutyroom.widgets.log_pane import PAGE_SIZE

    at = ctx.parse_time("08:30")
    ctx.store.commit([Create("log", new_log_entry(text=f"entry {i}", at=at, author="张伟").payload())
                      for i in range(PAGE_SIZE + 20)])
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: len(pane._keys) == PAGE_SIZE, pilot=pilot)
        await pilot.press("right_square_bracket")
        await wait_for(lambda: len(pane._keys) == 20 and pane.page == 1, pilot=pilot)
        await pilot.press("left_square_bracket")
        await wait_for(lambda: len(pane._keys) == PAGE_SIZE and pane.page == 0, pilot=pilot)


async def test_acknowledge_in_the_escalation_pane(ctx, clock, app_for):
    # Acknowledging needs a note and stops the reminders, not the clock: the escalation stays
    # listed (acknowledged) until its condition goes away (issue 5, section 4).
    from dutyroom.services.tickets import Tickets

    tickets = Tickets(ctx)
    ticket = tickets.add("坝脚渗水", hazard="reservoir", location="沙河水库")
    tickets.dispatch(ticket.id, "water_resources")
    clock.advance(minutes=20)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(EscalationPane)
        await wait_for(lambda: pane._keys == ["1"], pilot=pilot)
        await pilot.press("tab")
        await wait_for(lambda: app.screen.focused_pane() is pane, pilot=pilot)
        await pilot.press("a")
        await wait_for(lambda: not isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press(*"已电话督促")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await wait_for(lambda: "已确认" in str(pane.table.get_row_at(0)[2]), pilot=pilot)  # status: 3rd
    stored = ctx.store.get("escalation", 1)
    assert stored["state"] == "acknowledged" and stored["open"] is True
    assert stored["ack_note"] == "已电话督促"
    texts = [r["text"] for day in ctx.store.days("log") for r in ctx.store.day_records("log", day)]
    assert any("#1" in text and "已电话督促" in text for text in texts)


async def test_q_quits_and_asks_first_with_unsaved_input(seeded, app_for):
    from dutyroom.screens.confirm import ConfirmScreen

    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("colon", *"半句话")
        await pilot.press("escape")  # the line is kept
        await pilot.press("q")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        assert app.is_running
        await pilot.press("q")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: not app.is_running, pilot=pilot)
    assert app.return_code == 0

    app2 = app_for()
    async with app2.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await wait_for(lambda: not app2.is_running, pilot=pilot)


async def test_ctrl_q_from_a_form_with_input_asks(seeded, app_for):
    from dutyroom.screens.confirm import ConfirmScreen

    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        await pilot.press(*"水位")
        await pilot.press("ctrl+q")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)


async def test_keys_remapped_from_config(db, ctx, app_for):
    from dataclasses import replace

    ctx.settings = replace(ctx.settings, raw={"keys": {"new_log": "ctrl+n", "quick_entry": "i"}})
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        await pilot.press("escape")
        await pilot.press("i")
        quick = app.screen.query_one(QuickEntry)
        await wait_for(lambda: app.focused is quick.input, pilot=pilot)
        help_screen = HelpScreen()
        await pilot.press("escape")
        await app.push_screen(help_screen)
        await pilot.pause()
        table = help_screen.query_one("DataTable")
        assert "ctrl+n" in str(table.get_row("new_log")[0]).lower()


def test_bad_keymap_is_refused_with_a_message():
    with pytest.raises(ValidationError):
        keymap_from_settings({"no_such_action": "x"})
    with pytest.raises(ValidationError):
        keymap_from_settings({"new_log": 5})
    assert keymap_from_settings({"new_log": "ctrl+n, f2"}) == {"new_log": "ctrl+n,f2"}


@pytest.mark.parametrize("after", ["u", "h", "r", "n", "question_mark"])
async def test_keys_typed_right_after_q_open_nothing_as_the_app_closes(seeded, app_for, after):
    """``q`` then another key in one burst: the app closes cleanly, no screen half-built."""
    from textual import events

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("q", after):
            app.post_message(events.Key(key, None))
        await pilot.pause(0.5)
    assert app._exception is None
    assert app.return_value == 0
