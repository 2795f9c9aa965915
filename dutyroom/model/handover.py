"""The end-of-shift handover (交接班): carried items, two signatures, a seal.

The content is stored as codes and data (never translated text), so a sealed
handover prints the same in either language at any later time. The seal is a
SHA-256 over the canonical JSON of everything but the seal itself and the
store's bookkeeping; once set, the handover never changes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any, ClassVar

import arrow
import orjson

from dutyroom.model.codes import Code
from dutyroom.model.record import META_FIELDS, Record


class HandoverState(Code):
    DRAFT = "draft"
    SIGNED_INCOMING = "signed_incoming"
    SEALED = "sealed"


class HandoverRole(Code):
    """Which side of the handover signs."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"
    LEADER = "leader"
    """The leader on duty's countersignature (before the outgoing signature seals)."""


@dataclasses.dataclass
class CarriedItem:
    """One open item passed to the next shift.

    ``kind`` is the store kind (report, ticket, escalation, instruction, patrol
    for an overdue key-point patrol, or any other kind with an ``open`` flag);
    ``summary`` is the record's own text; ``status`` and ``severity`` are codes.
    """

    kind: str
    id: int
    summary: str
    acknowledged: bool = False
    severity: str = ""
    status: str = ""
    opened_at: arrow.Arrow | None = None
    deadline: arrow.Arrow | None = None
    deadline_what: str = ""
    overdue: bool = False
    detail: str = ""
    acknowledged_by: str = ""
    acknowledged_at: arrow.Arrow | None = None
    message: dict[str, Any] | None = None
    """The summary as a message (key and parameters) rendered in each reader's language, where
    it is more than the record's own words; ``summary`` is then how it read to its writer."""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclasses.dataclass
class NotableEvent:
    at: arrow.Arrow
    kind: str
    id: int
    text: str
    severity: str = ""
    message: dict[str, Any] | None = None
    """As for :class:`CarriedItem`: ``text`` rendered in each reader's language."""


@dataclasses.dataclass
class Override:
    """The leader on duty let a handover go ahead while a grave item was in its first hour."""

    by: str
    reason: str
    at: arrow.Arrow
    recorded_by: str = ""
    items: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class SignedFor:
    """The leader on duty let ``name`` sign as ``role`` although the roster does not say so,
    or signed for them (away from the console); ``by`` is the leader, with the reason."""

    role: str
    name: str
    by: str
    reason: str
    at: arrow.Arrow


@dataclasses.dataclass
class ShiftStatistics:
    log_by_kind: dict[str, int] = dataclasses.field(default_factory=dict)
    reports_by_category: dict[str, int] = dataclasses.field(default_factory=dict)
    reports_by_severity: dict[str, int] = dataclasses.field(default_factory=dict)
    reports_total: int = 0
    tickets_opened: int = 0
    tickets_closed: int = 0
    log_total: int = 0


@dataclasses.dataclass(kw_only=True)
class Handover(Record):
    KIND: ClassVar[str] = "handover"

    shift_id: int | None = None
    next_shift_id: int | None = None
    period_start: arrow.Arrow | None = None
    period_end: arrow.Arrow | None = None
    leader: str = ""
    incoming_leader: str = ""
    outgoing: str = ""
    incoming: str = ""
    items: list[CarriedItem] = dataclasses.field(default_factory=list)
    response: str = "none"
    warnings: list[str] = dataclasses.field(default_factory=list)
    standing_orders: list[str] = dataclasses.field(default_factory=list)
    stations: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    """Stations above a threshold in the shift, with peak and time of peak (services/station_print.py)."""
    evacuations: dict[str, Any] = dataclasses.field(default_factory=dict)
    """People moved (转移人员) at the build: ``areas``, ``planned``, ``moved``, ``items`` per area."""
    stats: ShiftStatistics = dataclasses.field(default_factory=ShiftStatistics)
    events: list[NotableEvent] = dataclasses.field(default_factory=list)
    notes: str = ""
    built_at: arrow.Arrow | None = None
    override: Override | None = None
    state: HandoverState = HandoverState.DRAFT
    incoming_signed_at: arrow.Arrow | None = None
    outgoing_signed_at: arrow.Arrow | None = None
    countersigned_by: str = ""
    """The leader on duty's countersignature (``sign --as leader``)."""
    countersigned_at: arrow.Arrow | None = None
    signed_for: list[SignedFor] = dataclasses.field(default_factory=list)
    sealed_at: arrow.Arrow | None = None
    seal: str = ""
    open: bool = True

    @property
    def sealed(self) -> bool:
        return self.state == HandoverState.SEALED

    def item(self, key: str) -> CarriedItem | None:
        return next((i for i in self.items if i.key == key), None)

    def unacknowledged(self) -> list[CarriedItem]:
        return [i for i in self.items if not i.acknowledged]


SEAL_EXCLUDED = frozenset(META_FIELDS) | {"seal", "open"}


def content_digest(data: dict[str, Any]) -> str:
    """SHA-256 of a handover's stored dict, without the seal and the store's bookkeeping."""
    body = {k: v for k, v in data.items() if k not in SEAL_EXCLUDED}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()
