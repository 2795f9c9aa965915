"""One hazard ticket: its summary and timeline, and the steps that move it on.

``d`` dispatches to a unit (with the acknowledgement deadline), ``s`` changes
the status (cancel needs a reason, close a verification note by a second
person or the leader on duty), ``u`` records people evacuated / trapped /
rescued, resources and a progress note (forms in :mod:`dutyroom.screens.ticket_form`).
Each step is saved against the version shown, so a change made meanwhile by
another officer is refused with who made it. The screen follows other sessions' commits.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from dutyroom.i18n import t
from dutyroom.model.ticket import HazardTicket, TicketStatus, allowed_next
from dutyroom.actions import bindings, translate_bindings
from dutyroom.screens.ticket_form import DispatchForm, NumbersForm, StatusForm
from dutyroom.services.context import Context
from dutyroom.services.escalation import format_countdown, open_levels
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.tickets import Tickets
from dutyroom.services.units import Units
from dutyroom.widgets.fit_footer import FitFooter


class TicketDetail(ModalScreen[None]):
    BINDINGS = bindings("ticket")
    ACTION_GROUP = "ticket"

    def __init__(self, ctx: Context, ticket_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.ticket_id = ticket_id
        self.ticket: HazardTicket = Tickets(ctx).require(ticket_id)
        self._revision = -1

    def compose(self) -> ComposeResult:
        with Vertical(id="ticket-detail"):
            yield Static("", id="ticket-summary")
            table: DataTable[Any] = DataTable(id="ticket-timeline", cursor_type="row", zebra_stripes=True)
            yield table
        yield FitFooter()

    def on_mount(self) -> None:
        table = self.query_one("#ticket-timeline", DataTable)
        for key in ("at", "author", "event", "status", "note"):
            table.add_column(Text(t(f"ticket.column.{key}")), key=key)
        self.query_one("#ticket-detail").border_title = t("ticket.detail.title", id=self.ticket_id)
        self.reload()
        self.set_interval(1.0, self._follow)
        table.focus()

    def _follow(self) -> None:
        if self.ctx.store.revision() != self._revision:
            self.reload()
        else:
            self._show_summary()

    def reload(self) -> None:
        self._revision = self.ctx.store.revision()
        ticket = Tickets(self.ctx).get(self.ticket_id)
        if ticket is None:
            return
        self.ticket = ticket
        self._show_summary()
        table = self.query_one("#ticket-timeline", DataTable)
        if table.row_count != len(ticket.timeline):
            table.clear()
            for index, event in enumerate(ticket.timeline):
                note = event.note
                if not note and index == 0 and ticket.report_ids:  # opened from a report chain
                    note = t("report.ticket_note", id=ticket.report_ids[0])
                table.add_row(Text(event.at.to(self.ctx.tz).format("MM-DD HH:mm")), Text(event.author),
                              Text(t(event.event.label_key)),
                              Text(t(event.status.label_key)), Text(note))
            table.move_cursor(row=table.row_count - 1, animate=False)

    def _show_summary(self) -> None:
        tk = self.ticket
        point = KeyPoints(self.ctx).get(tk.keypoint_id) if tk.keypoint_id else None
        unit = Units(self.ctx).get(tk.assigned_to) if tk.assigned_to else None
        now = self.ctx.now()
        lines = Text()
        lines.append(f"#{tk.id} {t(tk.hazard.label_key)}  ", style="bold")
        lines.append(f"[{t(tk.status.label_key)}]", style="bold reverse")
        lines.append(f"  {t(tk.severity.label_key)}\n")
        place = tk.location + (f"  ({t('kind.keypoint')} #{point.id} {point.name} {point.phone})" if point else "")
        lines.append(f"{t('field.location')}: {place}\n")
        lines.append(f"{t('field.text')}: {tk.text}\n")
        if unit is not None:
            due = ""
            if tk.status == TicketStatus.DISPATCHED and tk.ack_due_at is not None:
                due = "  " + t("ticket.detail.ack_due", time=format_countdown(tk.ack_due_at, now))
            lines.append(t("ticket.detail.unit", unit=unit.name, phone=unit.phone or "-",
                           contact=unit.contact or "-") + due + "\n")
        if tk.report_ids:
            lines.append(t("ticket.detail.reports", ids=", ".join(f"#{i}" for i in tk.report_ids)) + "\n")
        lines.append(t("ticket.show.people", evacuated=tk.evacuated, trapped=tk.trapped,
                       rescued=tk.rescued) + "  " + t("ticket.show.resources", resources=tk.resources or "-"))
        level = open_levels(self.ctx, "ticket", [tk.id or 0]).get(tk.id or 0)
        if level:
            lines.append("\n" + t("ticket.show.level", level=level), style="bold red")
        if tk.verification_note:
            lines.append("\n" + t("ticket.show.verified", by=tk.verified_by, note=tk.verification_note))
        if tk.cancel_reason:
            lines.append("\n" + t("ticket.show.cancelled", reason=tk.cancel_reason))
        self.query_one("#ticket-summary", Static).update(lines)

    # -- steps
    def _step(self, form_class: type, **kwargs: Any) -> None:
        if not self.ticket.status.is_open:
            self.app.notify(t("error.ticket_finished", status=t(self.ticket.status.label_key)),
                            severity="warning", markup=False)
            return
        self.app.push_screen(form_class(self.ctx, ticket_id=self.ticket_id, version=self.ticket.version,
                                        **kwargs), lambda _result: self.reload())

    def action_dispatch(self) -> None:
        if TicketStatus.DISPATCHED not in allowed_next(self.ticket.status):
            self.app.notify(t("ticket.detail.cannot_dispatch", status=t(self.ticket.status.label_key)),
                            severity="warning", markup=False)
            return
        self._step(DispatchForm)

    def action_status(self) -> None:
        self._step(StatusForm)

    def action_update(self) -> None:
        self._step(NumbersForm)

    def action_close(self) -> None:
        self.dismiss(None)
