"""Hazard tickets (险情工单) and their lifecycle.

A ticket is worked from ``open`` through dispatch to a unit, acknowledgement,
arrival on site, control and resolution, and is closed only when a second
person (or the leader on duty) has verified that the danger is over. Every
change is an event on the ticket's timeline with its author and time. The
functions here are pure: they take a ticket and return a changed copy, or
raise a ``TransitionError`` / ``ValidationError`` with a catalog key.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.record import Record
from dutyroom.model.report import Category, Severity
from dutyroom.model.text import clean

MAX_TEXT = 2000
MAX_NOTE = 1000


class TicketStatus(Code):
    OPEN = "open"
    DISPATCHED = "dispatched"
    ACKNOWLEDGED = "acknowledged"
    ON_SITE = "on_site"
    UNDER_CONTROL = "under_control"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Still being worked (everything but closed and cancelled)."""
        return self not in (TicketStatus.CLOSED, TicketStatus.CANCELLED)

    @property
    def is_active(self) -> bool:
        """Someone is expected to report progress (the "no update" rule watches these)."""
        return self in ACTIVE_STATUSES


ACTIVE_STATUSES = frozenset({"open", "acknowledged", "on_site", "under_control"})


class TicketEvent(Code):
    """What a timeline line records."""

    CREATED = "created"
    STATUS = "status"
    DISPATCH = "dispatch"
    UPDATE = "update"


_NEXT: dict[TicketStatus, tuple[TicketStatus, ...]] = {
    TicketStatus.OPEN: (TicketStatus.DISPATCHED, TicketStatus.CANCELLED),
    TicketStatus.DISPATCHED: (TicketStatus.ACKNOWLEDGED, TicketStatus.DISPATCHED, TicketStatus.CANCELLED),
    TicketStatus.ACKNOWLEDGED: (TicketStatus.ON_SITE, TicketStatus.DISPATCHED, TicketStatus.CANCELLED),
    TicketStatus.ON_SITE: (TicketStatus.UNDER_CONTROL, TicketStatus.RESOLVED, TicketStatus.CANCELLED),
    TicketStatus.UNDER_CONTROL: (TicketStatus.RESOLVED, TicketStatus.ON_SITE, TicketStatus.CANCELLED),
    TicketStatus.RESOLVED: (TicketStatus.CLOSED, TicketStatus.ON_SITE),
    TicketStatus.CLOSED: (),
    TicketStatus.CANCELLED: (),
}


def allowed_next(status: TicketStatus) -> tuple[TicketStatus, ...]:
    return _NEXT[status]


def check_transition(current: TicketStatus, target: TicketStatus) -> None:
    if target not in _NEXT[current]:
        raise TransitionError("error.ticket_transition", current=current, target=target,
                              allowed=list(_NEXT[current]) or "-")


@dataclasses.dataclass
class TimelineEvent:
    at: arrow.Arrow
    author: str
    status: TicketStatus
    note: str = ""
    event: TicketEvent = TicketEvent.STATUS
    unit_id: int | None = None


@dataclasses.dataclass(kw_only=True)
class HazardTicket(Record):
    KIND: ClassVar[str] = "ticket"

    hazard: Category
    text: str
    severity: Severity = Severity.UNKNOWN
    status: TicketStatus = TicketStatus.OPEN
    keypoint_id: int | None = None
    location: str = ""
    assigned_to: int | None = None
    ack_due_at: arrow.Arrow | None = None
    report_ids: list[int] = dataclasses.field(default_factory=list)
    evacuated: int = 0
    trapped: int = 0
    rescued: int = 0
    resources: str = ""
    verification_note: str = ""
    verified_by: str = ""
    cancel_reason: str = ""
    timeline: list[TimelineEvent] = dataclasses.field(default_factory=list)
    last_update_at: arrow.Arrow | None = None
    """When someone last reported progress (a status change, a dispatch, numbers or a note)."""
    open: bool = True
    """Mirrored in the store's open index while the ticket is being worked."""

    def resolved_by(self) -> str:
        """Who marked the ticket resolved most recently ('' if nobody)."""
        for event in reversed(self.timeline):
            if event.event == TicketEvent.STATUS and event.status == TicketStatus.RESOLVED:
                return event.author
        return ""


def _count(value: object, field: str) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise ValidationError("error.bad_number", field=field, value=value) from None
    if number < 0:
        raise ValidationError("error.bad_number", field=field, value=value)
    return number


def _check_id(value: int | None, field: str) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ValidationError("error.bad_id", field=field, value=value)


