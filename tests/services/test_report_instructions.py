"""Leader instructions against a report or a ticket, tracked until the feedback."""

from __future__ import annotations

import pytest

from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.instruction import InstructionStatus
from dutyroom.services import instructions
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.instructions import Instructions
from dutyroom.services.reports import Reports, to_ticket


def _report(ctx):
    return Reports(ctx).add(channel="phone", category="embankment", location="东河左岸 3 号堤段",
                            text="堤脚渗水", severity="II")


def test_overdue_a_minute_either_side_and_feedback_ends_it(ctx, clock):
    report = _report(ctx)
    service = Instructions(ctx)
    item = service.add(subject_kind="report", subject_id=report.id, leader="王副市长",
                       assignee="区水务局", text="立即组织专家会商,1 小时内反馈", due="+1h")
    assert item.due_at == ctx.now().shift(hours=1) and item.open
    clock.set(item.due_at.shift(minutes=-1))
    assert instructions.overdue(ctx) == []
    clock.set(item.due_at)
    assert instructions.overdue(ctx) == []
    clock.set(item.due_at.shift(minutes=1))
    assert [i.id for i in instructions.overdue(ctx)] == [item.id]
    done = service.feedback(item.id, "专家已到场,管涌已控制")
    assert done.status == InstructionStatus.DONE and not done.open and done.feedback_by == "张伟"
    assert instructions.overdue(ctx) == [] and service.open() == []
    with pytest.raises(TransitionError):
        service.feedback(item.id, "再次反馈")
    log = [e for e in DutyLog(ctx).all() if e.kind == "instruction"]
    assert [e.report_id for e in log] == [report.id, report.id]
    assert "王副市长" in log[0].text and "逾期反馈" in log[1].text


def test_instruction_on_a_ticket_and_on_a_follow_up(ctx):
    report = _report(ctx)
    follow = Reports(ctx).follow_up(report.id, "渗水加大")
    _, ticket = to_ticket(ctx, report.id)
    service = Instructions(ctx)
    on_ticket = service.add(subject_kind="ticket", subject_id=ticket["id"], leader="李指挥长",
                            assignee="抢险队", text="加强巡查", due="+2h")
    on_follow = service.add(subject_kind="report", subject_id=follow.id, leader="李指挥长",
                            assignee="区防办", text="续报伤亡情况", due="+30m")
    assert on_follow.subject_id == report.id  # instructions belong to the chain
    assert [i.id for i in service.for_subject("ticket", ticket["id"])] == [on_ticket.id]
    entry = [e for e in DutyLog(ctx).all() if e.kind == "instruction"][0]
    assert entry.ticket_id == ticket["id"] and entry.report_id is None


@pytest.mark.parametrize("bad", [
    {"leader": ""}, {"assignee": " "}, {"text": ""}, {"due": ""}, {"due": "tomorrow-ish"},
    {"due": "-1h"}, {"subject_id": 99}, {"subject_kind": "handover"},
])
def test_bad_instructions_are_refused_and_nothing_written(ctx, store, bad):
    report = _report(ctx)
    fields = dict(subject_kind="report", subject_id=report.id, leader="王副市长",
                  assignee="区水务局", text="立即会商", due="+1h")
    fields.update(bad)
    before = store.journal.size()
    with pytest.raises(ValidationError):
        Instructions(ctx).add(**fields)
    assert store.journal.size() == before
