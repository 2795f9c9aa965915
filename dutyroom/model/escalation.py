"""Escalations: something stalled, and who must hear about it."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.record import Record


class EscalationReason(Code):
    NOT_ACKNOWLEDGED = "not_acknowledged"
    NO_UPDATE = "no_update"
    DEADLINE_APPROACHING = "deadline_approaching"
    DEADLINE_MISSED = "deadline_missed"
    INSTRUCTION_OVERDUE = "instruction_overdue"
    PATROL_OVERDUE = "patrol_overdue"


class EscalationState(Code):
    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    SNOOZED = "snoozed"
    CLEARED = "cleared"


@dataclasses.dataclass(kw_only=True)
class Escalation(Record):
    """``level`` 1 is the duty officer, 2 the leader on duty, 3 command."""

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
