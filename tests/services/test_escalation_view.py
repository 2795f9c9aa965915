"""Escalations in the order an officer must act on them, named in the reader's language."""

from __future__ import annotations

import arrow

from dutyroom.i18n import set_language
from dutyroom.model.escalation import Escalation, EscalationReason, EscalationState
from dutyroom.services.escalation import EscalationService
from dutyroom.services.escalation_view import by_urgency, escalation_line
from dutyroom.services.reports import Reports

T0 = arrow.get("2026-07-29T01:00:00+00:00")


def esc(id: int, level: int, breach_min: int, state: str = "active") -> Escalation:
    return Escalation(id=id, reason=EscalationReason.NO_UPDATE, subject_kind="ticket", subject_id=id,
                      level=level, breach_at=T0.shift(minutes=breach_min),
                      state=EscalationState(state))


def test_a_new_level_two_comes_before_seven_acknowledged_level_threes():
    old = [esc(i, 3, -600 + i, "acknowledged") for i in range(1, 8)]
    new = esc(20, 2, -5)
    snoozed = esc(21, 3, -1, "snoozed")
    order = [e.id for e in by_urgency([*old, snoozed, new])]
    assert order[0] == 20
    # then by level, then the newest breach first; acknowledged and snoozed alike
    assert order[1:] == [21, 7, 6, 5, 4, 3, 2, 1]


def test_active_by_level_then_newest_breach():
    order = [e.id for e in by_urgency([esc(1, 2, -100), esc(2, 3, -200), esc(3, 2, -10), esc(4, 1, 0)])]
    assert order == [2, 3, 1, 4]


def test_the_line_names_the_subject_in_either_language(ctx, clock):
    report = Reports(ctx).add(channel="phone", category="casualty", location="柳湾村",
                              text="民房倒塌", severity="II")
    clock.advance(minutes=16)
    EscalationService(ctx).evaluate_now()
    (found,) = EscalationService(ctx).open_escalations()
    assert escalation_line(ctx, found) == f"报告 #{report.id} 柳湾村 · II级 · 电话报告逾期"
    set_language("en")
    assert escalation_line(ctx, found) == f"Report #{report.id} 柳湾村 · II · phone report overdue"
