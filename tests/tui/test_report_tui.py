"""The report screens with Pilot: intake form, open-reports pane with its countdown,
the chain view and its actions, on the real store with the pinned clock."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from dutyroom.model.report import IncomingReport
from dutyroom.resources import stylesheets
from dutyroom.screens.report_actions import ActionForm
from dutyroom.screens.report_detail import ReportDetail
from dutyroom.screens.report_form import ReportForm
from dutyroom.services.reports import Reports
from dutyroom.widgets.report_pane import ReportPane
from tests.conftest import wait_for


class ReportsApp(App[None]):
    CSS_PATH = [str(p) for p in stylesheets()]
    BINDINGS = [("r", "new_report", "new report")]

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.results: list = []

    def compose(self) -> ComposeResult:
        yield ReportPane(self.ctx, id="report-pane")

    def on_open_record(self, request) -> None:
        """As the real app: a pane's request to open a record becomes its screen."""
        from dutyroom.screens.opener import open_record

        open_record(self, self.ctx, request)

    def action_new_report(self) -> None:
        def done(result) -> None:
            self.results.append(result)
            self.query_one(ReportPane).refresh_data(None)

        self.push_screen(ReportForm(self.ctx), done)


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_intake_form_validates_then_saves(ctx, store):
    app = ReportsApp(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, ReportForm) and app.screen.initial, pilot=pilot)
        form = app.screen
        assert form.query_one("#rf-channel", Select).value == "phone"
        assert form.query_one("#rf-received", Input).value == "09:00"
        assert app.focused is form.query_one("#rf-location", Input)
        before = store.journal.size()
        await pilot.press("ctrl+s")  # nothing typed: refused in place, nothing written
        await pilot.pause()
        assert "地点" in _text(form, "#report-form-error") and store.journal.size() == before
        assert app.screen is form
        await pilot.press(*"Renmin Rd")
        form.query_one("#rf-location", Input).value = "人民路下穿通道"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "类别" in _text(form, "#report-form-error")
        form.query_one("#rf-category", Select).value = "waterlogging"
        form.query_one("#rf-text", TextArea).text = "积水 50 厘米,一辆车被困 [/] [@click=app.quit]x[/]"
        form.query_one("#rf-trapped", Input).value = "two"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "被困" in _text(form, "#report-form-error") and store.journal.size() == before
        form.query_one("#rf-trapped", Input).value = "2"
        form.query_one("#rf-severity", Select).value = "III"
        form.query_one("#rf-read-back", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.results, pilot=pilot)
        (report,) = app.results
        assert isinstance(report, IncomingReport)
        stored = Reports(ctx).get(report.id)
        assert (stored.location, stored.category, stored.severity, stored.trapped, stored.read_back) == \
            ("人民路下穿通道", "waterlogging", "III", 2, True)
        pane = app.query_one(ReportPane)
        assert pane.selected_id() == report.id
        cells = [str(c) for c in pane.table.get_row(str(report.id))]
        assert "Ⅲ级 较大" in cells[2] and "城市内涝" in cells[3] and "电话报告时限 09:30" in cells[5]


async def test_escape_cancels_without_writing(ctx, store):
    app = ReportsApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, ReportForm) and app.screen.initial, pilot=pilot)
        app.screen.query_one("#rf-location", Input).value = "人民路"
        before = store.journal.size()
        await pilot.press("escape")  # input in the form: Esc asks; "d" discards it
        await wait_for(lambda: type(app.screen).__name__ == "ChoiceScreen", pilot=pilot)
        await pilot.press("d")
        await wait_for(lambda: app.results == [None], pilot=pilot)
        assert store.journal.size() == before


