"""The ticket and escalation panes, forms and detail screen, driven with Pilot on a real store."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable, Footer, Input, Select

from dutyroom.model.escalation import EscalationState
from dutyroom.resources import stylesheets
from dutyroom.screens.ticket_detail import DispatchDialog, NoteDialog, StatusDialog, TicketDetail
from dutyroom.screens.ticket_form import TicketForm
from dutyroom.services.escalation import EscalationService
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.tickets import Tickets
from dutyroom.services.units import Units
from dutyroom.widgets.escalation_pane import EscalationPane
from dutyroom.widgets.ticket_pane import TicketPane
from tests.conftest import wait_for


class Harness(App):
    """The two panes as the dashboard shows them; the escalation pane drives the engine."""

    CSS_PATH = [str(p) for p in stylesheets()]

    def __init__(self, ctx, bell: bool | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.bells = 0
        self.bell_setting = bell

    def compose(self):
        yield TicketPane(self.ctx, id="ticket-pane")
        yield EscalationPane(self.ctx, id="escalation-pane", drive_engine=True, bell=self.bell_setting)
        yield Footer()

    def bell(self) -> None:
        self.bells += 1


async def test_ticket_flow_from_form_to_escalation_and_back(ctx, clock):
    point = KeyPoints(ctx).add(type="reservoir", name="沙河水库", district="城东区")
    Units(ctx).ensure_defaults()
    app = Harness(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(TicketPane)
        pane.table.focus()
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, TicketForm), pilot=pilot)
        form = app.screen
        form.query_one("#hazard", Select).value = "reservoir"
        form.query_one("#keypoint", Select).value = point.id
        await pilot.press("ctrl+s")  # the text is missing: refused, nothing saved
        assert isinstance(app.screen, TicketForm) and Tickets(ctx).open() == []
        form.query_one("#text", Input).focus()
        await pilot.press(*"坝脚渗水[/]")
        await pilot.press("ctrl+s")
        await wait_for(lambda: not isinstance(app.screen, TicketForm), pilot=pilot)
        (ticket,) = Tickets(ctx).open()
        assert ticket.text == "坝脚渗水[/]" and ticket.keypoint_id == point.id
        await wait_for(lambda: pane.table.row_count == 1, pilot=pilot)

        # enter opens the ticket; d dispatches it to the water resources bureau
        pane.table.focus()
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, TicketDetail), pilot=pilot)
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, DispatchDialog), pilot=pilot)
        water = Units(ctx).resolve("water_resources")
        app.screen.query_one("#unit", Select).value = water.id
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, TicketDetail), pilot=pilot)
        await wait_for(lambda: Tickets(ctx).get(ticket.id).status.value == "dispatched", pilot=pilot)
        timeline = app.screen.query_one("#ticket-timeline", DataTable)
        await wait_for(lambda: timeline.row_count == 2, pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: not isinstance(app.screen, TicketDetail), pilot=pilot)

        # 16 minutes later the unit has not acknowledged: level 1, no bell yet
        escalations = app.query_one(EscalationPane)
        clock.advance(minutes=16)
        await wait_for(lambda: escalations.table.row_count == 1, pilot=pilot)
        assert app.bells == 0
        # 30 minutes after the breach it reaches the leader on duty: the bell rings, the pane is marked
        clock.advance(minutes=30)
        await wait_for(lambda: app.bells == 1, pilot=pilot)
        assert escalations.has_class("-alert")
        assert "L2" in str(escalations.table.get_row_at(0)[1])

        # a acknowledges with a note
        escalations.table.focus()
        await pilot.press("a")
        await wait_for(lambda: isinstance(app.screen, NoteDialog), pilot=pilot)
        await pilot.press("enter")  # an empty note is refused
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"已督促水务局")
        await pilot.press("enter")
        await wait_for(lambda: not isinstance(app.screen, NoteDialog), pilot=pilot)
        (esc,) = EscalationService(ctx).active()
        assert esc.state == EscalationState.ACKNOWLEDGED and esc.ack_note == "已督促水务局"
        assert not escalations.has_class("-alert")

        # enter on the escalation opens its ticket; s moves it to acknowledged
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, TicketDetail), pilot=pilot)
        await pilot.press("s")
        await wait_for(lambda: isinstance(app.screen, StatusDialog), pilot=pilot)
        app.screen.query_one("#status", Select).value = "acknowledged"
        await pilot.press("ctrl+s")
        await wait_for(lambda: Tickets(ctx).get(ticket.id).status.value == "acknowledged", pilot=pilot)
        await pilot.press("escape")
        clock.advance(minutes=1)
        await wait_for(lambda: escalations.table.row_count == 0, pilot=pilot)
        assert EscalationService(ctx).active() == []


async def test_bell_can_be_switched_off_and_other_sessions_are_followed(ctx, clock):
    tickets = Tickets(ctx)
    ticket = tickets.add("人民路下穿积水 40cm", hazard="waterlogging", location="人民路下穿")
    tickets.dispatch(ticket.id, "transport")
    app = Harness(ctx, bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(EscalationPane)
        tickets_pane = app.query_one(TicketPane)
        await wait_for(lambda: tickets_pane.table.row_count == 1, pilot=pilot)
        clock.advance(minutes=50)
        await wait_for(lambda: pane.table.row_count == 1, pilot=pilot)
        await wait_for(lambda: pane.alerts == 1, pilot=pilot)
        assert app.bells == 0 and pane.has_class("-alert")
        # Another session records progress: the pane follows without a key press.
        tickets.set_status(ticket.id, "acknowledged", note="交通局签收")
        clock.advance(minutes=1)
        await wait_for(lambda: pane.table.row_count == 0, pilot=pilot)
        await wait_for(lambda: "已接收" in str(tickets_pane.table.get_row_at(0)[1]), pilot=pilot)


async def test_escape_cancels_the_form_and_nothing_is_saved(ctx):
    app = Harness(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(TicketPane).table.focus()
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, TicketForm), pilot=pilot)
        await pilot.press(*"x")
        await pilot.press("escape")
        await wait_for(lambda: not isinstance(app.screen, TicketForm), pilot=pilot)
        assert Tickets(ctx).open() == []
