"""Hazard tickets pane (simple version; the ``tickets`` feature replaces this module)."""

from __future__ import annotations

from typing import ClassVar

import arrow

from dutyroom.i18n import t
from dutyroom.model.ticket import HazardTicket, TicketStatus
from dutyroom.widgets.format import ago
from dutyroom.widgets.pane import Row, TablePane, cell


class TicketPane(TablePane):
    PLACEHOLDER: ClassVar[bool] = True
    """The dashboard's simple version; the feature that owns this pane replaces the module."""
    TITLE_KEY = "pane.tickets"
    KINDS = frozenset({"ticket", "keypoint", "unit"})
    LIVE = True
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("id", "column.id"), ("status", "column.status"), ("updated", "column.since_update"),
        ("unit", "column.assigned"), ("keypoint", "kind.keypoint")]

    def load(self) -> list[HazardTicket]:
        self.keypoints = {int(k["id"]): str(k.get("name", "")) for k in self.ctx.store.all("keypoint")}
        self.units = {int(u["id"]): str(u.get("name", "")) for u in self.ctx.store.all("unit")}
        tickets = []
        for data in self.ctx.store.open_records("ticket"):
            try:
                tickets.append(HazardTicket.from_dict(data))
            except (KeyError, TypeError, ValueError):
                continue
        return sorted(tickets, key=lambda k: (-k.severity.rank, k.id or 0))

    def row(self, ticket: HazardTicket, now: arrow.Arrow) -> Row:
        place = self.keypoints.get(ticket.keypoint_id or 0) or ticket.location
        unit = self.units.get(ticket.assigned_to or 0, "-")
        since = (now - (ticket.updated_at or ticket.created_at or now)).total_seconds()
        return Row(str(ticket.id), (cell(ticket.id), cell(t(ticket.status.label_key)), cell(ago(since)),
                                    cell(unit), cell(place)),
                   search=" ".join([place, unit, ticket.text]), kind=ticket.status.value,
                   at=ticket.created_at)

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(s.label_key), s.value) for s in TicketStatus]

    def open_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            super().open_selected()
            return
        from dutyroom.screens.record_detail import RecordDetailScreen

        self.app.push_screen(RecordDetailScreen(self.ctx, "ticket", record.to_dict()))
