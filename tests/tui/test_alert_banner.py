"""Alerts reach the officer on any screen: a grave report and an escalation written by
another session show as a one-line banner naming the subject, until opened or dismissed."""

from __future__ import annotations

from dutyroom.config import load_settings
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.escalation_detail import EscalationScreen
from dutyroom.screens.forms.log_entry import LogEntryForm
from dutyroom.screens.report_detail import ReportDetail
from dutyroom.services.context import Context
from dutyroom.services.escalation import EscalationService
from dutyroom.services.reports import Reports
from dutyroom.store import Store
from dutyroom.widgets.alert_banner import AlertBanner
from dutyroom.widgets.pane_tabs import PaneTabs
from tests.conftest import wait_for


def other_session(db, clock) -> Context:
    """A second writer on the same data (its own Store: nothing shared with the app's)."""
    store = Store(db, now=clock.now, operator="李娜", station="pts/3")
    store.open()
    return Context(store=store, clock=clock, settings=load_settings(db / "config.toml"),
                   operator="李娜", station="pts/3")


def banner_text(app) -> str:
    for banner in app.screen.query(AlertBanner):
        if banner.display:
            return banner.line
    return ""


async def test_report_and_escalation_from_another_session_show_on_the_log_tab(ctx, clock, db, app_for):
    app = app_for()
    rung: list[int] = []
    app.bell = lambda: rung.append(1)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        assert app.screen.active_pane == "log-pane" and banner_text(app) == ""
        other = other_session(db, clock)
        report = Reports(other).add(channel="phone", category="casualty", location="柳湾村",
                                    text="民房倒塌 2 人被困", severity="II")
        await wait_for(lambda: "柳湾村" in banner_text(app), pilot=pilot)
        assert f"报告 #{report.id} 柳湾村 · II级 · 新接报" in banner_text(app)
        assert rung == [1]  # a grave report rings the bell ([escalation] bell, on by default)

        # 16 minutes on, the other session's engine finds the phone report overdue
        clock.advance(minutes=16)
        assert EscalationService(other).evaluate_now()
        (esc,) = EscalationService(other).open_escalations()
        await wait_for(lambda: "另有 1 条" in banner_text(app), pilot=pilot)
        # the grave report stays on top of a level-1 escalation, which waits behind it
        assert f"报告 #{report.id} 柳湾村 · II级 · 新接报" in banner_text(app)
        # the tab strip counts the active escalation, in the alert colour
        tabs = app.screen.query_one(PaneTabs)
        await wait_for(lambda: " 1" in [tabs.text.plain[s.start:s.end] for s in tabs.text.spans
                                         if not isinstance(s.style, str) and s.style.color is not None],
                       pilot=pilot)
        region = app.screen.query_one(AlertBanner).region
        assert region.height == 1 and region.width == 80  # one row, the whole width, on screen

        # F2 opens the report; on its detail screen the banner names the escalation
        await pilot.press("f2")
        await wait_for(lambda: isinstance(app.screen, ReportDetail), pilot=pilot)
        await wait_for(lambda: "电话报告逾期" in banner_text(app), pilot=pilot)
        assert f"报告 #{report.id} 柳湾村 · II级 · 电话报告逾期" in banner_text(app)
        assert "新接报" not in banner_text(app)

        # on a form as well; F2 from there opens the escalation itself
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        await wait_for(lambda: "电话报告逾期" in banner_text(app), pilot=pilot)
        await pilot.press("f2")
        await wait_for(lambda: isinstance(app.screen, EscalationScreen), pilot=pilot)
        assert app.screen.escalation_id == esc.id
        summary = str(app.screen.query_one("#escalation-summary").render())
        assert "柳湾村" in summary and "电话报告逾期" in summary
        await wait_for(lambda: banner_text(app) == "", pilot=pilot)
        assert len(app.alerting.board) == 0


async def test_acknowledged_elsewhere_the_alert_goes_and_level_one_does_not_ring(ctx, clock, db, app_for):
    app = app_for()
    rung: list[int] = []
    app.bell = lambda: rung.append(1)
    async with app.run_test(size=(120, 40)) as pilot:
        other = other_session(db, clock)
        report = Reports(other).add(channel="phone", category="waterlogging", location="人民路下穿",
                                    text="积水 50 厘米", severity="III")
        clock.advance(minutes=31)
        assert EscalationService(other).evaluate_now()
        await wait_for(lambda: "人民路下穿" in banner_text(app), pilot=pilot)
        assert "III级" in banner_text(app) and rung == []  # level 1, severity III: shown, no bell
        (esc,) = EscalationService(other).open_escalations()
        EscalationService(other).acknowledge(esc.id, "已电话报告区防办")
        await wait_for(lambda: banner_text(app) == "", pilot=pilot)
        assert report.id


async def test_integrity_alarm_hook(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        app.raise_integrity_alarm("日志第 12 条被改动")
        await wait_for(lambda: "日志第 12 条被改动" in banner_text(app), pilot=pilot)
        await pilot.press("f3")  # dismissed
        await wait_for(lambda: banner_text(app) == "", pilot=pilot)
        app.raise_integrity_alarm("")
        await wait_for(lambda: "管理员" in banner_text(app), pilot=pilot)
        await pilot.press("f2")  # nothing to open: said once more as a notice, then gone
        await wait_for(lambda: banner_text(app) == "", pilot=pilot)

