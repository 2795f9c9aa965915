"""The warning call-out (预警叫应): phone every responsible person and hear each one answer.

Since 2023 the flood headquarters require, for a high-level warning, that the
duty room call the responsible person of every affected county, town and
village, hear them answer (叫醒, 应答), retry those who do not, escalate the
silent to the person above them, and report who was reached. A call-out is one
record holding its call list; each call keeps a stable ``call_id`` (1..n; calls
added when a silent area is escalated up the tree are appended) and every
attempt made on it, for the printed call sheet.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean

MAX_TEXT = 2000
MAX_NOTE = 500
MAX_WITHIN = 1440
"""A day: a longer answer window for a warning is a typo."""


class CallStatus(Code):
    PENDING = "pending"
    ANSWERED = "answered"
    FAILED = "failed"
    ARRIVED = "arrived"

    @property
    def reached(self) -> bool:
        """The person answered (and may since have confirmed being at their post)."""
        return self in (CallStatus.ANSWERED, CallStatus.ARRIVED)


class CallFailReason(Code):
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    UNREACHABLE = "unreachable"


class CallOutcome(Code):
    """What one attempt on a call came to (the call sheet's lines)."""

    ANSWERED = "answered"
    FAILED = "failed"
    ARRIVED = "arrived"


@dataclasses.dataclass(kw_only=True)
class CallAttempt:
    at: arrow.Arrow
    outcome: CallOutcome
    reason: str = ""
    """A CallFailReason code when the attempt failed."""
    by: str = ""
    """Who answered (the person called, or who picked up for them)."""
    note: str = ""
    officer: str = ""
    """The duty officer who made the call."""


@dataclasses.dataclass(kw_only=True)
class Call:
    call_id: int
    level: str
    area: str
    parent: str = ""
    name: str
    role: str = ""
    phone: str
    alt_phone: str = ""
    status: CallStatus = CallStatus.PENDING
    attempts: int = 0
    answered_by: str = ""
    answered_at: arrow.Arrow | None = None
    arrived_at: arrow.Arrow | None = None
    next_try_at: arrow.Arrow | None = None
    """When a failed call is due to be tried again (``retry_minutes`` after the failure)."""
    fail_reason: str = ""
    note: str = ""
    added_at: arrow.Arrow
    due_at: arrow.Arrow
    """Unanswered by then, the call's area is escalated to the person above it."""
    escalated_from: int | None = None
    """The silent call whose escalation brought this one in (None: on the first list)."""
    escalated_at: arrow.Arrow | None = None
    """When this call's silence was escalated up the tree (once per call)."""
    history: list[CallAttempt] = dataclasses.field(default_factory=list)

    @property
    def open(self) -> bool:
        """Not answered yet: pending or failed."""
        return not self.status.reached

    def silent(self, now: arrow.Arrow) -> bool:
        """Still not answered at or after its due time."""
        return self.open and now >= self.due_at

    def due(self) -> arrow.Arrow:
        """When this call is to be made: its retry time after a failure, else when it was added."""
        return self.next_try_at or self.added_at


@dataclasses.dataclass(kw_only=True)
class Callout(Record):
    KIND: ClassVar[str] = "callout"

    warning: str
    """The warning code, ``rainstorm:red`` (see model/status.py ``parse_warning``)."""
    areas: list[str]
    levels: list[str] = dataclasses.field(default_factory=list)
    """The levels called ([] = every level)."""
    within: int
    text: str = ""
    started_at: arrow.Arrow
    started_by: str = ""
    due_at: arrow.Arrow
    calls: list[Call] = dataclasses.field(default_factory=list)
    open: bool = True
    closed_at: arrow.Arrow | None = None
    closed_by: str = ""
    override_reason: str = ""
    """Set when the leader on duty closed it with calls still unanswered."""

    def call(self, call_id: int) -> Call:
        for call in self.calls:
            if call.call_id == call_id:
                return call
        raise ValidationError("callout.error.no_call", field="call", id=self.id or 0, call=call_id)


def check_within(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WITHIN:
        raise ValidationError("callout.error.bad_within", field="within", value=value, max=MAX_WITHIN)
    return value


def clean_note(value: object) -> str:
    return clean(value, "note", max_len=MAX_NOTE)


def clean_text(value: object) -> str:
    return clean(value, "text", max_len=MAX_TEXT)


def answer(call: Call, *, at: arrow.Arrow, by: str, note: str, officer: str) -> None:
    """Heard: a pending or failed call is answered (by ``by``, the person called by default)."""
    if call.status.reached:
        raise TransitionError("callout.error.already_answered", id=call.call_id, name=call.name)
    call.status = CallStatus.ANSWERED
    call.attempts += 1
    call.answered_by = by or call.name
    call.answered_at = at
    call.next_try_at = None
    call.note = note or call.note
    call.history.append(CallAttempt(at=at, outcome=CallOutcome.ANSWERED, by=call.answered_by,
                                    note=note, officer=officer))


def fail(call: Call, *, at: arrow.Arrow, reason: CallFailReason, retry_at: arrow.Arrow,
         officer: str, note: str = "") -> None:
    """Not reached this time; tried again at ``retry_at``. An answered call cannot fail."""
    if call.status.reached:
        raise TransitionError("callout.error.already_answered", id=call.call_id, name=call.name)
    call.status = CallStatus.FAILED
    call.attempts += 1
    call.fail_reason = reason.value
    call.next_try_at = retry_at
    call.history.append(CallAttempt(at=at, outcome=CallOutcome.FAILED, reason=reason.value,
                                    note=note, officer=officer))


def arrive(call: Call, *, at: arrow.Arrow, officer: str) -> None:
    """At their post (在岗到位). One not answered before is answered by this too."""
    if call.status == CallStatus.ARRIVED:
        raise TransitionError("callout.error.already_arrived", id=call.call_id, name=call.name)
    if not call.status.reached:
        call.attempts += 1
        call.answered_by = call.answered_by or call.name
        call.answered_at = at
        call.next_try_at = None
    call.status = CallStatus.ARRIVED
    call.arrived_at = at
    call.history.append(CallAttempt(at=at, outcome=CallOutcome.ARRIVED, by=call.answered_by,
                                    officer=officer))
