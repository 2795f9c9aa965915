"""Hazard tickets (险情工单) and their lifecycle."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import TransitionError
from dutyroom.model.record import Record
from dutyroom.model.report import Category, Severity


class TicketStatus(Code):
    OPEN = "open"
    DISPATCHED = "dispatched"
    ACKNOWLEDGED = "acknowledged"
    ON_SITE = "on_site"
    UNDER_CONTROL = "under_control"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


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
        raise TransitionError("error.bad_transition", current=current.value, target=target.value)


@dataclasses.dataclass
class TimelineEvent:
    at: arrow.Arrow
    author: str
    status: TicketStatus
    note: str = ""


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
