"""Keys of the detail screens come from the one catalog: help lists them, the palette on
that screen offers and runs them, and ``[keys]`` in config.toml remaps them."""

from __future__ import annotations

from dataclasses import replace

from dutyroom.actions import ACTIONS, BY_ID
from dutyroom.screens.bulletin import BulletinScreen
from dutyroom.screens.help import GROUPS, HelpScreen
from dutyroom.screens.report_actions import ActionForm
from dutyroom.screens.report_detail import ReportDetail
from dutyroom.screens.ticket_detail import TicketDetail
from dutyroom.screens.upward import UpwardScreen
from dutyroom.services.reports import Reports
from tests.conftest import wait_for


def test_every_screen_binding_is_a_catalog_action():
    for screen in (ReportDetail, TicketDetail, UpwardScreen, BulletinScreen):
        for binding in screen.BINDINGS:
            assert binding.id in BY_ID, (screen.__name__, binding.key)
            assert BY_ID[binding.id].group == screen.ACTION_GROUP
    assert {spec.group for spec in ACTIONS} <= set(GROUPS)  # help shows every group


def add_report(ctx):
    return Reports(ctx).add(channel="phone", category="waterlogging", location="人民路下穿通道",
                            text="积水 50 厘米", severity="III")


async def open_detail(app, pilot, report_id):
    from dutyroom.widgets.report_pane import ReportPane

    pane = app.screen.query_one(ReportPane)
    await wait_for(lambda: str(report_id) in pane._keys, pilot=pilot)
    pane.table.focus()
    pane.table.move_cursor(row=pane._keys.index(str(report_id)))
    await pilot.press("enter")
    await wait_for(lambda: isinstance(app.screen, ReportDetail) and app.screen.chain, pilot=pilot)


async def test_help_lists_the_report_detail_keys(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await wait_for(lambda: isinstance(app.screen, HelpScreen), pilot=pilot)
        table = app.screen.query_one("DataTable")
        row = [str(cell) for cell in table.get_row("report_follow_up")]
        assert row[0] == "f" and row[1] == "续报" and row[2] == "接报详情"
        assert [str(c) for c in table.get_row("ticket_dispatch")][:2] == ["d", "派遣"]


async def test_palette_on_the_report_detail_offers_and_runs_its_actions(ctx, app_for):
    report = add_report(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(app, pilot, report.id)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"续报")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)


async def test_report_detail_keys_can_be_remapped(ctx, app_for):
    ctx.settings = replace(ctx.settings, raw={"keys": {"report_follow_up": "ctrl+f"}})
    report = add_report(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(app, pilot, report.id)
        detail = app.screen
        await pilot.press("f")
        await pilot.pause()
        assert app.screen is detail  # the old key no longer does it
        await pilot.press("ctrl+f")
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
