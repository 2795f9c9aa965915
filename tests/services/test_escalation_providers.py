"""The engine fed by the reports feature's real providers: reporting deadlines and leader
instructions (skipped where that feature is not installed)."""

from __future__ import annotations

import pytest

from dutyroom.services.duty_log import DutyLog
from dutyroom.services.escalation import EscalationService

deadlines = pytest.importorskip("dutyroom.services.deadlines")
instructions = pytest.importorskip("dutyroom.services.instructions")


def reasons(actions):
    return [(a.kind, (a.watch or a.escalation).reason.value if (a.watch or a.escalation) else "")
            for a in actions]


def test_reporting_deadline_approaching_missed_and_discharged(ctx, clock):
    from dutyroom.services.reports import Reports

    reports = Reports(ctx)
    report = reports.add(channel="phone", category="waterlogging", location="人民路下穿",
                         text="积水 50 厘米", severity="III")
    service = EscalationService(ctx)
    # Severity III: a phone report upward is due 30 min after intake; the warning starts at T-10.
    clock.advance(minutes=19)
    assert service.tick() == []
    clock.advance(minutes=2)
    assert reasons(service.tick()) == [("raise", "deadline_approaching")]
    (esc,) = service.active()
    assert (esc.subject_kind, esc.subject_id) == ("report", report.id)
    assert esc.due_at == report.received_at.shift(minutes=30)
    clock.advance(minutes=10)  # 31 min: missed
    assert sorted(reasons(service.tick())) == [("clear", "deadline_approaching"),
                                               ("raise", "deadline_missed")]
    reports.forward(report.id, to="市防指", via="phone")
    clock.advance(minutes=1)
    assert ("clear", "deadline_missed") in reasons(service.tick())
    assert all(e.reason.value != "deadline_missed" for e in service.active())
    assert any(e.text.startswith("【提醒解除】") for e in DutyLog(ctx).all())


def test_leader_instruction_overdue(ctx, clock):
    from dutyroom.services.instructions import Instructions
    from dutyroom.services.reports import Reports

    report = Reports(ctx).add(channel="phone", category="reservoir", location="沙河水库",
                              text="坝脚渗水", severity="IV")
    item = Instructions(ctx).add(subject_kind="report", subject_id=report.id, leader="李局长",
                                 assignee="水务局", text="立即组织专家查险,30 分钟内反馈", due="+30m")
    service = EscalationService(ctx)
    clock.advance(minutes=29)
    assert "instruction_overdue" not in {r for _, r in reasons(service.tick())}
    clock.advance(minutes=2)
    assert ("raise", "instruction_overdue") in reasons(service.tick())
    Instructions(ctx).feedback(item.id, "专家已到场,判定为一般渗水")
    clock.advance(minutes=1)
    assert ("clear", "instruction_overdue") in reasons(service.tick())
