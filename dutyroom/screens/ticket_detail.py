"""One hazard ticket: its summary and timeline, and the steps that move it on.

``d`` dispatches to a unit (with the acknowledgement deadline), ``s`` changes
the status (cancel needs a reason, close a verification note by a second
person or the leader on duty), ``u`` records people evacuated / trapped /
rescued, resources and a progress note. Each step is saved against the
version shown, so a change made meanwhile by another officer is refused with
who made it, and the screen reloads. The screen follows other sessions' commits.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Integer, Length
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.ticket import HazardTicket, TicketStatus, allowed_next
from dutyroom.screens.ticket_form import translate_bindings
from dutyroom.services.context import Context
from dutyroom.services.escalation import format_countdown, open_levels, rules_for
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.tickets import Tickets
from dutyroom.services.units import Units
from dutyroom.store import StaleRecord


class _Dialog(ModalScreen[dict[str, Any] | None]):
    """A small form: ``ctrl+s`` (or Enter in the last input) returns its values, ``escape`` None."""

    BINDINGS = [Binding("escape", "cancel", "ticket.key.cancel"), Binding("ctrl+s", "save", "ticket.key.save")]
    TITLE_KEY = ""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="ticket-dialog"):
            yield Label(self.title_text(), classes="dialog-title")
            yield from self.fields()
            yield Static("", classes="form-error", id="dialog-error")
            yield Label(t("ticket.form.keys"), classes="dialog-keys")

    def title_text(self) -> str:
        return t(self.TITLE_KEY)

    def fields(self) -> ComposeResult:
        yield from ()

    def values(self) -> dict[str, Any] | None:
        """The values, or None after marking what is wrong."""
        return {}

    def action_save(self) -> None:
        values = self.values()
        if values is not None:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if inputs and event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def complain(self, key: str, widget_id: str, **params: Any) -> None:
        self.query_one("#dialog-error", Static).update(Text(t(key, **params)))
        self.query_one(f"#{widget_id}").focus()


class NoteDialog(_Dialog):
    """A required note (acknowledging an escalation, a reason)."""

    def __init__(self, title: str, *, label: str = "", initial: str = "") -> None:
        super().__init__()
        self._title = title
        self._label = label or t("ticket.label.note")
        self._initial = initial

    def title_text(self) -> str:
        return self._title

    def fields(self) -> ComposeResult:
        yield Label(self._label)
        yield Input(self._initial, id="note", validators=[Length(minimum=1)])

    def values(self) -> dict[str, Any] | None:
        note = self.query_one("#note", Input).value.strip()
        if not note:
            self.complain("ticket.dialog.note_required", "note")
            return None
        return {"note": note}


class DispatchDialog(_Dialog):
    TITLE_KEY = "ticket.dialog.dispatch"

    def __init__(self, ctx: Context, ticket: HazardTicket, ack_minutes: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.ticket = ticket
        self.ack_minutes = ack_minutes

    def fields(self) -> ComposeResult:
        units = Units(self.ctx).ensure_defaults()
        zone = {u.id for u in units if u.covers(self.ticket.keypoint_id)}
        ordered = sorted(units, key=lambda u: (u.id not in zone, u.id or 0))
        options = [(("★ " if u.id in zone else "") + f"{u.name}  {u.phone}".strip(), u.id) for u in ordered]
        yield Label(t("ticket.dialog.unit"))
        yield Select(options, id="unit", prompt=t("ticket.dialog.choose_unit"),
                     value=ordered[0].id if zone else Select.NULL)
        yield Label(t("ticket.dialog.ack_minutes"))
        yield Input(str(self.ack_minutes), id="minutes", validators=[Integer(minimum=1, maximum=1440)])
        yield Label(t("ticket.label.note"))
        yield Input("", id="note")

    def values(self) -> dict[str, Any] | None:
        unit = self.query_one("#unit", Select).value
        if not isinstance(unit, int):
            self.complain("ticket.dialog.unit_required", "unit")
            return None
        minutes = self.query_one("#minutes", Input).value.strip()
        if not minutes.isdigit() or not 1 <= int(minutes) <= 1440:
            self.complain("ticket.dialog.bad_minutes", "minutes")
            return None
        return {"unit": unit, "minutes": int(minutes), "note": self.query_one("#note", Input).value}


class StatusDialog(_Dialog):
    TITLE_KEY = "ticket.dialog.status"

    def __init__(self, ticket: HazardTicket) -> None:
        super().__init__()
        self.ticket = ticket

    def fields(self) -> ComposeResult:
        choices = [s for s in allowed_next(self.ticket.status) if s != TicketStatus.DISPATCHED]
        yield Label(t("ticket.dialog.from", status=t(self.ticket.status.label_key)))
        yield Select([(t(s.label_key), s.value) for s in choices], id="status",
                     prompt=t("ticket.dialog.choose_status"))
        yield Label(t("ticket.dialog.status_note"))
        yield Input("", id="note")

    def values(self) -> dict[str, Any] | None:
        status = self.query_one("#status", Select).value
        if not isinstance(status, str):
            self.complain("ticket.dialog.status_required", "status")
            return None
        return {"status": status, "note": self.query_one("#note", Input).value}


class NumbersDialog(_Dialog):
    TITLE_KEY = "ticket.dialog.update"

    def __init__(self, ticket: HazardTicket) -> None:
        super().__init__()
        self.ticket = ticket

    def fields(self) -> ComposeResult:
        for name in ("evacuated", "trapped", "rescued"):
            yield Label(t(f"ticket.label.{name}"))
            yield Input(str(getattr(self.ticket, name)), id=name, validators=[Integer(minimum=0)])
        yield Label(t("field.resources"))
        yield Input(self.ticket.resources, id="resources")
        yield Label(t("ticket.label.note"))
        yield Input("", id="note")

    def values(self) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
        for name in ("evacuated", "trapped", "rescued"):
            value = self.query_one(f"#{name}", Input).value.strip()
            if not value.isdigit():
                self.complain("ticket.dialog.bad_count", name)
                return None
            out[name] = int(value)
        out["resources"] = self.query_one("#resources", Input).value
        out["note"] = self.query_one("#note", Input).value
        return out


class TicketDetail(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "ticket.key.close"),
                Binding("d", "dispatch", "ticket.key.dispatch"),
                Binding("s", "status", "ticket.key.status"),
                Binding("u", "update", "ticket.key.update")]

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
        yield Footer()

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
            for event in ticket.timeline:
                table.add_row(Text(event.at.to(self.ctx.tz).format("MM-DD HH:mm")), Text(event.author),
                              Text(t(event.event.label_key)),
                              Text(t(event.status.label_key)), Text(event.note))
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
    def _run(self, step) -> None:
        try:
            step()
        except StaleRecord as error:
            self.app.notify(explain(error), severity="warning", timeout=8)
        except DomainError as error:
            self.app.notify(explain(error), severity="error", timeout=8)
        self.reload()

    def action_dispatch(self) -> None:
        if TicketStatus.DISPATCHED not in allowed_next(self.ticket.status):
            self.app.notify(t("ticket.detail.cannot_dispatch", status=t(self.ticket.status.label_key)),
                            severity="warning")
            return
        minutes = rules_for(self.ctx, strict=False).ack_minutes
        version = self.ticket.version

        def done(values: dict[str, Any] | None) -> None:
            if values:
                self._run(lambda: Tickets(self.ctx).dispatch(
                    self.ticket_id, values["unit"], ack_minutes=values["minutes"], note=values["note"],
                    expected_version=version))

        self.app.push_screen(DispatchDialog(self.ctx, self.ticket, minutes), done)

    def action_status(self) -> None:
        if not self.ticket.status.is_open:
            self.app.notify(t("error.ticket_finished", status=t(self.ticket.status.label_key)),
                            severity="warning")
            return
        version = self.ticket.version

        def done(values: dict[str, Any] | None) -> None:
            if values:
                self._run(lambda: Tickets(self.ctx).set_status(
                    self.ticket_id, values["status"], note=values["note"], expected_version=version))

        self.app.push_screen(StatusDialog(self.ticket), done)

    def action_update(self) -> None:
        if not self.ticket.status.is_open:
            self.app.notify(t("error.ticket_finished", status=t(self.ticket.status.label_key)),
                            severity="warning")
            return
        version = self.ticket.version

        def done(values: dict[str, Any] | None) -> None:
            if values:
                self._run(lambda: Tickets(self.ctx).record(self.ticket_id, expected_version=version,
                                                           **values))

        self.app.push_screen(NumbersDialog(self.ticket), done)

    def action_close(self) -> None:
        self.dismiss(None)
