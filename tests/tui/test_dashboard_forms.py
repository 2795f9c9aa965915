"""Every form with valid and invalid input: invalid is marked in place and never saved."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.filter import FilterForm
from dutyroom.screens.forms.log_entry import AmendForm, LogEntryForm
from dutyroom.screens.forms.status import StatusForm
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.status import StatusService
from dutyroom.widgets.header import DutyHeader
from dutyroom.widgets.log_pane import LogPane
from tests.conftest import wait_for
from tests.tui.conftest import log_keys


def error_text(screen, name: str) -> str:
    return str(screen.query_one(f"#error-{name}", Static).render())


async def fill(pilot, form, name: str, value: str) -> None:
    """Set a field as typing would, and let its Changed message through before going on."""
    form.query_one(f"#field-{name}", Input).value = value
    await pilot.pause()


def journal_size(ctx) -> int:
    return ctx.store.revision()


async def open_form(app, pilot, key, form_type):
    await pilot.press(key)
    await wait_for(lambda: isinstance(app.screen, form_type), pilot=pilot)
    return app.screen


async def test_log_entry_form_valid(seeded, app_for):
    ctx = seeded
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        form = await open_form(app, pilot, "n", LogEntryForm)
        form.query_one("#field-kind", Select).value = "reading"
        await fill(pilot, form, "at", "08:55")
        await pilot.press(*"沙河水库 水位 21.3m")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await wait_for(lambda: log_keys(app)[0] == "6", pilot=pilot)
    entry = DutyLog(ctx).get(6)
    assert entry.text == "沙河水库 水位 21.3m" and entry.kind.value == "reading"
    assert ctx.local(entry.at).format("HH:mm") == "08:55"


async def test_log_entry_form_invalid_is_marked_and_not_saved(seeded, app_for):
    ctx = seeded
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, "n", LogEntryForm)
        before = journal_size(ctx)
        await pilot.press("ctrl+s")  # empty text
        await wait_for(lambda: "✗" in error_text(form, "text"), pilot=pilot)
        await fill(pilot, form, "at", "25:99")
        await fill(pilot, form, "text", "x")
        await pilot.press("ctrl+s")
        await wait_for(lambda: "25:99" in error_text(form, "at"), pilot=pilot)
        assert error_text(form, "text") == ""
        await fill(pilot, form, "at", "now")
        await fill(pilot, form, "report_id", "99")
        await pilot.press("ctrl+s")
        await wait_for(lambda: "99" in error_text(form, "report_id"), pilot=pilot)
        await fill(pilot, form, "report_id", "abc")
        await pilot.press("ctrl+s")
        await wait_for(lambda: "abc" in error_text(form, "report_id"), pilot=pilot)
        assert isinstance(app.screen, LogEntryForm)
        assert journal_size(ctx) == before
        await pilot.press("escape")  # input in the form: Esc asks; "d" discards it
        await wait_for(lambda: type(app.screen).__name__ == "ChoiceScreen", pilot=pilot)
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    assert journal_size(ctx) == before


async def test_amend_form_valid_and_invalid(seeded, app_for):
    ctx = seeded
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: log_keys(app)[:1] == ["5"], pilot=pilot)
        await pilot.press("down")  # entry 4
        form = await open_form(app, pilot, "e", AmendForm)
        assert form.entry_id == 4
        await pilot.press("ctrl+s")
        await wait_for(lambda: "✗" in error_text(form, "text"), pilot=pilot)
        await fill(pilot, form, "at", "yesterday-ish")
        await fill(pilot, form, "text", "更正:第4次巡查发现渗水")
        await pilot.press("ctrl+s")
        await wait_for(lambda: "yesterday-ish" in error_text(form, "at"), pilot=pilot)
        await fill(pilot, form, "at", "08:40")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: "6" in pane._keys, pilot=pilot)
        row = pane._rows["4"]
        assert "更正:第4次巡查发现渗水" in row.cells[4].plain and "#6" in row.cells[4].plain
    fix = DutyLog(ctx).get(6)
    assert fix.amends == 4 and DutyLog(ctx).get(4).text == "沙河水库 巡查 第4次"


async def test_amend_without_selection_says_so(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_filter_form_valid_and_invalid(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        form = await open_form(app, pilot, "slash", FilterForm)
        await fill(pilot, form, "since", "08:35")
        await fill(pilot, form, "until", "08:15")
        await pilot.press("ctrl+s")
        await wait_for(lambda: "✗" in error_text(form, "until"), pilot=pilot)
        await fill(pilot, form, "since", "bad time")
        await pilot.press("ctrl+s")
        await wait_for(lambda: "bad time" in error_text(form, "since"), pilot=pilot)
        await fill(pilot, form, "since", "")
        await fill(pilot, form, "until", "")
        await fill(pilot, form, "text", "第3次")
        await pilot.press("ctrl+s")
        await wait_for(lambda: log_keys(app) == ["3"], pilot=pilot)
        pane = app.screen.query_one(LogPane)
        assert "第3次" in str(pane.border_subtitle)
        form = await open_form(app, pilot, "slash", FilterForm)
        await fill(pilot, form, "text", "")
        form.query_one("#field-kind", Select).value = "patrol"
        await fill(pilot, form, "since", "08:15")
        await fill(pilot, form, "until", "08:35")
        await pilot.press("ctrl+s")
        await wait_for(lambda: log_keys(app) == ["3", "2"], pilot=pilot)
        await pilot.press("escape")  # escape on the dashboard clears the pane's filter
        await wait_for(lambda: len(log_keys(app)) == 5 and not pane.border_subtitle, pilot=pilot)
        form = await open_form(app, pilot, "slash", FilterForm)
        form.query_one("#field-kind", Select).value = "patrol"
        form.query_one("#field-text", Input).value = "第"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: len(log_keys(app)) == 5 and bool(pane.border_subtitle), pilot=pilot)
        form = await open_form(app, pilot, "slash", FilterForm)
        await fill(pilot, form, "text", "")
        for name in ("since", "until"):
            await fill(pilot, form, name, "")
        form.query_one("#field-kind", Select).clear()
        await pilot.press("ctrl+s")
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)


async def test_status_form_sets_level_and_warnings(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, "s", StatusForm)
        form.query_one("#field-response", Select).value = "III"
        form.query_one("#field-warning_rainstorm", Select).value = "orange"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        header = app.screen.query_one(DutyHeader)
        await wait_for(lambda: "Ⅲ级" in str(header.render()) and "暴雨橙色预警" in str(header.render()),
                       pilot=pilot)
    status = StatusService(ctx).current()
    assert status.response.value == "III" and [w.code for w in status.warnings] == ["rainstorm:orange"]
    texts = [r["text"] for day in ctx.store.days("log") for r in ctx.store.day_records("log", day)]
    assert any("Ⅲ级" in text for text in texts)


async def test_status_form_without_change_writes_nothing(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(app, pilot, "s", StatusForm)
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    assert ctx.store.revision() == 0


async def test_quick_entry_logs_at_once_and_never_loses_a_line(seeded, app_for):
    ctx = seeded
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        await pilot.press("colon", *"#patrol 江北大堤 K3+200 渗水 ^R7 @08:50", "enter")
        quick = app.screen.query_one("#quick-input", Input)
        message = app.screen.query_one("#quick-message", Static)
        await wait_for(lambda: "✗" in str(message.render()), pilot=pilot)
        assert quick.value == "#patrol 江北大堤 K3+200 渗水 ^R7 @08:50"  # kept, with the reason
        assert len(DutyLog(ctx).all()) == 5
        quick.value = "#patrol 江北大堤 K3+200 渗水 @08:50"
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(lambda: quick.value == "" and log_keys(app)[:1] == ["6"], pilot=pilot)
        assert app.focused is quick  # ready for the next call
        await pilot.press(*"第二条", "enter")
        await wait_for(lambda: log_keys(app)[:1] == ["7"], pilot=pilot)
    first, second = DutyLog(ctx).get(6), DutyLog(ctx).get(7)
    assert first.kind.value == "patrol" and first.text == "江北大堤 K3+200 渗水"
    assert ctx.local(first.at).format("HH:mm") == "08:50"
    assert second.text == "第二条" and second.at == ctx.now()
