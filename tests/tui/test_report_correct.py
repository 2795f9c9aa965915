"""``c`` on a report's detail corrects its reporter and phone; the old values stay in the chain."""

from __future__ import annotations

from textual.widgets import Input

from dutyroom.screens.report_actions import ActionForm
from dutyroom.screens.report_detail import ReportDetail
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.reports import Reports
from tests.conftest import wait_for


async def test_c_on_report_detail_corrects_reporter_and_phone(ctx, app_for):
    report = Reports(ctx).add(channel="phone", category="waterlogging", location="人民路下穿通道",
                              text="积水 50 厘米", severity="III", reporter="王建国人民路社区",
                              phone="13800138000")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = ReportDetail(ctx, report.id)
        app.push_screen(detail)
        await wait_for(lambda: "王建国人民路社区" in str(detail.thread_view.render()), pilot=pilot)
        await pilot.press("c")
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        form = app.screen
        assert form.query_one("#ra-reporter", Input).value == "王建国人民路社区"
        form.query_one("#ra-reporter", Input).value = "王建国"
        form.query_one("#ra-phone", Input).value = "13800138001"
        form.query_one("#ra-reason", Input).value = "回拨核实"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
        shown = lambda: str(detail.thread_view.render())  # noqa: E731
        await wait_for(lambda: "王建国人民路社区 → 王建国" in shown(), pilot=pilot)
        assert "13800138000 → 13800138001" in shown()
    head = Reports(ctx).get(report.id)
    assert (head.reporter, head.phone) == ("王建国", "13800138001")
    assert [(c.field, c.old, c.new, c.reason) for c in head.corrections] == [
        ("reporter", "王建国人民路社区", "王建国", "回拨核实"), ("phone", "13800138000", "13800138001", "回拨核实")]
    assert any(e.report_id == report.id and "更正" in e.text for e in DutyLog(ctx).all())
