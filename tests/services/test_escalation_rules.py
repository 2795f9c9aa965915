"""Each escalation rule at its boundary, a minute before and a minute after, with a pinned clock.

The pure engine is fed with its own inputs (tickets, due items); the reports
feature's real deadline and instruction providers are exercised elsewhere.
"""

from __future__ import annotations

import arrow
import pytest

from dutyroom.model.errors import ValidationError
from dutyroom.model.escalation import Escalation, EscalationReason, EscalationState
from dutyroom.model.ticket import TicketStatus, new_ticket, transition
from dutyroom.services.escalation import (ActionKind, DueItem, EscalationInputs, EscalationRules,
                                          deadline_watches, evaluate, next_change, overdue_watches,
                                          ticket_watches)

T0 = arrow.get("2026-07-29T01:00:00+00:00")
RULES = EscalationRules()  # ack 15, no update 60, warn 10, renotify 10, levels 0/30/60


def at(minutes: float) -> arrow.Arrow:
    return T0.shift(minutes=minutes)


def dispatched_ticket(ack_minutes: int = 15):
    ticket = new_ticket(hazard="reservoir", text="坝脚渗水", at=T0, author="张伟", location="沙河水库")
    ticket.id = 1
    return transition(ticket, "dispatched", at=T0, author="张伟", unit_id=2,
                      ack_due_at=T0.shift(minutes=ack_minutes))


def kinds(actions):
    return [(a.kind, a.watch.reason.value if a.watch else a.escalation.reason.value, a.level)
            for a in actions]


def run(watches, now, escalations=(), rules=RULES):
    return evaluate(EscalationInputs(list(watches), list(escalations)), now, rules)


def test_not_acknowledged_within_n_minutes():
    watches = ticket_watches([dispatched_ticket()], RULES)
    assert run(watches, at(14)) == []
    assert kinds(run(watches, at(16))) == [("raise", "not_acknowledged", 1)]
    assert kinds(run(watches, at(15))) == [("raise", "not_acknowledged", 1)], "due is inclusive"


def test_acknowledged_ticket_is_not_watched_for_acknowledgement():
    ticket = transition(dispatched_ticket(), "acknowledged", at=at(5), author="王芳")
    reasons = {w.reason for w in ticket_watches([ticket], RULES)}
    assert reasons == {EscalationReason.NO_UPDATE}


@pytest.mark.parametrize("status", ["open", "acknowledged", "on_site", "under_control"])
def test_active_ticket_with_no_update_for_m_minutes(status):
    ticket = new_ticket(hazard="waterlogging", text="积水", at=T0, author="张伟", location="人民路")
    ticket.id = 4
    ticket.status = TicketStatus(status)
    watches = ticket_watches([ticket], RULES)
    assert run(watches, at(59)) == []
    assert kinds(run(watches, at(61))) == [("raise", "no_update", 1)]


@pytest.mark.parametrize("status", ["resolved", "closed", "cancelled"])
def test_finished_tickets_are_not_watched(status):
    ticket = new_ticket(hazard="waterlogging", text="积水", at=T0, author="张伟", location="人民路")
    ticket.id = 4
    ticket.status = TicketStatus(status)
    assert ticket_watches([ticket], RULES) == []


def test_reporting_deadline_approaching_then_missed():
    due = at(60)
    watches = deadline_watches([("report", 9, due, "#9 首报")], RULES)
    assert run(watches, due.shift(minutes=-11)) == []
    approaching = run(watches, due.shift(minutes=-9))
    assert kinds(approaching) == [("raise", "deadline_approaching", 1)]
    assert approaching[0].watch.due_at == due, "the countdown runs to the deadline itself"
    # Still before the deadline, a raised "approaching" only waits.
    raised = _stored(approaching[0], at(51))
    assert run(watches, due.shift(minutes=-1), [raised]) == []
    after = run(watches, due.shift(minutes=1), [raised])
    assert kinds(after) == [("clear", "deadline_approaching", 1), ("raise", "deadline_missed", 1)]
    # If nothing had been raised before, "missed" alone is raised (never both).
    assert kinds(run(watches, due.shift(minutes=1))) == [("raise", "deadline_missed", 1)]


def test_leader_instruction_overdue():
    due = at(30)
    watches = overdue_watches(EscalationReason.INSTRUCTION_OVERDUE, [DueItem("instruction", 3, due)])
    assert run(watches, due.shift(minutes=-1)) == []
    assert kinds(run(watches, due.shift(minutes=1))) == [("raise", "instruction_overdue", 1)]


