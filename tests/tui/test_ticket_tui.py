"""Tickets and escalations in the real dashboard, driven with Pilot on a real store."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from dutyroom.model.escalation import EscalationState
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.escalation_detail import EscalationScreen
from dutyroom.screens.ticket_detail import TicketDetail
from dutyroom.screens.ticket_form import (AcknowledgeForm, DispatchForm, NumbersForm, SnoozeForm,
                                          StatusForm, TicketForm)
from dutyroom.services.escalation import EscalationService
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.tickets import Tickets
from dutyroom.services.units import Units
from dutyroom.widgets.escalation_pane import EscalationPane
from dutyroom.widgets.ticket_pane import TicketPane
from tests.conftest import wait_for


def counting_bell(app) -> list[int]:
    rung: list[int] = []
    app.bell = lambda: rung.append(1)
    return rung


async def test_ticket_flow_from_form_to_escalation_and_back(ctx, clock, app_for):
    point = KeyPoints(ctx).add(type="reservoir", name="沙河水库", district="城东区")
    Units(ctx).ensure_defaults()
    app = app_for()
    rung = counting_bell(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await wait_for(lambda: isinstance(app.screen, TicketForm), pilot=pilot)
        form = app.screen
        form.query_one("#field-hazard", Select).value = "reservoir"
        form.query_one("#field-keypoint", Select).value = str(point.id)
        await pilot.press("ctrl+s")  # the text is missing: refused in place, nothing saved
        await pilot.pause()
        assert isinstance(app.screen, TicketForm) and Tickets(ctx).open() == []
        form.query_one("#field-text", Input).focus()
        await pilot.press(*"坝脚渗水[/]")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        (ticket,) = Tickets(ctx).open()
        assert ticket.text == "坝脚渗水[/]" and ticket.keypoint_id == point.id
        pane = app.screen.query_one(TicketPane)
        await wait_for(lambda: pane._keys == [str(ticket.id)], pilot=pilot)

        # enter opens the ticket; d dispatches it to the water resources bureau
        app.screen.focus_pane("ticket-pane")
        await wait_for(lambda: app.screen.focused_pane() is pane, pilot=pilot)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, TicketDetail), pilot=pilot)
        detail = app.screen
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, DispatchForm), pilot=pilot)
        water = Units(ctx).resolve("water_resources")
        app.screen.query_one("#field-unit", Select).value = str(water.id)
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
        assert Tickets(ctx).get(ticket.id).status.value == "dispatched"
        timeline = detail.query_one("#ticket-timeline", DataTable)
        await wait_for(lambda: timeline.row_count == 2, pilot=pilot)
        # u records the people evacuated
        await pilot.press("u")
        await wait_for(lambda: isinstance(app.screen, NumbersForm), pilot=pilot)
        app.screen.query_one("#field-evacuated", Input).value = "35"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
        assert Tickets(ctx).get(ticket.id).evacuated == 35
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)

        # 16 minutes later the unit has not acknowledged: level 1, no bell yet
        escalations = app.screen.query_one(EscalationPane)
        clock.advance(minutes=16)
        await wait_for(lambda: len(escalations._keys) == 1, pilot=pilot)
        assert rung == []
        # 30 minutes after the breach it reaches the leader on duty: the bell rings, the pane is marked
        clock.advance(minutes=30)
        await wait_for(lambda: rung == [1], pilot=pilot)
        assert escalations.has_class("-alert")
        assert "L2" in str(escalations.table.get_row_at(0)[1])

        # a acknowledges with a note; the mark goes
        app.screen.focus_pane("escalation-pane")
        await wait_for(lambda: app.screen.focused_pane() is escalations, pilot=pilot)
        await pilot.press("a")
        await wait_for(lambda: isinstance(app.screen, AcknowledgeForm), pilot=pilot)
        await pilot.press("ctrl+s")  # an empty note is refused
        await pilot.pause()
        assert isinstance(app.screen, AcknowledgeForm)
        await pilot.press(*"已督促水务局")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        (esc,) = EscalationService(ctx).active()
        assert esc.state == EscalationState.ACKNOWLEDGED and esc.ack_note == "已督促水务局"
        assert not escalations.has_class("-alert")

        # enter on the escalation opens the escalation, o its ticket; s moves it on to acknowledged
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, EscalationScreen), pilot=pilot)
        await pilot.press("o")
        await wait_for(lambda: isinstance(app.screen, TicketDetail), pilot=pilot)
        await pilot.press("s")
        await wait_for(lambda: isinstance(app.screen, StatusForm), pilot=pilot)
        app.screen.query_one("#field-status", Select).value = "acknowledged"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, TicketDetail), pilot=pilot)
        assert Tickets(ctx).get(ticket.id).status.value == "acknowledged"
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, EscalationScreen), pilot=pilot)
        await pilot.press("escape")
        clock.advance(minutes=1)
        await wait_for(lambda: escalations._keys == [], pilot=pilot)
        assert EscalationService(ctx).active() == []


async def test_closing_needs_a_second_person_in_the_form(ctx, app_for):
    tickets = Tickets(ctx)
    ticket = tickets.add("墙体开裂", hazard="dilapidated_house", location="建设路 12 号")
    tickets.dispatch(ticket.id, "civil_affairs")
    for status in ("acknowledged", "on_site", "resolved"):
        ticket = tickets.set_status(ticket.id, status, note="x")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(TicketDetail(ctx, ticket.id))
        await wait_for(lambda: isinstance(app.screen, TicketDetail), pilot=pilot)
        await pilot.press("s")
        await wait_for(lambda: isinstance(app.screen, StatusForm), pilot=pilot)
        form = app.screen
        form.query_one("#field-status", Select).value = "closed"
        form.query_one("#field-note", Input).value = "已复核"
        await pilot.pause()  # let the Changed messages pass (they clear old errors)
        await pilot.press("ctrl+s")  # closed is for good: asked first
        await wait_for(lambda: type(app.screen).__name__ == "ConfirmScreen", pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: "另一人" in str(form.query_one("#error-note").render()), pilot=pilot)
        assert app.screen is form, "the one who resolved it cannot close it"
        assert Tickets(ctx).get(ticket.id).status.value == "resolved"


async def test_bell_can_be_switched_off_and_snooze_needs_a_reason(ctx, clock, db, app_for):
    (db / "config.toml").write_text("[escalation]\nbell = false\n", encoding="utf-8")
    from dutyroom.config import load_settings

    ctx.settings = load_settings(db / "config.toml")
    tickets = Tickets(ctx)
    ticket = tickets.add("人民路下穿积水 40cm", hazard="waterlogging", location="人民路下穿")
    tickets.dispatch(ticket.id, "transport")
    clock.advance(minutes=20)
    app = app_for()
    rung = counting_bell(app)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.screen.query_one(EscalationPane)
        await wait_for(lambda: len(pane._keys) == 1, pilot=pilot)
        clock.advance(minutes=30)
        await wait_for(lambda: pane.alerts == 1, pilot=pilot)
        assert rung == [] and pane.has_class("-alert")
        app.screen.focus_pane("escalation-pane")
        await wait_for(lambda: app.screen.focused_pane() is pane, pilot=pilot)
        await pilot.press("z")
        await wait_for(lambda: isinstance(app.screen, SnoozeForm), pilot=pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeForm)
        await pilot.press(*"等交通局回电")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        (esc,) = EscalationService(ctx).active()
        assert esc.state == EscalationState.SNOOZED and esc.snooze_reason == "等交通局回电"
        # Another session records progress: the pane follows without a key press.
        tickets.set_status(ticket.id, "acknowledged", note="交通局签收")
        await wait_for(lambda: pane._keys == [], pilot=pilot)