def new_ticket(*, hazard: str | Category, text: object, at: arrow.Arrow, author: str,
               severity: str | Severity = Severity.UNKNOWN, keypoint_id: int | None = None,
               location: object = "", report_ids: list[int] | None = None) -> HazardTicket:
    """A validated ticket in status ``open`` with its first timeline line.

    A ticket needs a place: a key point or a location text (or both).
    """
    hazard_code = hazard if isinstance(hazard, Category) else Category.parse(str(hazard), "hazard")
    severity_code = severity if isinstance(severity, Severity) else Severity.parse(str(severity), "severity")
    body = clean(text, "text", required=True, max_len=MAX_TEXT)
    place = clean(location, "location", max_len=200, single_line=True)
    who = clean(author, "author", required=True, max_len=80, single_line=True)
    _check_id(keypoint_id, "keypoint")
    for rid in report_ids or []:
        _check_id(rid, "report")
    if keypoint_id is None and not place:
        raise ValidationError("error.ticket_needs_place", field="location")
    moment = at.to("UTC")
    return HazardTicket(hazard=hazard_code, text=body, severity=severity_code, keypoint_id=keypoint_id,
                        location=place, report_ids=list(report_ids or []), last_update_at=moment,
                        timeline=[TimelineEvent(at=moment, author=who, status=TicketStatus.OPEN,
                                                note="", event=TicketEvent.CREATED)])


def transition(ticket: HazardTicket, target: str | TicketStatus, *, at: arrow.Arrow, author: str,
               note: object = "", unit_id: int | None = None, ack_due_at: arrow.Arrow | None = None,
               author_is_leader: bool = False) -> HazardTicket:
    """The ticket after moving to ``target``; the input is left unchanged.

    - ``dispatched`` needs ``unit_id`` (and takes the acknowledgement deadline);
    - ``cancelled`` needs a reason in ``note``;
    - ``closed`` needs a verification note by someone other than who resolved
      it, unless that someone is the leader on duty (``author_is_leader``).
    """
    status = target if isinstance(target, TicketStatus) else TicketStatus.parse(str(target), "status")
    check_transition(ticket.status, status)
    text = clean(note, "note", max_len=MAX_NOTE)
    who = clean(author, "author", required=True, max_len=80, single_line=True)
    moment = at.to("UTC")
    changed = copy.deepcopy(ticket)
    event = TicketEvent.STATUS
    if status == TicketStatus.DISPATCHED:
        if unit_id is None:
            raise ValidationError("error.dispatch_needs_unit", field="to")
        _check_id(unit_id, "to")
        changed.assigned_to = unit_id
        changed.ack_due_at = ack_due_at.to("UTC") if ack_due_at else None
        event = TicketEvent.DISPATCH
    elif status == TicketStatus.CANCELLED:
        if not text:
            raise ValidationError("error.cancel_needs_reason", field="note")
        changed.cancel_reason = text
    elif status == TicketStatus.CLOSED:
        if not text:
            raise ValidationError("error.close_needs_verification", field="note")
        resolver = ticket.resolved_by()
        if resolver and resolver == who and not author_is_leader:
            raise ValidationError("error.close_needs_second_person", field="note", resolver=resolver)
        changed.verification_note = text
        changed.verified_by = who
    if status != TicketStatus.DISPATCHED and ticket.status == TicketStatus.DISPATCHED \
            and status != TicketStatus.CANCELLED:
        changed.ack_due_at = None
    if status == TicketStatus.ACKNOWLEDGED:
        changed.ack_due_at = None
    changed.status = status
    changed.open = status.is_open
    changed.last_update_at = moment
    changed.timeline.append(TimelineEvent(at=moment, author=who, status=status, note=text,
                                          event=event, unit_id=unit_id if event == TicketEvent.DISPATCH else None))
    return changed


def record_update(ticket: HazardTicket, *, at: arrow.Arrow, author: str, note: object = "",
                  evacuated: object = None, trapped: object = None, rescued: object = None,
                  resources: object = None, report_ids: list[int] | None = None) -> HazardTicket:
    """Numbers, resources or a progress note without a status change (a timeline line)."""
    if not ticket.status.is_open:
        raise TransitionError("error.ticket_finished", status=ticket.status)
    changed = copy.deepcopy(ticket)
    parts: list[str] = []
    for field, value in (("evacuated", evacuated), ("trapped", trapped), ("rescued", rescued)):
        if value is not None:
            number = _count(value, field)
            if number != getattr(changed, field):
                setattr(changed, field, number)
                parts.append(f"{field}={number}")  # codes: the reader translates
    if resources is not None:
        text = clean(resources, "resources", max_len=MAX_NOTE)
        if text != changed.resources:
            changed.resources = text
            parts.append(f"resources={text}")
    for rid in report_ids or []:
        _check_id(rid, "report")
        if rid not in changed.report_ids:
            changed.report_ids.append(rid)
            parts.append(f"report=#{rid}")
    body = clean(note, "note", max_len=MAX_NOTE)
    if not parts and not body:
        raise ValidationError("error.nothing_to_update", field="note")
    moment = at.to("UTC")
    who = clean(author, "author", required=True, max_len=80, single_line=True)
    line = "; ".join(([body] if body else []) + parts)
    changed.last_update_at = moment
    changed.timeline.append(TimelineEvent(at=moment, author=who, status=changed.status, note=line,
                                          event=TicketEvent.UPDATE))
    return changed