def test_patrol_overdue():
    due = at(240)
    watches = overdue_watches(EscalationReason.PATROL_OVERDUE, [("keypoint", 5, due, "沙河水库")])
    assert run(watches, due.shift(minutes=-1)) == []
    assert kinds(run(watches, due.shift(minutes=1))) == [("raise", "patrol_overdue", 1)]


def _stored(action, raised_at, **changes) -> Escalation:
    watch = action.watch
    esc = Escalation(id=1, version=1, reason=watch.reason, subject_kind=watch.subject_kind,
                     subject_id=watch.subject_id, level=action.level, due_at=watch.due_at,
                     breach_at=watch.breach_at, raised_at=raised_at, notified_at=raised_at,
                     key=action.key, notify_count=1)
    for name, value in changes.items():
        setattr(esc, name, value)
    return esc


def test_levels_and_renotification_at_their_boundaries():
    watches = ticket_watches([dispatched_ticket()], RULES)  # breach at +15
    raised = _stored(run(watches, at(15))[0], at(15))
    assert run(watches, at(24), [raised]) == []
    assert kinds(run(watches, at(26), [raised])) == [("renotify", "not_acknowledged", 1)]
    assert kinds(run(watches, at(44), [raised]))[0][0] == "renotify"
    assert kinds(run(watches, at(46), [raised])) == [("escalate", "not_acknowledged", 2)]
    level2 = _stored(run(watches, at(15))[0], at(15), level=2, notified_at=at(45))
    assert run(watches, at(54), [level2]) == []
    assert kinds(run(watches, at(76), [level2])) == [("escalate", "not_acknowledged", 3)]
    level3 = _stored(run(watches, at(15))[0], at(15), level=3, notified_at=at(75))
    assert kinds(run(watches, at(86), [level3])) == [("renotify", "not_acknowledged", 3)]
    assert next_change(EscalationInputs(watches, [level3]), at(80), RULES) == at(85)


def test_acknowledged_stops_reminders_not_the_clock():
    watches = ticket_watches([dispatched_ticket()], RULES)
    acked = _stored(run(watches, at(15))[0], at(15), state=EscalationState.ACKNOWLEDGED,
                    acked_level=1)
    assert run(watches, at(40), [acked]) == [], "no reminder once acknowledged"
    assert kinds(run(watches, at(46), [acked])) == [("escalate", "not_acknowledged", 2)]


def test_snooze_holds_until_it_ends():
    watches = ticket_watches([dispatched_ticket()], RULES)
    snoozed = _stored(run(watches, at(15))[0], at(15), state=EscalationState.SNOOZED,
                      snooze_until=at(75))
    assert run(watches, at(74), [snoozed]) == []
    assert kinds(run(watches, at(76), [snoozed])) == [("resume", "not_acknowledged", 3)]


def test_condition_gone_clears():
    watches = ticket_watches([dispatched_ticket()], RULES)
    raised = _stored(run(watches, at(15))[0], at(15))
    assert [a.kind for a in run([], at(20), [raised])] == [ActionKind.CLEAR]


def test_rules_from_settings_and_bad_settings():
    rules = EscalationRules.from_section({"ack_minutes": 5, "level_minutes": [0, 10, 20, 40],
                                          "level_names": ["值班员", "带班领导", "指挥长", "市指挥部"],
                                          "start_level": {"deadline_missed": 2},
                                          "disabled": ["patrol_overdue"]})
    assert rules.ack_minutes == 5 and rules.max_level == 4 and rules.level_name(4) == "市指挥部"
    assert rules.level_at("deadline_missed", T0, T0) == 2
    assert rules.level_at("no_update", T0, at(39)) == 3
    watches = overdue_watches(EscalationReason.PATROL_OVERDUE, [("keypoint", 5, at(0))])
    assert run(watches, at(100), rules=rules) == []
    assert EscalationRules().level_name(2) == "带班领导"
    for bad in ({"ack_minutes": 0}, {"ack_minutes": "15"}, {"level_minutes": [5, 10]},
                {"level_minutes": [0, 30, 20]}, {"start_level": {"nope": 2}},
                {"start_level": {"no_update": 9}}, {"disabled": ["nope"]}):
        with pytest.raises(ValidationError):
            EscalationRules.from_section(bad)


def test_escalations_written_by_another_tool_are_left_alone():
    foreign = Escalation(id=7, version=1, reason=EscalationReason.NO_UPDATE, subject_kind="ticket",
                         subject_id=99, level=1, due_at=at(0), notified_at=at(0))
    assert run([], at(500), [foreign]) == []
