"""Layout by urgency on the demo day: escalations, reports and tickets get rows before the
chart and the teams pane; Enter on an escalation opens the escalation."""

from __future__ import annotations

import pytest

from dutyroom.model.escalation import EscalationState
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.escalation_detail import EscalationScreen
from dutyroom.services.demo import fill_demo
from dutyroom.services.escalation import EscalationService
from dutyroom.widgets.escalation_pane import EscalationPane
from dutyroom.widgets.ticket_pane import TicketPane
from tests.conftest import wait_for


@pytest.mark.parametrize("size", [(120, 40), (100, 30)], ids=["120x40", "100x30"])
async def test_urgent_panes_get_rows_first(ctx, app_for, size):
    fill_demo(ctx)
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        screen = app.screen
        escalations = screen.query_one(EscalationPane)
        await wait_for(lambda: escalations.table.row_count > 0, pilot=pilot)
        await pilot.pause()
        chart, teams = screen.pane("chart-pane"), screen.pane("deployment-pane")
        # the demo day needs more rows than the column has: the chart and teams give way
        await wait_for(lambda: not chart.display or chart.region.height == 0, pilot=pilot)
        assert not teams.display or teams.region.height == 0
        for pane_id in ("escalation-pane", "report-pane", "ticket-pane"):
            pane = screen.pane(pane_id)
            shown = pane.region.height - 3
            assert shown >= min(pane.table.row_count, 4 if size[1] == 30 else 6), (pane_id, shown)
        if size == (120, 40):  # every escalation and every ticket fits
            assert escalations.region.height - 3 >= escalations.table.row_count
            tickets = screen.query_one(TicketPane)
            assert tickets.region.height - 3 >= min(tickets.table.row_count, 9)


async def test_enter_opens_the_escalation_and_acknowledged_rows_sink(ctx, app_for):
    fill_demo(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        pane = app.screen.query_one(EscalationPane)
        await wait_for(lambda: pane.table.row_count > 1, pilot=pilot)
        first = pane.records[0]
        EscalationService(ctx).acknowledge(first.id, "已通知指挥部")
        await wait_for(lambda: pane.records[-1].id == first.id, pilot=pilot)
        assert pane.records[-1].state == EscalationState.ACKNOWLEDGED
        row = pane.table.get_row(str(first.id))
        assert all("dim" in str(cell.style) for cell in row)  # in hand: dimmed, italic
        assert "已确认" in row[2].plain  # the status column, third from the left
        app.screen.focus_pane("escalation-pane")
        await wait_for(lambda: app.screen.focused_pane() is pane, pilot=pilot)
        pane.table.move_cursor(row=0)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, EscalationScreen), pilot=pilot)
        assert app.screen.escalation_id == pane.records[0].id != first.id
        summary = str(app.screen.query_one("#escalation-summary").render())
        level = f"L{pane.records[0].level}"  # the demo's escalations are fresh (L1)
        assert level in summary and "原因" in summary and "状态" in summary
