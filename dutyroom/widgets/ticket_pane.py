"""The hazard-tickets pane: tickets still being worked, gravest and most escalated first.

``enter`` opens the ticket (timeline, dispatch, status), ``n`` opens a new one.
Updated in place when the store changes; the cursor stays on the same ticket.
"""

from __future__ import annotations

from typing import Any, Sequence

import arrow
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable

from dutyroom.i18n import t
from dutyroom.model.ticket import HazardTicket, TicketStatus
from dutyroom.screens.ticket_form import translate_bindings
from dutyroom.services.context import Context
from dutyroom.services.escalation import open_levels
from dutyroom.services.tickets import Tickets

COLUMNS = ("id", "status", "hazard", "place", "unit", "level", "since")


def since_text(seconds: float) -> str:
    minutes = int(max(0, seconds) // 60)
    if minutes < 60:
        return t("ticket.pane.minutes", n=minutes)
    return t("ticket.pane.hours", h=minutes // 60, m=minutes % 60)


class TicketPane(Vertical):
    BINDINGS = [Binding("n", "new_ticket", "ticket.key.new")]
    DEFAULT_CLASSES = "pane ticket-pane"

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.ctx = ctx
        self.records: list[HazardTicket] = []
        self._keys: list[str] = []
        self._revision = -1
        self._names: tuple[dict[int, str], dict[int, str]] = ({}, {})
        self._levels: dict[int, int] = {}

    @property
    def title(self) -> str:
        return t("ticket.pane.title")

    def compose(self):
        yield DataTable(id="ticket-table", cursor_type="row", zebra_stripes=True)

    @property
    def table(self) -> DataTable:
        return self.query_one("#ticket-table", DataTable)

    def on_mount(self) -> None:
        for key in COLUMNS:
            self.table.add_column(Text(t(f"ticket.column.{key}")), key=key)
        self.refresh_data(None)
        self.set_interval(1.0, self._second)

    def _second(self) -> None:
        self.tick(self.ctx.now())

    def tick(self, now: arrow.Arrow) -> None:
        if self.ctx.store.revision() != self._revision:
            self.refresh_data(None)
        else:
            self._show(now)

    def refresh_data(self, changes: Sequence[Any] | None = None) -> None:
        self._revision = self.ctx.store.revision()
        points = {int(k["id"]): str(k.get("name", "")) for k in self.ctx.store.all("keypoint")}
        units = {int(u["id"]): str(u.get("name", "")) for u in self.ctx.store.all("unit")}
        self._names = (points, units)
        self._levels = open_levels(self.ctx, "ticket")
        tickets = Tickets(self.ctx).open()
        self.records = sorted(tickets, key=lambda tk: (-self._levels.get(tk.id or 0, 0),
                                                       -tk.severity.rank, tk.id or 0))
        self._show(self.ctx.now())

    def _cells(self, tk: HazardTicket, now: arrow.Arrow) -> tuple[Text, ...]:
        points, units = self._names
        level = self._levels.get(tk.id or 0, 0)
        place = points.get(tk.keypoint_id or 0) or tk.location
        since = (now - (tk.last_update_at or tk.updated_at or now)).total_seconds()
        status_style = "bold" if tk.status in (TicketStatus.OPEN, TicketStatus.DISPATCHED) else ""
        return (Text(str(tk.id)), Text(t(tk.status.label_key), style=status_style),
                Text(t(tk.hazard.label_key), no_wrap=True),
                Text(" ".join(place.split()), no_wrap=True, overflow="ellipsis"),
                Text(units.get(tk.assigned_to or 0, "-"), no_wrap=True, overflow="ellipsis"),
                Text(f"L{level}" if level else "", style="bold red" if level >= 2 else "bold"),
                Text(since_text(since)))

    def _show(self, now: arrow.Arrow) -> None:
        table = self.table
        keys = [str(tk.id) for tk in self.records]
        rows = [self._cells(tk, now) for tk in self.records]
        if keys == self._keys:
            for key, cells in zip(keys, rows):
                for column, value in zip(COLUMNS, cells):
                    table.update_cell(key, column, value)
        else:
            selected = self._keys[table.cursor_row] if 0 <= table.cursor_row < len(self._keys) else None
            table.clear()
            for key, cells in zip(keys, rows):
                table.add_row(*cells, key=key)
            self._keys = keys
            if selected in keys:
                table.move_cursor(row=keys.index(selected), animate=False)
        self.border_title = f"{self.title} ({len(self.records)})"

    def selected_id(self) -> int | None:
        row = self.table.cursor_row
        return int(self._keys[row]) if 0 <= row < len(self._keys) else None

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(s.label_key), s.value) for s in TicketStatus]

    def focus_target(self):
        return self.table

    def open_selected(self) -> None:
        ticket_id = self.selected_id()
        if ticket_id is None:
            return
        from dutyroom.screens.ticket_detail import TicketDetail

        self.app.push_screen(TicketDetail(self.ctx, ticket_id), lambda _: self.refresh_data(None))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_selected()

    def action_new_ticket(self) -> None:
        from dutyroom.screens.ticket_form import TicketForm

        self.app.push_screen(TicketForm(self.ctx), lambda _: self.refresh_data(None))
