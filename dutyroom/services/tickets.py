"""Hazard tickets: open, dispatch, progress, verify and close, each step in the duty log.

Every change is one commit holding the new ticket version (checked against
the version the officer saw: a stale change is refused with who changed it)
and its duty-log line, so the log and the ticket never disagree.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.ticket import (HazardTicket, TicketStatus, new_ticket, record_update,
                                   transition)
from dutyroom.model.timeinput import from_iso, iso
from dutyroom.services.context import Context
from dutyroom.services.escalation import rules_for
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.record_text import Message, message, system_entry
from dutyroom.services.units import Units, unit_name_value
from dutyroom.store import Create, Update


def leader_on_duty(ctx: Context, at: arrow.Arrow | None = None) -> str:
    """The leader (带班领导) of the shift covering ``at`` (default now), or ''."""
    moment = (at or ctx.now()).to("UTC")
    for data in ctx.store.all("shift"):
        try:
            start, end = from_iso(data["start"]), from_iso(data["end"])
        except (KeyError, TypeError, ValueError, arrow.parser.ParserError):
            continue
        if start <= moment < end and data.get("leader"):
            return str(data["leader"])
    return ""


class Tickets:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------ reading
    def get(self, ticket_id: int) -> HazardTicket | None:
        data = self.ctx.store.get("ticket", ticket_id)
        return HazardTicket.from_dict(data) if data else None

    def require(self, ticket_id: int) -> HazardTicket:
        ticket = self.get(ticket_id)
        if ticket is None:
            raise ValidationError("error.ticket_missing", field="id", id=ticket_id)
        return ticket

    def open(self) -> list[HazardTicket]:
        """Tickets still being worked (parsed once per version; do not change what you get)."""
        from dutyroom.services.record_cache import records_of

        return list(records_of(self.ctx.store, HazardTicket, self.ctx.store.open_records("ticket")))

    def all(self) -> list[HazardTicket]:
        out = []
        for day in self.ctx.store.days("ticket"):
            out.extend(HazardTicket.from_dict(r) for r in self.ctx.store.day_records("ticket", day))
        return sorted(out, key=lambda tk: tk.id or 0)

    # ------------------------------------------------------------ writing
    def add(self, text: object, *, hazard: str, severity: str = "unknown", keypoint_id: int | None = None,
            location: object = "", report_ids: list[int] | None = None) -> HazardTicket:
        if keypoint_id is not None:
            point = KeyPoints(self.ctx).require(keypoint_id)
            location = location or point.name
        for rid in report_ids or []:
            if self.ctx.store.get("report", rid) is None:
                raise ValidationError("error.link_missing", field="report", kind="report", id=rid)
        ticket = new_ticket(hazard=hazard, text=text, at=self.ctx.now(), author=self.ctx.operator,
                            severity=severity, keypoint_id=keypoint_id, location=location,
                            report_ids=report_ids)
        stored = HazardTicket.from_dict(self.ctx.store.create("ticket", ticket.payload()))
        # The log line names the new id, so it follows the ticket's own commit.
        line = message("ticket.log.created", id=stored.id, hazard=ticket.hazard,
                       place=ticket.location, text=ticket.text)
        self.ctx.store.create("log", self._entry(line, stored.id, stored))
        return stored

    def dispatch(self, ticket_id: int, to: str | int, *, ack_minutes: int | None = None,
                 note: object = "", expected_version: int | None = None) -> HazardTicket:
        """Send the ticket to a unit; it must acknowledge within ``ack_minutes`` (the rule's N)."""
        ticket = self.require(ticket_id)
        unit = Units(self.ctx).resolve(to)
        minutes = ack_minutes if ack_minutes is not None else rules_for(self.ctx, strict=False).ack_minutes
        if minutes < 1:
            raise ValidationError("error.bad_number", field="ack_minutes", value=minutes)
        now = self.ctx.now()
        changed = transition(ticket, TicketStatus.DISPATCHED, at=now, author=self.ctx.operator,
                             note=note, unit_id=unit.id, ack_due_at=now.shift(minutes=minutes))
        line = message("ticket.log.dispatched", id=ticket_id, unit=unit_name_value(unit),
                       phone=unit.phone or "-", due=changed.ack_due_at.to(self.ctx.tz).format("HH:mm") if changed.ack_due_at else "-")
        return self._save(ticket, changed, line, expected_version)

    def set_status(self, ticket_id: int, status: str | TicketStatus, *, note: object = "",
                   expected_version: int | None = None) -> HazardTicket:
        ticket = self.require(ticket_id)
        target = status if isinstance(status, TicketStatus) else TicketStatus.parse(str(status), "status")
        if target == TicketStatus.DISPATCHED:
            raise ValidationError("error.dispatch_needs_unit", field="to")
        leader = leader_on_duty(self.ctx)
        changed = transition(ticket, target, at=self.ctx.now(), author=self.ctx.operator, note=note,
                             author_is_leader=bool(leader) and leader == self.ctx.operator)
        line = message("ticket.log.status", id=ticket_id, old=ticket.status, new=target,
                       note=changed.timeline[-1].note or "-")
        return self._save(ticket, changed, line, expected_version)

    def record(self, ticket_id: int, *, note: object = "", evacuated: object = None,
               trapped: object = None, rescued: object = None, resources: object = None,
               report_ids: list[int] | None = None, expected_version: int | None = None) -> HazardTicket:
        """People evacuated / trapped / rescued, resources deployed, linked reports, a progress note."""
        ticket = self.require(ticket_id)
        for rid in report_ids or []:
            if self.ctx.store.get("report", rid) is None:
                raise ValidationError("error.link_missing", field="report", kind="report", id=rid)
        changed = record_update(ticket, at=self.ctx.now(), author=self.ctx.operator, note=note,
                                evacuated=evacuated, trapped=trapped, rescued=rescued,
                                resources=resources, report_ids=report_ids)
        line = message("ticket.log.update", id=ticket_id, note=changed.timeline[-1].note)
        return self._save(ticket, changed, line, expected_version)

    def update(self, ticket_id: int, *, status: str | None = None, note: object = "",
               expected_version: int | None = None, **numbers: Any) -> HazardTicket:
        """The CLI's ``ticket update``: numbers first (if any), then the status change."""
        ticket = self.require(ticket_id)
        version = expected_version if expected_version is not None else ticket.version
        has_numbers = any(v is not None for v in numbers.values())
        if status is None and not has_numbers and not str(note or "").strip():
            raise ValidationError("error.nothing_to_update", field="status")
        target = TicketStatus.parse(status, "status") if status else None
        if target is not None:
            # Check the transition (and its note) before writing anything.
            leader = leader_on_duty(self.ctx)
            if target == TicketStatus.DISPATCHED:
                raise ValidationError("error.dispatch_needs_unit", field="to")
            transition(ticket, target, at=self.ctx.now(), author=self.ctx.operator, note=note,
                       author_is_leader=bool(leader) and leader == self.ctx.operator)
        if has_numbers:
            ticket = self.record(ticket_id, note="" if target else note, expected_version=version,
                                 **numbers)
            version = ticket.version
        elif target is None:
            return self.record(ticket_id, note=note, expected_version=version)
        if target is not None:
            ticket = self.set_status(ticket_id, target, note=note, expected_version=version)
        return ticket

    def _save(self, before: HazardTicket, after: HazardTicket, line: Message,
              expected_version: int | None) -> HazardTicket:
        version = expected_version if expected_version is not None else before.version
        records = self.ctx.store.commit([
            Update("ticket", before.id or 0, after.payload(), expected_version=version),
            Create("log", self._entry(line, before.id, after))])
        return HazardTicket.from_dict(records[0])

    def _entry(self, msg: Message, ticket_id: int | None, ticket: HazardTicket) -> dict[str, Any]:
        return system_entry(msg, kind=LogKind.ACTION, at=self.ctx.now(), author=self.ctx.operator,
                            ticket_id=ticket_id, keypoint_id=ticket.keypoint_id)


def ticket_json(ticket: HazardTicket, *, keypoint_name: str = "", unit_name: str = "",
                level: int = 0, timeline: bool = True) -> dict[str, Any]:
    """The stable JSON shape of a ticket (a contract with scripts)."""
    data = ticket.to_dict()
    out = {"id": ticket.id, "status": ticket.status.value, "hazard": ticket.hazard.value,
           "severity": ticket.severity.value, "text": ticket.text, "location": ticket.location,
           "keypoint": ticket.keypoint_id, "keypoint_name": keypoint_name,
           "assigned_to": ticket.assigned_to, "assigned_to_name": unit_name,
           "due_at": data["ack_due_at"], "level": level, "report_ids": list(ticket.report_ids),
           "evacuated": ticket.evacuated, "trapped": ticket.trapped, "rescued": ticket.rescued,
           "resources": ticket.resources, "verification_note": ticket.verification_note,
           "verified_by": ticket.verified_by, "cancel_reason": ticket.cancel_reason,
           "last_update_at": data["last_update_at"], "created_at": data["created_at"],
           "created_by": data["created_by"],
           "created_by_account": data.get("created_by_account") or data["created_by"],
           "updated_at": data["updated_at"], "updated_by": data["updated_by"],
           "updated_by_account": data.get("updated_by_account") or data["updated_by"],
           "version": ticket.version}
    if timeline:
        out["timeline"] = [{"at": iso(e.at), "author": e.author, "event": e.event.value,
                            "status": e.status.value, "note": e.note, "unit_id": e.unit_id}
                           for e in ticket.timeline]
    return out
