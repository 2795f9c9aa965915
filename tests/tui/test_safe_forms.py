"""Safe forms (issue #14): drafts restore whatever they hold, Esc asks, type-ahead follows Tab,
Enter on a select opens it. The real app on a real store, driven by keys."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Select, TextArea

from dutyroom.locations import drafts_dir
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.log_entry import LogEntryForm
from dutyroom.screens.report_form import ReportForm
from dutyroom.services.drafts import Draft, Drafts
from dutyroom.services.duty_log import DutyLog
from tests.conftest import wait_for
from tests.tui.conftest import notices


def asking(app, kind: str = "ChoiceScreen") -> bool:
    return type(app.screen).__name__ == kind


def draft_files(ctx) -> list:
    folder = drafts_dir(ctx.store.root, ctx.operator)
    return sorted(folder.glob("*.json")) if folder.exists() else []


def keep_draft(ctx, key: str, form: str, values: dict) -> None:
    """A draft as a session cut off by SIGHUP leaves it (what the form had, as it was)."""
    Drafts(ctx.store.root, ctx.operator).save(Draft(key=key, form=form, values=values,
                                                    saved_at="2026-07-29T00:50:00+00:00", title="草稿"))


def burst(app, *keys: str) -> None:
    """Keys read in one go (a paste, an SSH packet): all queued before any is handled."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


REPORT_DRAFT = {"channel": "phone", "received_at": "08:45", "severity": "unknown",
                "location": "人民路下穿通道", "category": "", "text": "积水", "read_back": False,
                "reporter": "王建国", "reporter_unit": "", "phone": "", "event_at": None,
                "keypoint_id": None, "measures": "", "already_told": "", "dead": "", "missing": "",
                "injured": "", "trapped": ""}


async def test_report_draft_without_category_reopens(ctx, app_for):
    """A new-report form cut off before a category was chosen: it crashed the app on every start."""
    keep_draft(ctx, "report-form", "dutyroom.screens.report_form:ReportForm", REPORT_DRAFT)
    app = app_for(offer_drafts=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, ReportForm) and app.screen.initial is not None,
                       pilot=pilot)
        form = app.screen
        assert form.query_one("#rf-location", Input).value == "人民路下穿通道"
        assert form.query_one("#rf-reporter", Input).value == "王建国"
        assert form.query_one("#rf-text", TextArea).text == "积水"
        assert form.query_one("#rf-category", Select).value is Select.NULL
        assert form.query_one("#rf-event", Input).value == ""


async def test_report_draft_with_stale_choices_drops_them_with_a_note(ctx, app_for):
    values = dict(REPORT_DRAFT, category="landslide_old", severity="V", keypoint_id=404, dead=None,
                  read_back="yes", phone=13800138000)
    keep_draft(ctx, "report-form", "dutyroom.screens.report_form:ReportForm", values)
    app = app_for(offer_drafts=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, ReportForm), pilot=pilot)
        form = app.screen
        await wait_for(lambda: form.initial is not None, pilot=pilot)
        assert form.query_one("#rf-category", Select).value is Select.NULL
        assert form.query_one("#rf-severity", Select).value == "unknown"
        assert form.query_one("#rf-keypoint", Select).value is Select.NULL
        assert form.query_one("#rf-phone", Input).value == "13800138000"
        said = " ".join(notices(app))
        assert "“类别”" in said and "“等级”" in said and "“重点部位”" in said


