"""What the command line does, done in the app by keys and the palette: sign on / off,
standing orders, the activity-log print."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from dutyroom.i18n import t
from dutyroom.screens.confirm import ConfirmScreen
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.duty_forms import ActivityLogForm, AttendanceForm, StandingOrderForm
from dutyroom.screens.standing_orders import StandingOrdersScreen
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.handover import HandoverService
from dutyroom.services.shifts import ShiftService
from dutyroom.services.standing_orders import StandingOrders
from dutyroom.widgets.shift_pane import ShiftPane
from tests.conftest import wait_for
from tests.tui.conftest import notices


def shift_text(app) -> str:
    return str(app.screen.query_one("#shift-body", Static).render())


async def palette(app, pilot, words: str) -> None:
    """Run the palette entry named ``words`` (ctrl+p, type, Enter)."""
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*words)
    await pilot.pause(0.5)
    await pilot.press("enter")


async def test_sign_on_and_off_from_the_palette_show_on_the_shift_pane(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: t("shift.pane.on_duty") in shift_text(app), pilot=pilot)
        assert "张伟" not in shift_text(app)
        await palette(app, pilot, "签到")
        await wait_for(lambda: isinstance(app.screen, AttendanceForm), pilot=pilot)
        assert app.screen.query_one("#field-officer_name", Input).value == "张伟"  # the officer's own name
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await wait_for(lambda: "张伟" in shift_text(app), pilot=pilot)
        assert ShiftService(ctx).current().on_duty() == ["张伟"]
        await pilot.press("O")  # sign off by its key
        await wait_for(lambda: isinstance(app.screen, AttendanceForm), pilot=pilot)
        await pilot.press("enter")
        await wait_for(lambda: "张伟" not in shift_text(app), pilot=pilot)
    assert ShiftService(ctx).current().on_duty() == []
    texts = [e.text for e in DutyLog(ctx).all() if e.system]
    assert any("签到" in x for x in texts) and any("签退" in x for x in texts)


async def test_sign_on_twice_is_refused_in_the_form(ctx, app_for):
    ShiftService(ctx).sign_on("张伟")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await wait_for(lambda: isinstance(app.screen, AttendanceForm), pilot=pilot)
        await pilot.press("enter")
        await wait_for(lambda: "已在本班签到" in str(app.screen.query_one("#error-officer_name", Static).render()),
                       pilot=pilot)
        assert isinstance(app.screen, AttendanceForm)


async def test_standing_order_given_listed_carried_and_ended_by_keys(ctx, clock, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await palette(app, pilot, "常设指令")
        await wait_for(lambda: isinstance(app.screen, StandingOrdersScreen), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, StandingOrderForm), pilot=pilot)
        await pilot.press(*"每两小时报告沙河水库水位")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, StandingOrdersScreen), pilot=pilot)
        table = app.screen.query_one("#orders-table", DataTable)
        await wait_for(lambda: table.row_count == 1, pilot=pilot)
        (order,) = StandingOrders(ctx).in_force()
        assert order.text == "每两小时报告沙河水库水位" and order.issued_by == "张伟"
        handover = HandoverService(ctx).start()
        assert handover.standing_orders == [f"#{order.id} 每两小时报告沙河水库水位"]
        await pilot.press("x")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, StandingOrdersScreen) and table.row_count == 0,
                       pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    assert StandingOrders(ctx).in_force() == []
    texts = [e.text for e in DutyLog(ctx).all() if e.system]
    assert "新常设指令:每两小时报告沙河水库水位" in texts
    assert f"常设指令 #{order.id} 终止:每两小时报告沙河水库水位" in texts


async def test_print_activity_log_writes_the_pdf_and_says_where(ctx, app_for):
    DutyLog(ctx).add("沙河水库 水位 21.3m", kind="reading", at="08:30")
    app = app_for()
    folder = Path(ctx.store.root) / "printouts"
    async with app.run_test(size=(120, 40)) as pilot:
        await palette(app, pilot, "活动记录")
        await wait_for(lambda: isinstance(app.screen, ActivityLogForm), pilot=pilot)
        await pilot.press("enter")  # the current shift
        await wait_for(lambda: any("printouts" in n for n in notices(app)), timeout=30, pilot=pilot)
    (pdf,) = folder.glob("activity-log-*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert any(str(pdf) in n for n in notices(app))


async def test_bulletin_and_party_report_print_from_the_upward_screen(ctx, app_for):
    from dutyroom.screens.bulletin import BulletinScreen
    from dutyroom.screens.upward import UpwardScreen
    from dutyroom.screens.upward_forms import PartyReportForm

    folder = Path(ctx.store.root) / "printouts"
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("u")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, PartyReportForm), pilot=pilot)
        form = app.screen
        assert form.query_one("#field-start", Input).value  # the screen's period
        form.query_one("#field-end", Input).value = "2026-13-01"
        await pilot.pause()
        await pilot.press("ctrl+s")  # a bad date is refused in place
        await wait_for(lambda: "✗" in str(form.query_one("#error-end", Static).render())
                       or "✗" in str(form.query_one("#form-error", Static).render()), pilot=pilot)
        form.query_one("#field-end", Input).value = "2026-07-29"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: any("party-report-" in n for n in notices(app)), timeout=30, pilot=pilot)
        await pilot.press("b")
        await wait_for(lambda: isinstance(app.screen, BulletinScreen), pilot=pilot)
        await pilot.press("p")
        await wait_for(lambda: any("bulletin-" in n for n in notices(app)), timeout=30, pilot=pilot)
    assert len(list(folder.glob("party-report-*.pdf"))) == 1
    (bulletin,) = folder.glob("bulletin-*.pdf")
    assert bulletin.read_bytes().startswith(b"%PDF")
