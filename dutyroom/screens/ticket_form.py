"""The ticket forms: a new ticket (``t`` on the dashboard), dispatch, status, numbers, and the
escalation acknowledge / snooze notes.

All are :class:`FormScreen` s: ``ctrl+s`` saves, ``escape`` cancels, a refused
value is explained under its field and nothing is saved; a form cut off by a
dropped link is offered again at the next start (drafts). Each ``submit``
calls the service and returns what it stored.
"""

from __future__ import annotations

from typing import Any

from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.escalation import Escalation
from dutyroom.model.report import Category, Severity
from dutyroom.model.ticket import HazardTicket, TicketStatus, allowed_next
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.validators import Required
from dutyroom.services.context import Context
from dutyroom.services.escalation import EscalationService, escalation_title, rules_for
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.tickets import Tickets
from dutyroom.services.units import Units


def _number(values: dict[str, str], name: str, low: int = 0, high: int | None = None) -> int:
    text = values.get(name, "").strip()
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        raise ValidationError("error.bad_number", field=name, value=text)
    return int(text)


class TicketForm(FormScreen[HazardTicket]):
    """A new hazard ticket: hazard, severity, key point or location, what is happening."""

    FORM_ID = "ticket"
    TITLE_KEY = "ticket.form.title"
    FOCUS_FIELD = "text"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, *,
                 report_ids: list[int] | None = None, **kwargs: Any) -> None:
        self.report_ids = list(report_ids or [])
        super().__init__(ctx, values, **kwargs)

    def draft_params(self) -> dict[str, Any]:
        return {"report_ids": self.report_ids} if self.report_ids else {}

    def build_fields(self) -> list[Field]:
        points = KeyPoints(self.ctx).all()
        return [
            Field("hazard", "field.hazard", "select", Category.OTHER.value,
                  options=[(t(c.label_key), c.value) for c in Category]),
            Field("severity", "field.severity", "select", Severity.UNKNOWN.value,
                  options=[(t(s.label_key), s.value) for s in Severity]),
            Field("keypoint", "field.keypoint", "select", "",
                  options=[(f"#{p.id} {p.name} {p.place}".strip(), str(p.id)) for p in points],
                  allow_blank=True),
            Field("location", "field.location", placeholder_key="ticket.form.location_hint"),
            Field("text", "field.text", validators=[Required("text")],
                  placeholder_key="ticket.form.text_hint"),
        ]

    def submit(self, values: dict[str, str]) -> HazardTicket:
        keypoint = int(values["keypoint"]) if values.get("keypoint", "").isdigit() else None
        ticket = Tickets(self.ctx).add(values["text"], hazard=values["hazard"] or "other",
                                       severity=values["severity"] or "unknown", keypoint_id=keypoint,
                                       location=values["location"], report_ids=self.report_ids)
        self.app.notify(t("ticket.form.saved", id=ticket.id), markup=False)
        return ticket


class _TicketStep(FormScreen[HazardTicket]):
    """A step on one ticket, saved against the version the officer saw."""

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, *, ticket_id: int,
                 version: int | None = None, **kwargs: Any) -> None:
        self.ticket_id = ticket_id
        self.ticket = Tickets(ctx).require(ticket_id)
        self.version = version
        super().__init__(ctx, values, **kwargs)

    def draft_params(self) -> dict[str, Any]:
        return {"ticket_id": self.ticket_id}

    def title_text(self) -> str:
        return t(self.TITLE_KEY, id=self.ticket_id)


class DispatchForm(_TicketStep):
    FORM_ID = "ticket-dispatch"
    TITLE_KEY = "ticket.dialog.dispatch"
    FOCUS_FIELD = "unit"

    def build_fields(self) -> list[Field]:
        units = Units(self.ctx).ensure_defaults()
        zone = {u.id for u in units if u.covers(self.ticket.keypoint_id)}
        ordered = sorted(units, key=lambda u: (u.id not in zone, u.id or 0))
        options = [(("★ " if u.id in zone else "") + f"{u.name}  {u.phone}".strip(), str(u.id))
                   for u in ordered]
        minutes = rules_for(self.ctx, strict=False).ack_minutes
        return [
            Field("unit", "ticket.dialog.unit", "select", str(ordered[0].id) if zone else "",
                  options=options, allow_blank=True),
            Field("ack_minutes", "ticket.dialog.ack_minutes", value=str(minutes),
                  validators=[Required("ack_minutes")]),
            Field("note", "ticket.label.note", placeholder_key="form.optional"),
        ]

    def submit(self, values: dict[str, str]) -> HazardTicket:
        if not values.get("unit"):
            raise ValidationError("error.required", field="unit")
        minutes = _number(values, "ack_minutes", 1, 1440)
        return Tickets(self.ctx).dispatch(self.ticket_id, values["unit"], ack_minutes=minutes,
                                          note=values["note"], expected_version=self.version)


