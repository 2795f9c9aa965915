"""The handover over the real report and instruction services: next deadlines, instructions."""

from __future__ import annotations

from dutyroom.services.handover import HandoverService
from dutyroom.services.instructions import Instructions
from dutyroom.services.reports import Reports


def test_open_reports_carry_their_next_deadline_and_instructions_their_feedback(ctx):
    report = Reports(ctx).add(channel="phone", category="embankment", location="东河左岸 3 公里",
                              text="堤脚渗水", severity="II", received_at="-10m")
    closed = Reports(ctx).add(channel="phone", category="traffic", location="环城路", text="树木倒伏",
                              severity="IV", received_at="-30m")
    Reports(ctx).final(closed.id, "已清理")
    instruction = Instructions(ctx).add(subject_kind="report", subject_id=report.id, leader="王强",
                                        assignee="水利局", text="立即组织抢护", due="+30m")
    handover = HandoverService(ctx).start()
    keys = [i.key for i in handover.items]
    assert keys == [f"report:{report.id}", f"instruction:{instruction.id}"]
    carried = handover.item(f"report:{report.id}")
    assert carried.deadline == report.received_at.shift(minutes=15) and carried.deadline_what == "phone"
    assert carried.severity == "II" and not carried.overdue
    feedback = handover.item(f"instruction:{instruction.id}")
    assert feedback.deadline_what == "feedback" and "王强" in feedback.summary and "水利局" in feedback.summary