async def test_pane_countdown_marks_overdue_in_text(ctx, clock):
    Reports(ctx).add(channel="phone", category="reservoir", location="沙河水库", text="坝体渗水",
                     severity="I")
    Reports(ctx).add(channel="sms", category="power", location="东区", text="停电", severity="IV")
    app = ReportsApp(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ReportPane)
        await wait_for(lambda: len(pane.rows) == 2, pilot=pilot)
        assert "Ⅰ级 特别重大" in pane.table.get_row("1")[2].plain
        clock.advance(minutes=14)
        pane.tick(ctx.now())
        assert pane.table.get_row("1")[1].plain.endswith("01:00")
        assert "逾期" not in pane.table.get_row("1")[1].plain
        assert pane.overdue_ids(ctx.now()) == []
        clock.advance(minutes=2)
        pane.tick(ctx.now())
        await pilot.pause()
        assert pane.table.get_row("1")[1].plain.endswith("逾期 01:00")
        assert pane.overdue_ids(ctx.now()) == [1] and "1 条超时" in str(pane.border_title)
        Reports(ctx).forward(1, "市防指", "phone")
        pane.refresh_data(None)
        assert pane.overdue_ids(ctx.now()) == []


async def test_chain_view_actions(ctx, clock, store):
    first = Reports(ctx).add(channel="phone", category="waterlogging", location="人民路下穿通道",
                             text="积水 50 厘米", severity="III")
    dup = Reports(ctx).add(channel="wechat", category="waterlogging", location="人民路 下穿通道",
                           text="下穿通道有车被淹")
    app = ReportsApp(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ReportPane)
        pane.table.focus()
        await wait_for(lambda: len(pane.rows) == 2, pilot=pilot)
        pane.table.move_cursor(row=pane._keys.index(str(first.id)))
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, ReportDetail) and app.screen.chain, pilot=pilot)
        detail = app.screen
        assert "首报" in _text(detail, "#report-detail-thread")
        assert "电话报告时限" in _text(detail, "#report-detail-deadline")

        await pilot.press("f")  # follow-up, refused while empty, then saved
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "必须填写" in _text(app.screen, "#report-action-error")
        app.screen.query_one("#ra-text", TextArea).text = "水深 80 厘米"
        app.screen.query_one("#ra-severity", Select).value = "II"
        app.screen.query_one("#ra-trapped", Input).value = "3"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
        head = Reports(ctx).get(first.id)
        assert head.severity == "II" and head.trapped == 3 and len(head.thread_ids) == 1
        assert "续报 1" in _text(detail, "#report-detail-thread")

        await pilot.press("p")  # reported to superior
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        app.screen.query_one("#ra-to", Input).value = "市防指 李科长"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
        assert Reports(ctx).get(first.id).forwards[0].to == "市防指 李科长"
        assert "书面报告时限" in _text(detail, "#report-detail-deadline")

        await pilot.press("i")  # leader instruction
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        form = app.screen
        form.query_one("#ra-leader", Input).value = "王副市长"
        form.query_one("#ra-assignee", Input).value = "区住建局"
        form.query_one("#ra-text", TextArea).text = "立即抽排"
        form.query_one("#ra-due", Input).value = "nonsense"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "反馈期限" in _text(form, "#report-action-error")
        form.query_one("#ra-due", Input).value = "+30m"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
        assert "王副市长 → 区住建局" in _text(detail, "#report-detail-thread")

        await pilot.press("m")  # merge: the flagged duplicate is offered first
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        assert app.screen.query_one("#ra-into", Select).value == dup.id
        await pilot.press("escape")
        await wait_for(lambda: app.screen is detail, pilot=pilot)

        await pilot.press("t")  # make a hazard ticket
        await wait_for(lambda: Reports(ctx).get(first.id).ticket_id is not None, pilot=pilot)
        assert store.get("ticket", Reports(ctx).get(first.id).ticket_id)["report_ids"] == [first.id]
        await wait_for(lambda: "险情工单:#1" in _text(detail, "#report-detail-thread"), pilot=pilot)

        await pilot.press("x")  # final report closes the chain: the written report still due is named
        await wait_for(lambda: type(app.screen).__name__ == "ChoiceScreen", pilot=pilot)
        await pilot.press("x")  # final report anyway
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        app.screen.query_one("#ra-text", TextArea).text = "积水已退"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
        assert "终报" in _text(detail, "#report-detail-thread")
        await pilot.press("escape")
        await wait_for(lambda: not isinstance(app.screen, ReportDetail), pilot=pilot)
        await wait_for(lambda: [r.report.id for r in pane.rows] == [dup.id], pilot=pilot)


