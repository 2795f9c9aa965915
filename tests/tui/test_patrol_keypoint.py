"""A patrol logged in the app against a key point (quick line ``^K``, the form's picker)
counts as that point's patrol: its patrol-overdue escalation clears."""

from __future__ import annotations

from textual.widgets import Input, Static

from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.log_entry import LogEntryForm
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.escalation import EscalationService
from dutyroom.widgets.quick_entry import QuickEntry
from tests.conftest import wait_for


def add_point(ctx, name: str, interval: int = 60) -> int:
    return ctx.store.create("keypoint", {"type": "embankment", "name": name, "district": "江北区",
                                          "patrol_interval_min": interval})["id"]


def patrol_escalations(ctx, point_id: int) -> list:
    return [e for e in EscalationService(ctx).active()
            if e.reason.value == "patrol_overdue" and e.subject_id == point_id]


async def test_quick_patrol_with_k_clears_the_overdue_escalation(ctx, clock, app_for):
    point = add_point(ctx, "江北大堤 K3+200")
    add_point(ctx, "江南大堤")
    clock.advance(minutes=61)
    EscalationService(ctx).tick()
    assert patrol_escalations(ctx, point), "the overdue point is escalated first"
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("colon")
        quick = app.screen.query_one(QuickEntry)
        await wait_for(lambda: app.focused is quick.input, pilot=pilot)
        await pilot.press(*f"#patrol ^K{point} ok", "enter")
        await wait_for(lambda: any(e.keypoint_id == point and not e.system for e in DutyLog(ctx).all()),
                       pilot=pilot)
        await wait_for(lambda: not patrol_escalations(ctx, point), pilot=pilot)
    (entry,) = [e for e in DutyLog(ctx).all() if e.keypoint_id == point and not e.system]
    assert (entry.kind.value, entry.text) == ("patrol", "ok")


async def test_form_picker_by_name_stores_the_keypoint(ctx, clock, app_for):
    point = add_point(ctx, "江北大堤 K3+200")
    add_point(ctx, "江南大堤")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        form = app.screen
        await pilot.press(*"巡查正常")
        form.query_one("#field-keypoint", Input).focus()
        await pilot.press(*"大堤")
        hint = lambda: str(form.query_one("#error-keypoint", Static).render())  # noqa: E731
        await wait_for(lambda: "2" in hint() and "江南大堤" in hint(), pilot=pilot)
        await pilot.press("ctrl+s")  # two points match: refused in place, nothing logged
        await wait_for(lambda: "江北大堤" in hint() and "✗" in hint(), pilot=pilot)
        assert isinstance(app.screen, LogEntryForm) and DutyLog(ctx).all() == []
        await pilot.press("home", *"江北")
        await wait_for(lambda: f"K{point}" in hint(), pilot=pilot)
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    (entry,) = DutyLog(ctx).all()
    assert (entry.text, entry.keypoint_id) == ("巡查正常", point)


async def test_form_picker_unknown_name_is_refused(ctx, app_for):
    add_point(ctx, "江北大堤")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        form = app.screen
        await pilot.press(*"巡查")
        form.query_one("#field-keypoint", Input).value = "沙河"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: "✗" in str(form.query_one("#error-keypoint", Static).render()), pilot=pilot)
    assert DutyLog(ctx).all() == []
