"""Fits any terminal: tabs at 80x24, side by side from 100x30, readable without colour."""

from __future__ import annotations

import re

import pytest

from dutyroom.model.escalation import Escalation, EscalationReason
from dutyroom.model.report import Category, IncomingReport, Severity
from dutyroom.screens.confirm import ConfirmScreen
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.log_entry import LogEntryForm
from dutyroom.widgets.pane import Pane
from tests.conftest import wait_for


def seed_marks(ctx) -> None:
    report = IncomingReport(received_at=ctx.now(), category=Category.WATERLOGGING, severity=Severity.I,
                            location="人民路隧道").payload()
    report["open"] = True
    ctx.store.create("report", report)
    esc = Escalation(reason=EscalationReason.NOT_ACKNOWLEDGED, subject_kind="report", subject_id=1,
                     due_at=ctx.now().shift(minutes=-3)).payload()
    esc["open"] = True
    ctx.store.create("escalation", esc)


def visible(app, pane_id: str) -> bool:
    return app.screen.query_one(f"#{pane_id}", Pane).region.area > 0


async def test_80x24_shows_one_pane_at_a_time_as_tabs(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-compact")
        assert visible(app, "log-pane") and not visible(app, "report-pane")
        await pilot.press("tab", "tab")
        await wait_for(lambda: visible(app, "report-pane") and not visible(app, "log-pane"), pilot=pilot)
        await pilot.resize_terminal(120, 40)
        await wait_for(lambda: not screen.has_class("-compact"), pilot=pilot)
        assert all(visible(app, p) for p in ("log-pane", "report-pane", "ticket-pane", "escalation-pane",
                                             "shift-pane", "chart-pane"))
        assert screen.focused_pane().id == "report-pane"  # the focus survives the resize


async def test_200x60_uses_the_space(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        log = app.screen.query_one("#log-pane", Pane)
        assert log.region.width > 100 and log.region.height > 40


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_colour_still_tells_severity_and_overdue(ctx, app_for, monkeypatch, size):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    seed_marks(ctx)
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.no_color
        app.screen.focus_pane("escalation-pane")
        await pilot.pause()
        svg = app.export_screenshot().replace("&#160;", " ")
        assert any(word in svg for word in ("逾期", "超时", "超期"))  # overdue said in words
        app.screen.focus_pane("report-pane")
        await pilot.pause()
        svg = app.export_screenshot().replace("&#160;", " ")
        assert "Ⅰ级" in svg  # severity in words
        colours = set(re.findall(r"fill: ?(#[0-9a-f]{6})", svg))
        greys = {c for c in colours if c[1:3] == c[3:5] == c[5:7]}
        assert len(colours - greys) <= 2  # no meaning carried by hue


async def test_first_start_on_an_empty_database_offers_the_demo(ctx, app_for):
    app = app_for(offer_demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen) and ctx.store.revision() > 0,
                       timeout=60, pilot=pilot)
        await wait_for(lambda: len(app.screen.query_one("#report-pane", Pane)._keys) > 10, timeout=10,
                       pilot=pilot)
    app2 = app_for(offer_demo=True)  # not offered once there is data
    async with app2.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app2.screen, DashboardScreen)


async def test_demo_declined_leaves_the_database_empty(ctx, app_for):
    app = app_for(offer_demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    assert ctx.store.revision() == 0


async def test_command_palette_runs_catalog_actions(seeded, app_for):
    app = app_for(  )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"记日志")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_header_never_cuts_a_warning_off_unseen(ctx, app_for, lang):
    """At 80 columns the warnings that do not fit are counted ("+1 more"), not cut off."""
    from rich.cells import cell_len

    from dutyroom.i18n import set_language
    from dutyroom.model.status import WarningColour, WarningType, WeatherWarning
    from dutyroom.services.status import StatusService
    from dutyroom.widgets.header import DutyHeader

    set_language(lang)
    StatusService(ctx).set(response="III", warnings=[
        WeatherWarning(WarningType.RAINSTORM, WarningColour.ORANGE),
        WeatherWarning(WarningType.GEOLOGICAL, WarningColour.YELLOW),
        WeatherWarning(WarningType.TYPHOON, WarningColour.BLUE)])
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        header = app.screen.query_one(DutyHeader)
        await wait_for(lambda: 70 < header.size.width <= 80, pilot=pilot)
        line = header.render_text(ctx.now()).plain
        assert "\n" not in line and cell_len(line) <= header.size.width, line
        orange = "暴雨橙色预警" if lang == "zh" else "orange rainstorm"
        assert orange in line  # the gravest first
        more = re.search(r"\+(\d+) more|另有(\d+)项预警", line)
        assert more, line
        await pilot.resize_terminal(160, 40)
        await wait_for(lambda: header.size.width > 150, pilot=pilot)
        wide = header.render_text(ctx.now()).plain
        assert "more" not in wide and "另有" not in wide  # room for all of them


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_tab_is_on_the_strip_and_its_number_goes_there(seeded, app_for, lang):
    from rich.cells import cell_len
    from textual.widgets import Static

    from dutyroom.i18n import set_language
    from dutyroom.screens.dashboard import PANE_ORDER

    set_language(lang)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen

        def strip() -> str:
            return str(screen.query_one("#pane-tabs", Static).render())

        for number, pane_id in enumerate(PANE_ORDER, 1):
            await pilot.press(str(number))
            await wait_for(lambda: screen.active_pane == pane_id and visible(app, pane_id), pilot=pilot)
            assert screen.focused_pane().id == pane_id
            line = strip()
            assert cell_len(line) <= screen.query_one("#pane-tabs", Static).size.width, line
            assert all(f"{n} " in line for n in range(1, len(PANE_ORDER) + 1)), line
            assert f"▶{number} {screen.pane(pane_id).title}◀" in line


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_dashboard_opens_on_the_duty_log(seeded, app_for, size):
    from dutyroom.widgets.log_pane import LogPane

    app = app_for()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert app.focused is screen.query_one(LogPane).table
        assert screen.active_pane == "log-pane" and visible(app, "log-pane")


async def test_help_key_is_first_in_the_footer_at_80_columns(seeded, app_for):
    from textual.widgets._footer import FooterKey

    from dutyroom.screens.help import HelpScreen

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert keys and keys[0].key_display == "?" and keys[0].region.right <= 80
        assert [k.key_display for k in keys].count("?") == 1  # once, though bound twice
        await pilot.press("question_mark")
        await wait_for(lambda: isinstance(app.screen, HelpScreen), pilot=pilot)


async def test_remapping_help_moves_the_footer_key_too(seeded, app_for):
    from dataclasses import replace

    from textual.widgets._footer import FooterKey

    from dutyroom.screens.help import HelpScreen

    seeded.settings = replace(seeded.settings, raw={"keys": {"help": "f2"}})
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert "?" not in [k.key_display for k in app.screen.query(FooterKey)]
        await pilot.press("f2")
        await wait_for(lambda: isinstance(app.screen, HelpScreen), pilot=pilot)


async def test_an_empty_group_shared_directory_is_never_offered_the_demo(ctx, app_for):
    """The first officer to log in to an empty production directory (setgid, group-shared)."""
    ctx.store.root.chmod(0o2770)
    app = app_for(offer_demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.pause(0.3)
        assert isinstance(app.screen, DashboardScreen)
    assert ctx.store.revision() == 0
