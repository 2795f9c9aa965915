"""Outside text is shown literally, never obeyed: markup, escapes, C1 controls, bidi overrides.

Measured with Textual 8.2.8: a stored ``x[/]`` crashes a Static, ``[@click=...]`` runs the
action when clicked, ESC/OSC sequences pass straight to the terminal. Every pane, form,
detail view and the help get the payloads here, both through intake (cleaned) and written
raw into the store by a foreign tool (cleaned again when shown).
"""

from __future__ import annotations

import re

from textual.widgets import Input

from dutyroom.model.escalation import Escalation, EscalationReason
from dutyroom.model.report import Category, IncomingReport, Severity
from dutyroom.model.shift import Shift
from dutyroom.model.ticket import HazardTicket
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.log_entry import AmendForm, LogEntryForm
from dutyroom.screens.help import HelpScreen
from dutyroom.screens.log_detail import LogDetailScreen
from dutyroom.services.duty_log import DutyLog
from dutyroom.widgets.log_pane import LogPane
from dutyroom.widgets.pane import TablePane
from tests.conftest import wait_for

MARKUP = ["[bold]粗体", "尾巴[/]", "[@click=app.quit]点我[/]", "[link=http://evil]x[/link]"]
CONTROLS = ["\x1b[2J\x1b[H清屏", "\x1b]52;c;SGFja2Vk\x07剪贴板", "\x1b]8;;http://evil\x1b\\链接\x1b]8;;\x1b\\",
            "\x9b31m C1", "\u202e反向\u202c", "\x07\x08\x0b\x0c\x7f"]
PAYLOAD = " ".join(MARKUP + CONTROLS)
BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def seed(ctx) -> None:
    DutyLog(ctx).add(PAYLOAD, kind="other", at="08:30")  # through intake
    raw_log = {"at": ctx.now().shift(minutes=-5).isoformat(), "kind": "notice", "text": PAYLOAD,
               "author": "[@click=app.quit]x[/]\x1b[31m", "system": False}
    ctx.store.create("log", raw_log)  # a foreign tool writing raw
    report = IncomingReport(received_at=ctx.now(), category=Category.WATERLOGGING, severity=Severity.II,
                            location=PAYLOAD, text=PAYLOAD).to_dict()
    report.pop("id")
    report["open"] = True
    ctx.store.create("report", report)
    ticket = HazardTicket(hazard=Category.EMBANKMENT, text=PAYLOAD, location=PAYLOAD).payload()
    ticket["open"] = True
    ctx.store.create("ticket", ticket)
    ctx.store.create("keypoint", {"type": "reservoir", "name": PAYLOAD})
    ctx.store.create("unit", {"kind": "police", "name": PAYLOAD})
    esc = Escalation(reason=EscalationReason.NO_UPDATE, subject_kind="ticket", subject_id=1,
                     due_at=ctx.now().shift(minutes=3)).payload()
    esc["open"] = True
    ctx.store.create("escalation", esc)
    shift = Shift(start=ctx.now().shift(hours=-1), end=ctx.now().shift(hours=11), leader=PAYLOAD,
                  officers=[PAYLOAD]).payload()
    ctx.store.create("shift", shift)


def visible_text(app) -> str:
    return app.export_screenshot()


async def test_payloads_through_every_pane_form_and_view(ctx, app_for):
    seed(ctx)
    app = app_for()
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        await wait_for(lambda: len(screen.query_one(LogPane)._keys) == 2, pilot=pilot)
        for pane in screen.query(TablePane):
            for row in pane._rows.values():
                for value in row.cells:
                    assert not BAD.search(value.plain), (pane.id, value.plain)
        log_texts = " ".join(c.plain for r in screen.query_one(LogPane)._rows.values() for c in r.cells)
        for piece in ("[bold]粗体", "尾巴[/]", "[@click=app.quit]点我[/]", "[2J"):
            assert piece in log_texts
        svg = visible_text(app)
        assert not BAD.search(svg)
        # click on every line of the screen: a [@click] in the data must never run
        for y in range(3, 48, 3):
            await pilot.click(offset=(60, y))
        assert app.is_running and isinstance(app.screen, DashboardScreen)
        # detail views of a log entry and a report, the amend form showing the original
        screen.focus_pane("log-pane")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, LogDetailScreen), pilot=pilot)
        assert not BAD.search(visible_text(app)) and "[@click=app.quit]" in visible_text(app).replace("&#160;", " ")
        await pilot.press("e")
        await wait_for(lambda: isinstance(app.screen, AmendForm), pilot=pilot)
        assert not BAD.search(visible_text(app))
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        screen.focus_pane("report-pane")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(lambda: not isinstance(app.screen, DashboardScreen), pilot=pilot)
        assert not BAD.search(visible_text(app))  # whichever detail view the reports feature gives
        while not isinstance(app.screen, DashboardScreen):
            await pilot.press("escape")
            await pilot.pause()
        # a form holding the payload, saved (cleaned at intake) and shown in the pane
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        app.screen.query_one("#field-text", Input).value = PAYLOAD
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await wait_for(lambda: len(screen.query_one(LogPane)._keys) == 3, pilot=pilot)
        stored = DutyLog(ctx).get(3)
        assert not BAD.search(stored.text) and "[@click=app.quit]点我[/]" in stored.text
        # an error message quoting the payload (a bad time) is shown literally
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        app.screen.query_one("#field-at", Input).value = "[/][@click=app.quit]x[/]"
        app.screen.query_one("#field-text", Input).value = "ok"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: "[@click=app.quit]x[/]" in str(app.screen.query_one("#error-at").render()),
                       pilot=pilot)
        await pilot.press("escape")  # input in the form: asked first; "d" discards it
        await wait_for(lambda: type(app.screen).__name__ == "ChoiceScreen", pilot=pilot)
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("question_mark")
        await wait_for(lambda: isinstance(app.screen, HelpScreen), pilot=pilot)
        await pilot.press("escape")
        # the quick-entry line with the payload and a bad link: the message and line stay literal
        await pilot.press("colon")
        await pilot.pause()
        screen.query_one("#quick-input", Input).value = "[/] ^R99 [@click=app.quit]x[/]"
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(lambda: "✗" in str(screen.query_one("#quick-message").render()), pilot=pilot)
        assert screen.query_one("#quick-input", Input).value == "[/] ^R99 [@click=app.quit]x[/]"
        assert app.is_running
