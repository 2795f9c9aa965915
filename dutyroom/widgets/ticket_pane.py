"""The hazard-tickets pane: tickets still being worked, most escalated and gravest first.

``enter`` opens the ticket (timeline, dispatch, status, numbers); ``t`` on the
dashboard opens a new one. Updated in place; the cursor stays on its ticket.
"""

from __future__ import annotations

from typing import ClassVar

import arrow
from rich.text import Text

from dutyroom.i18n import t
from dutyroom.messages import OpenRecord
from dutyroom.model.ticket import HazardTicket, TicketStatus
from dutyroom.services.escalation import open_levels
from dutyroom.services.tickets import Tickets
from dutyroom.widgets.format import ago, severity_text
from dutyroom.widgets.pane import Row, TablePane, cell


class TicketPane(TablePane):
    TITLE_KEY = "pane.tickets"
    KINDS = frozenset({"ticket", "keypoint", "unit", "escalation"})
    LIVE = True
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("id", "column.id"), ("status", "column.status"), ("severity", "ticket.column.severity"),
        ("place", "ticket.column.place"), ("unit", "column.assigned"), ("level", "column.level"),
        ("updated", "column.since_update")]
    LIVE_COLUMNS = ("updated",)
    DROP_ORDER = ("unit", "level")
    """Narrow (80 columns): the unit goes first, then the escalation level; the place always
    shows (at most 24 cells of it count when fitting)."""
    SHORTEN = ("severity",)
    FLEX = {"place": 24}

    def load(self) -> list[HazardTicket]:
        self.keypoints = {int(k["id"]): str(k.get("name", "")) for k in self.ctx.store.all("keypoint")}
        self.units = {int(u["id"]): str(u.get("name", "")) for u in self.ctx.store.all("unit")}
        self.levels = open_levels(self.ctx, "ticket")
        tickets = Tickets(self.ctx).open()
        return sorted(tickets, key=lambda tk: (-self.levels.get(tk.id or 0, 0), -tk.severity.rank,
                                               tk.id or 0))

    def row(self, ticket: HazardTicket, now: arrow.Arrow) -> Row:
        place = self.keypoints.get(ticket.keypoint_id or 0) or ticket.location
        unit = self.units.get(ticket.assigned_to or 0, "-")
        level = self.levels.get(ticket.id or 0, 0)
        waiting = ticket.status in (TicketStatus.OPEN, TicketStatus.DISPATCHED)
        return Row(str(ticket.id),
                   (cell(ticket.id), cell(t(ticket.status.label_key), "bold" if waiting else ""),
                    severity_text(ticket.severity), cell(f"{t(ticket.hazard.label_key)} {place}"),
                    cell(unit), Text(f"{'!' * min(level, 3)} L{level}" if level else "",
                                     style="bold red" if level >= 2 else "bold", no_wrap=True),
                    self._since(ticket, now)),
                   search=" ".join([place, unit, ticket.text, t(ticket.hazard.label_key)]),
                   kind=ticket.status.value, at=ticket.created_at)

    def live_cells(self, ticket: HazardTicket, now: arrow.Arrow) -> tuple[Text, ...]:
        return (self._since(ticket, now),)

    @staticmethod
    def _since(ticket: HazardTicket, now: arrow.Arrow) -> Text:
        last = ticket.last_update_at or ticket.updated_at or ticket.created_at or now
        return cell(ago((now - last).total_seconds()))

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(s.label_key), s.value) for s in TicketStatus]

    def open_selected(self) -> None:
        ticket_id = self.selected_id()
        if ticket_id is None:
            super().open_selected()
            return
        self.post_message(OpenRecord("ticket", ticket_id))
