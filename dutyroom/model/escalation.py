"""Escalations: something stalled, and who must hear about it.

An escalation is raised when a watched clock breaches (a dispatched ticket not
acknowledged in time, a report deadline, an overdue patrol ...). Its ``key``
names the breach (reason, subject and the breach instant), so every session
that notices the same breach agrees it is one escalation.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.record import Record
from dutyroom.model.timeinput import iso


class EscalationReason(Code):
    NOT_ACKNOWLEDGED = "not_acknowledged"
    NO_UPDATE = "no_update"
    DEADLINE_APPROACHING = "deadline_approaching"
    DEADLINE_MISSED = "deadline_missed"
    INSTRUCTION_OVERDUE = "instruction_overdue"
    PATROL_OVERDUE = "patrol_overdue"
    LEVEL_ABOVE_FLOOD_LIMIT = "level_above_flood_limit"
    LEVEL_ABOVE_WARNING = "level_above_warning"
    LEVEL_ABOVE_GUARANTEE = "level_above_guarantee"
    RAIN_ABOVE_THRESHOLD = "rain_above_threshold"
    LEVEL_APPROACHING_WARNING = "level_approaching_warning"
    CALLOUT_UNANSWERED = "callout_unanswered"


class EscalationState(Code):
    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    SNOOZED = "snoozed"
    CLEARED = "cleared"


def escalation_key(reason: str, subject_kind: str, subject_id: int, breach_at: arrow.Arrow) -> str:
    """The deterministic identity of one breach."""
    return f"{reason}:{subject_kind}:{subject_id}:{iso(breach_at)}"


@dataclasses.dataclass(kw_only=True)
class Escalation(Record):
    """``level`` 1 is the duty officer, 2 the leader on duty, 3 command.

    ``due_at`` is the deadline being watched (for "approaching", still ahead);
    ``breach_at`` is when the escalation started and its level clock runs from.
    """

    KIND: ClassVar[str] = "escalation"

    reason: EscalationReason
    subject_kind: str
    subject_id: int
    level: int = 1
    due_at: arrow.Arrow | None = None
    state: EscalationState = EscalationState.ACTIVE
    raised_at: arrow.Arrow | None = None
    notified_at: arrow.Arrow | None = None
    ack_note: str = ""
    snooze_until: arrow.Arrow | None = None
    snooze_reason: str = ""
    key: str = ""
    breach_at: arrow.Arrow | None = None
    title: str = ""
    """How the title read to the session that raised it (for older tools); readers render
    ``title_message`` in their own language."""
    title_message: dict[str, Any] | None = None
    notify_count: int = 0
    acked_by: str = ""
    acked_at: arrow.Arrow | None = None
    acked_level: int = 0
    cleared_at: arrow.Arrow | None = None
    open: bool = True