async def test_log_draft_with_unknown_kind_left_blank_with_a_note(ctx, app_for):
    keep_draft(ctx, "log-entry", "dutyroom.screens.forms.log_entry:LogEntryForm",
               {"kind": "weather_old", "at": "now", "text": "雨量站 45mm", "report_id": 12})
    app = app_for(offer_drafts=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        form = app.screen
        assert form.query_one("#field-text", Input).value == "雨量站 45mm"
        assert form.query_one("#field-report_id", Input).value == "12"
        assert form.query_one("#field-kind", Select).value == "other"  # no blank: the form's default
        assert any("“类别”" in n for n in notices(app))


async def test_esc_on_untouched_form_just_closes(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    assert draft_files(ctx) == []


async def test_esc_with_input_asks_keep_discard_or_edit(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        await pilot.press(*"K3+200 seepage")
        await wait_for(lambda: len(draft_files(ctx)) == 1, pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("e")  # keep editing: back in the form, nothing lost
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        assert app.screen.query_one("#field-text", Input).value == "K3+200 seepage"
        await pilot.press("escape")
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("s")  # keep as draft: the form closes, the draft stays
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        assert len(draft_files(ctx)) == 1
        await pilot.press("n")  # the same form again carries on with it
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        assert app.screen.query_one("#field-text", Input).value == "K3+200 seepage"
        await pilot.press("escape")
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("d")  # discard: gone, form and draft
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        assert draft_files(ctx) == []
    assert DutyLog(ctx).get(1) is None


async def test_esc_on_report_form_with_input_asks(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, ReportForm) and app.screen.initial is not None,
                       pilot=pilot)
        await pilot.press(*"Renmin Rd")
        await pilot.press("escape")
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("escape")  # Esc on the question keeps editing
        await wait_for(lambda: isinstance(app.screen, ReportForm), pilot=pilot)
        assert app.screen.query_one("#rf-location", Input).value == "Renmin Rd"
        assert len(draft_files(ctx)) == 1


async def test_startup_discard_of_a_draft_asks_again(ctx, app_for):
    keep_draft(ctx, "log-entry", "dutyroom.screens.forms.log_entry:LogEntryForm",
               {"kind": "patrol", "at": "now", "text": "半句"})
    app = app_for(offer_drafts=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: asking(app, "ConfirmScreen"), pilot=pilot)
        await pilot.press("n")  # not after all: kept
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        assert len(draft_files(ctx)) == 1
    app = app_for(offer_drafts=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: asking(app, "ConfirmScreen"), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: draft_files(ctx) == [], pilot=pilot)


async def test_keys_typed_with_tab_in_one_burst_land_in_the_next_field(ctx, app_for):
    """reporter became "王建国人民路社区13800138000": the keys after Tab went to the field it left."""
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, ReportForm) and app.screen.initial is not None,
                       pilot=pilot)
        form = app.screen
        form.query_one("#rf-reporter", Input).focus()
        await pilot.pause()
        burst(app, *"Wang", "tab", *"Renmin", "tab", *"138")
        await wait_for(lambda: form.query_one("#rf-phone", Input).value == "138", pilot=pilot)
        assert form.query_one("#rf-reporter", Input).value == "Wang"
        assert form.query_one("#rf-unit", Input).value == "Renmin"
        burst(app, "shift+tab", *"ab")  # back: (Textual selects a field's text on focus)
        await wait_for(lambda: form.query_one("#rf-unit", Input).value.endswith("ab"), pilot=pilot)
        assert form.query_one("#rf-phone", Input).value == "138"


async def test_enter_on_a_select_opens_it_even_in_a_burst(ctx, app_for):
    """Shift+Tab to the kind field and Enter in one burst submitted the form ("text is required")."""
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        form = app.screen
        burst(app, "shift+tab", "shift+tab", "enter")
        kind = form.query_one("#field-kind", Select)
        await wait_for(lambda: kind.expanded, pilot=pilot)
        assert str(form.query_one("#error-text").render()) == ""
        await pilot.press("down", "enter")  # picks the next kind, form still open
        await wait_for(lambda: not kind.expanded, pilot=pilot)
        assert app.screen is form and kind.value != "other"
        form.query_one("#field-text", Input).value = "巡查 江北大堤"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    assert DutyLog(ctx).get(1).text == "巡查 江北大堤"


async def test_esc_on_a_report_action_form_asks_once_something_is_typed(ctx, app_for):
    from dutyroom.screens.report_actions import ActionForm
    from dutyroom.screens.report_detail import ReportDetail
    from dutyroom.services.reports import Reports

    report = Reports(ctx).add(channel="phone", category="reservoir", location="沙河水库",
                              text="坝体渗水", severity="III")
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReportDetail(ctx, report.id))
        await wait_for(lambda: isinstance(app.screen, ReportDetail), pilot=pilot)
        await pilot.press("f")  # follow-up
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        await pilot.press("escape")  # untouched: closes at once
        await wait_for(lambda: isinstance(app.screen, ReportDetail), pilot=pilot)
        await pilot.press("f")
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        form = app.screen
        await pilot.press(*"water down 20cm")
        await pilot.press("escape")
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("escape")  # keep editing
        await wait_for(lambda: app.screen is form, pilot=pilot)
        assert form.query_one("#ra-text", TextArea).text == "water down 20cm"
        await pilot.press("escape", "d")
        await wait_for(lambda: isinstance(app.screen, ReportDetail), pilot=pilot)
    assert Reports(ctx).chain(report.id).head.thread_ids == []
