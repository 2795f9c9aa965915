"""Leader instructions (领导批示): record against a report chain or a ticket, track
until the feedback is recorded. :func:`overdue` feeds the escalation engine."""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.instruction import Instruction, InstructionStatus, SubjectKind, new_instruction
from dutyroom.model.log_entry import LogKind
from dutyroom.model.text import clean
from dutyroom.services.context import Context
from dutyroom.services.record_text import Message, message, sentences, subject_ref, system_entry
from dutyroom.store import Create, Update


class Instructions:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, *, subject_kind: str | SubjectKind, subject_id: int, leader: str, assignee: str,
            text: str, due: str | arrow.Arrow, issued_at: str | arrow.Arrow | None = None) -> Instruction:
        """Record an instruction; ``due`` is when the feedback is expected."""
        kind = subject_kind if isinstance(subject_kind, SubjectKind) else SubjectKind.parse(
            str(subject_kind), field="subject_kind")
        subject = self.ctx.store.get(kind.value, subject_id)
        if subject is None:
            raise ValidationError("error.link_missing", field=f"{kind.value}_id", kind=kind.value,
                                  id=subject_id)
        if kind == SubjectKind.REPORT and subject.get("stage") != "first" and subject.get("chain_id"):
            subject_id = int(subject["chain_id"])  # instructions belong to the chain
        issued = self._time(issued_at, "issued_at")
        if due is None or (isinstance(due, str) and not due.strip()):
            raise ValidationError("error.required", field="due_at")
        due_at = self._time(due, "due_at")
        item = new_instruction(subject_kind=kind, subject_id=subject_id, leader=leader,
                               assignee=assignee, text=text, issued_at=issued, due_at=due_at)
        note = message("instruction.log.new", leader=item.leader, to=item.assignee,
                       due=self.ctx.local(due_at).format("MM-DD HH:mm"), text=item.text[:1000],
                       subject=subject_ref(kind.value, subject_id))
        stored = Instruction.from_dict(self.ctx.store.create("instruction", item.payload()))
        note = sentences(note, message("instruction.log.id", subject=subject_ref("instruction", stored.id)))
        self.ctx.store.commit([self._log(note, stored, at=issued)])
        return stored

    def feedback(self, instruction_id: int, text: str, at: str | arrow.Arrow | None = None,
                 expected_version: int | None = None) -> Instruction:
        """Record the feedback (反馈); the instruction is then done."""
        item = self.get(instruction_id)
        if item.status != InstructionStatus.OPEN:
            raise TransitionError("error.instruction_done", id=instruction_id)
        body = clean(text, "feedback", required=True, max_len=4000)
        moment = self._time(at, "at")
        data: dict[str, Any] = {"feedback": body, "feedback_at": _iso(moment),
                                "feedback_by": self.ctx.operator,
                                "status": InstructionStatus.DONE.value, "open": False}
        late = moment > item.due_at
        note = message("instruction.log.feedback_late" if late else "instruction.log.feedback",
                       id=instruction_id, leader=item.leader, text=body[:1000])
        version = item.version if expected_version is None else expected_version
        records = self.ctx.store.commit([Update("instruction", instruction_id, data, version),
                                         self._log(note, item, at=moment)])
        return Instruction.from_dict(records[0])

    def get(self, instruction_id: int) -> Instruction:
        data = self.ctx.store.get("instruction", instruction_id)
        if data is None:
            raise ValidationError("error.instruction_missing", field="id", id=instruction_id)
        return Instruction.from_dict(data)

    def open(self) -> list[Instruction]:
        return [Instruction.from_dict(r) for r in self.ctx.store.open_records("instruction")]

    def all(self) -> list[Instruction]:
        out = []
        for day in self.ctx.store.days("instruction"):
            out.extend(Instruction.from_dict(r) for r in self.ctx.store.day_records("instruction", day))
        return sorted(out, key=lambda i: i.id or 0)

    def for_subject(self, kind: str, subject_id: int) -> list[Instruction]:
        """Instructions on one chain or ticket, open ones from open.json, done ones from their days."""
        return [i for i in self.all() if i.subject_kind.value == kind and i.subject_id == subject_id]

    def _time(self, value: str | arrow.Arrow | None, field: str) -> arrow.Arrow:
        return value.to("UTC") if isinstance(value, arrow.Arrow) else self.ctx.parse_time(value, field)

    def _log(self, msg: Message, item: Instruction, at: arrow.Arrow) -> Create:
        links = {"report_id": item.subject_id} if item.subject_kind == SubjectKind.REPORT else {
            "ticket_id": item.subject_id}
        return Create("log", system_entry(msg, kind=LogKind.INSTRUCTION, at=at, author=self.ctx.operator,
                                          **links))


def overdue(ctx: Context) -> list[Instruction]:
    """Open instructions whose feedback is late (``now > due_at``), earliest due first."""
    now = ctx.now()
    return sorted((i for i in Instructions(ctx).open() if i.overdue(now)), key=lambda i: i.due_at)


def _iso(moment: arrow.Arrow) -> str:
    from dutyroom.model.timeinput import iso

    return iso(moment)
