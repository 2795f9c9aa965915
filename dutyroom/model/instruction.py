"""Leader instructions (领导批示) against a report chain or a hazard ticket.

An instruction is open until its feedback (反馈) is recorded; one whose
``due_at`` has passed without feedback is overdue and escalates.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean

MAX_TEXT = 4000


class InstructionStatus(Code):
    OPEN = "open"
    DONE = "done"


class SubjectKind(Code):
    REPORT = "report"
    TICKET = "ticket"


@dataclasses.dataclass(kw_only=True)
class Instruction(Record):
    KIND: ClassVar[str] = "instruction"

    subject_kind: SubjectKind
    subject_id: int
    leader: str
    """From whom (the leader who gave it)."""
    assignee: str
    """To whom (the person or unit that must act and feed back)."""
    text: str
    issued_at: arrow.Arrow
    due_at: arrow.Arrow
    status: InstructionStatus = InstructionStatus.OPEN
    open: bool = True
    feedback: str = ""
    feedback_at: arrow.Arrow | None = None
    feedback_by: str = ""

    def overdue(self, now: arrow.Arrow) -> bool:
        return self.status == InstructionStatus.OPEN and now > self.due_at


def new_instruction(*, subject_kind: str | SubjectKind, subject_id: int, leader: object,
                    assignee: object, text: object, issued_at: arrow.Arrow,
                    due_at: arrow.Arrow) -> Instruction:
    kind = subject_kind if isinstance(subject_kind, SubjectKind) else SubjectKind.parse(
        str(subject_kind), field="subject_kind")
    if not isinstance(subject_id, int) or subject_id < 1:
        raise ValidationError("error.bad_id", field="subject_id", value=subject_id)
    if due_at < issued_at:
        raise ValidationError("error.due_before_issued", field="due_at")
    return Instruction(subject_kind=kind, subject_id=subject_id,
                       leader=clean(leader, "leader", required=True, max_len=80, single_line=True),
                       assignee=clean(assignee, "assignee", required=True, max_len=200,
                                      single_line=True),
                       text=clean(text, "text", required=True, max_len=MAX_TEXT),
                       issued_at=issued_at.to("UTC"), due_at=due_at.to("UTC"))
