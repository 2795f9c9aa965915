"""One identity per person in the app: the header names the officer once identified, new
entries carry the roster name and the account, and a long name cannot push the duty log's
text column off the screen (issue #13, Identity)."""

from __future__ import annotations

from textual.widgets import DataTable

from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.identify import IdentifyScreen
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.roster import RosterService
from dutyroom.widgets.header import DutyHeader
from dutyroom.widgets.log_pane import LogPane
from tests.conftest import wait_for

ROSTER = """date,shift,role,name,phone
2026-07-29,08:00,leader,王强,13800000001
2026-07-29,08:00,officer,赵磊,13800000002
"""


async def test_header_and_records_name_the_officer_after_identifying(ctx, app_for):
    RosterService(ctx).import_text(ROSTER)
    ctx.operator = "zhaolei"  # the OS account, not yet linked to a roster name
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, IdentifyScreen), pilot=pilot)
        await pilot.press("down", "enter")  # the second name: 赵磊
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        header = app.screen.query_one(DutyHeader)
        await wait_for(lambda: "赵磊@" in header.render_text(ctx.now()).plain, pilot=pilot)
        assert "zhaolei" not in header.render_text(ctx.now()).plain
    entry = DutyLog(ctx).add("沙河水位 3.2 米")
    data = ctx.store.require("log", entry.id)
    assert (data["author"], data["created_by"], data["created_by_account"]) == ("赵磊", "赵磊", "zhaolei")


async def test_a_long_name_does_not_push_the_text_column_off(ctx, app_for):
    ctx.operator = "m" * 55  # as an older version stored it, before names were limited
    ctx.store.operator = ctx.operator
    DutyLog(ctx).add("沙河水库 巡查 水位正常 " * 3, kind="patrol", at="08:30")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: pane.table.row_count == 1, pilot=pilot)
        await pilot.pause()
        table = pane.query_one(DataTable)
        widths = {str(c.key.value): c.get_render_width(table) for c in table.columns.values()}
        assert widths["author"] <= 14, widths
        text_room = pane.table.size.width - sum(w for k, w in widths.items() if k != "text")
        assert text_room >= 20, (widths, pane.table.size.width)
        cells = [str(c) for c in table.get_row_at(0)]
        assert any(c.startswith("mmmmmmmmmmm…") for c in cells), cells