async def test_merge_from_the_chain_view(ctx):
    first = Reports(ctx).add(channel="phone", category="waterlogging", location="人民路下穿通道",
                             text="积水", severity="III")
    dup = Reports(ctx).add(channel="wechat", category="waterlogging", location="人民路下穿通道",
                           text="重复", severity="II")
    app = ReportsApp(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        detail = ReportDetail(ctx, dup.id)
        app.push_screen(detail)
        await wait_for(lambda: "可能与 #1 重复" in str(detail.thread_view.render()), pilot=pilot)
        await pilot.press("m")
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
        head = Reports(ctx).get(first.id)
        assert head.merged_ids == [dup.id] and head.severity == "II"
        await wait_for(lambda: "已并入接报 #1" in str(detail.thread_view.render()), pilot=pilot)


async def test_dashboard_r_records_a_report_and_enter_opens_its_chain(ctx, app_for):
    from dutyroom.screens.dashboard import DashboardScreen

    app = app_for(tick_interval=30)  # the countdown is not under test here; fewer ticks under load
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen)
                       and bool(app.screen.query(ReportPane)), pilot=pilot)
        dashboard = app.screen
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, ReportForm) and app.screen.initial, pilot=pilot)
        form = app.screen
        form.query_one("#rf-location", Input).value = "沙河水库"
        form.query_one("#rf-category", Select).value = "reservoir"
        form.query_one("#rf-severity", Select).value = "I"
        form.query_one("#rf-text", TextArea).text = "坝体渗水"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is dashboard, pilot=pilot)
        pane = dashboard.query_one(ReportPane)
        await wait_for(lambda: [r.id for r in pane.rows] == [1], pilot=pilot)
        assert "09:15" in pane._rows["1"].cells[5].plain  # the deadline (a narrow pane leaves it out)
        await pilot.press("tab", "tab")
        await wait_for(lambda: dashboard.focused_pane() is pane, pilot=pilot)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, ReportDetail) and app.screen.chain, pilot=pilot)
        assert "坝体渗水" in str(app.screen.thread_view.render())
        await pilot.press("escape")
        await wait_for(lambda: app.screen is dashboard, pilot=pilot)


async def test_intake_draft_survives_a_dropped_session_and_reopens(ctx, app_for, store):
    from dutyroom.screens.dashboard import DashboardScreen

    app = app_for(tick_interval=30)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen)
                       and bool(app.screen.query(ReportPane)), pilot=pilot)
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, ReportForm) and app.screen.initial, pilot=pilot)
        form = app.screen
        form.query_one("#rf-location", Input).value = "沙河水库"
        form.query_one("#rf-category", Select).value = "reservoir"
        await wait_for(lambda: len(app.drafts.pending()) == 1, pilot=pilot)
        assert app.unsaved_input()
    (draft,) = app.drafts.pending()  # the session ended without saving: the draft stays
    assert draft.values["location"] == "沙河水库" and draft.values["category"] == "reservoir"
    again = app_for(tick_interval=30)
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(again.screen, DashboardScreen)
                       and bool(again.screen.query(ReportPane)), pilot=pilot)
        again.reopen_draft(draft)
        await wait_for(lambda: isinstance(again.screen, ReportForm) and again.screen.initial, pilot=pilot)
        form = again.screen
        await wait_for(lambda: form.query_one("#rf-location", Input).value == "沙河水库", pilot=pilot)
        assert form.query_one("#rf-category", Select).value == "reservoir"
        form.query_one("#rf-text", TextArea).text = "坝体渗水"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(again.screen, DashboardScreen), pilot=pilot)
        assert again.drafts.pending() == []
        assert Reports(ctx).get(1).location == "沙河水库"


def test_chain_view_strips_controls_from_raw_records(ctx, store):
    import re

    from dutyroom.screens.report_detail import chain_text

    nasty = "人民路\x1b]52;c;AAAA\x07下穿\u202e [@click=app.quit]x[/]"
    store.create("report", {"received_at": ctx.now().isoformat(), "stage": "first", "open": True,
                            "category": "waterlogging", "location": nasty, "text": nasty,
                            "reporter": nasty, "forwards": [{"to": nasty, "via": "phone",
                                                             "at": ctx.now().isoformat()}]})
    text = chain_text(ctx, Reports(ctx).chain(1), []).plain
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert "[@click=app.quit]x[/]" in text and "人民路]52;c;AAAA下穿" in text