class StatusForm(_TicketStep):
    FORM_ID = "ticket-status"
    TITLE_KEY = "ticket.dialog.status"
    FOCUS_FIELD = "status"

    def build_fields(self) -> list[Field]:
        choices = [s for s in allowed_next(self.ticket.status) if s != TicketStatus.DISPATCHED]
        return [
            Field("current", "ticket.dialog.current", "note", t(self.ticket.status.label_key)),
            Field("status", "field.status", "select", "",
                  options=[(t(s.label_key), s.value) for s in choices], allow_blank=True),
            Field("note", "ticket.label.note", placeholder_key="ticket.dialog.status_note"),
        ]

    def confirm_question(self, values: dict[str, str]) -> str | None:
        """Cancelled and closed are for good (no step leads out of them): ask first."""
        code = values.get("status", "")
        if code not in TicketStatus.codes() or allowed_next(TicketStatus(code)):
            return None
        if code == TicketStatus.CANCELLED.value and not values.get("note", "").strip():
            return None  # refused anyway (a cancellation needs its reason): say that first
        return t("ticket.confirm.final", id=self.ticket_id, status=t(TicketStatus(code).label_key))

    def submit(self, values: dict[str, str]) -> HazardTicket:
        if not values.get("status"):
            raise ValidationError("error.required", field="status")
        return Tickets(self.ctx).set_status(self.ticket_id, values["status"], note=values["note"],
                                            expected_version=self.version)


class NumbersForm(_TicketStep):
    FORM_ID = "ticket-numbers"
    TITLE_KEY = "ticket.dialog.update"
    FOCUS_FIELD = "evacuated"

    def build_fields(self) -> list[Field]:
        tk = self.ticket
        return [
            Field("evacuated", "ticket.label.evacuated", value=str(tk.evacuated)),
            Field("trapped", "ticket.label.trapped", value=str(tk.trapped)),
            Field("rescued", "ticket.label.rescued", value=str(tk.rescued)),
            Field("resources", "field.resources", value=tk.resources),
            Field("note", "ticket.label.note", placeholder_key="form.optional"),
        ]

    def submit(self, values: dict[str, str]) -> HazardTicket:
        numbers = {name: _number(values, name) for name in ("evacuated", "trapped", "rescued")}
        return Tickets(self.ctx).record(self.ticket_id, note=values["note"],
                                        resources=values["resources"], expected_version=self.version,
                                        **numbers)


class _EscalationNote(FormScreen[Escalation]):
    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, *, escalation_id: int,
                 **kwargs: Any) -> None:
        self.escalation_id = escalation_id
        self.service = EscalationService(ctx, rules=rules_for(ctx, strict=False))
        self.escalation = self.service.get(escalation_id)
        super().__init__(ctx, values, **kwargs)

    def draft_params(self) -> dict[str, Any]:
        return {"escalation_id": self.escalation_id}

    def title_text(self) -> str:
        return t(self.TITLE_KEY, id=self.escalation_id, reason=t(self.escalation.reason.label_key))

    def subject(self) -> Field:
        esc = self.escalation
        text = f"L{esc.level} {self.service.rules.level_name(esc.level)} · {escalation_title(esc)}"
        return Field("subject", "column.subject", "note", text)


class AcknowledgeForm(_EscalationNote):
    """Acknowledging needs a note: reminders stop at this level, the clock goes on."""

    FORM_ID = "escalation-ack"
    TITLE_KEY = "escalation.pane.ack_title"
    FOCUS_FIELD = "note"

    def build_fields(self) -> list[Field]:
        return [self.subject(),
                Field("note", "escalation.pane.ack_note", validators=[Required("note", 500)])]

    def submit(self, values: dict[str, str]) -> Escalation:
        return self.service.acknowledge(self.escalation_id, values["note"])


class SnoozeForm(_EscalationNote):
    """A snooze needs a reason and lasts at most ``snooze_max_minutes``."""

    FORM_ID = "escalation-snooze"
    TITLE_KEY = "escalation.pane.snooze_title"
    FOCUS_FIELD = "reason"

    def build_fields(self) -> list[Field]:
        most = self.service.rules.snooze_max_minutes
        return [self.subject(),
                Field("minutes", "escalation.pane.snooze_minutes", value=str(min(30, most)),
                      validators=[Required("minutes")]),
                Field("reason", "escalation.pane.snooze_reason", validators=[Required("reason", 500)])]

    def submit(self, values: dict[str, str]) -> Escalation:
        text = values.get("minutes", "").strip()
        minutes = int(text) if text.isdigit() else -1
        return self.service.snooze(self.escalation_id, minutes, values["reason"])
