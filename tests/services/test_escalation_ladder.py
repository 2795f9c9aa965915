"""The escalation service on a real store: the full ladder over simulated hours, acknowledging,
snoozing, clearing, the duty log, and two sessions ticking at once."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dutyroom.model.errors import ValidationError
from dutyroom.model.escalation import Escalation
from dutyroom.services.context import Context
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.escalation import EscalationService
from dutyroom.services.tickets import Tickets
from tests.conftest import cli_env, ROOT


def escalation_log(ctx: Context) -> list[str]:
    return [e.text for e in DutyLog(ctx).all() if e.system and e.text.startswith("【")]


def dispatched(ctx: Context) -> int:
    tickets = Tickets(ctx)
    ticket = tickets.add("坝脚渗水,面积约 2 平方米", hazard="reservoir", location="沙河水库")
    tickets.dispatch(ticket.id, "水务局")  # acknowledge within 15 min (default)
    return ticket.id


def test_full_ladder_over_simulated_hours(ctx, clock):
    ticket_id = dispatched(ctx)
    service = EscalationService(ctx)
    timeline: list[tuple[int, str, int]] = []
    for minute in range(1, 181):
        clock.advance(minutes=1)
        for action in service.tick():
            timeline.append((minute, action.kind, action.level))
        if minute == 50:  # the leader acknowledges at level 2
            (esc,) = service.active()
            service.acknowledge(esc.id, "已电话督促水务局,10 分钟内到场")
    assert timeline[:8] == [
        (15, "raise", 1), (25, "renotify", 1), (35, "renotify", 1), (45, "escalate", 2),
        (75, "escalate", 3), (85, "renotify", 3), (95, "renotify", 3), (105, "renotify", 3)]
    # acknowledged at 50: no reminders at 55 and 65, but the clock still climbed to 3 at 75;
    # level 3 is re-notified every 10 minutes until someone acknowledges it.
    assert [m for m, kind, _ in timeline if kind == "renotify"] == [25, 35] + list(range(85, 181, 10))
    (esc,) = service.active()
    assert (esc.level, esc.state.value, esc.subject_id) == (3, "active", ticket_id)
    assert esc.acked_by == "张伟" and esc.ack_note.startswith("已电话督促")
    log = escalation_log(ctx)
    assert len(log) == len(timeline) + 1  # every event and the acknowledgement
    assert log[0].startswith("【升级提醒】L1 值班员:派遣后未签收")
    assert any(line.startswith("【已确认】") for line in log)
    assert all(e.ticket_id == ticket_id for e in DutyLog(ctx).all() if e.text.startswith("【"))
    # The unit finally acknowledges the ticket: the condition is gone, the escalation clears.
    Tickets(ctx).set_status(ticket_id, "acknowledged", note="水务局王工签收")
    clock.advance(minutes=1)
    assert [a.kind for a in service.tick()] == ["clear"]
    assert service.active() == []
    assert escalation_log(ctx)[-1].startswith("【提醒解除】")


def test_tick_is_idempotent_and_writes_nothing_when_nothing_is_due(ctx, clock):
    dispatched(ctx)
    service = EscalationService(ctx)
    clock.advance(minutes=10)
    revision = ctx.store.revision()
    assert service.tick() == [] and service.tick() == []
    assert ctx.store.revision() == revision, "a quiet tick never writes"
    clock.advance(minutes=6)
    assert len(service.tick()) == 1
    revision = ctx.store.revision()
    assert service.tick() == [] and EscalationService(ctx).tick() == []
    assert ctx.store.revision() == revision


def test_two_sessions_racing_raise_one_escalation(ctx, clock):
    dispatched(ctx)
    clock.advance(minutes=20)
    other = EscalationService(ctx)
    raced = []

    def interfering_provider(c, now, rules):
        # Session B commits between A's reading of the state and A's commit.
        if not raced:
            raced.append(other.evaluate_now(now))
        return []

    first = EscalationService(ctx)
    first.providers = first.providers + (interfering_provider,)
    first.evaluate_now()
    assert [a.kind for a in raced[0]] == ["raise"]
    rows = [Escalation.from_dict(r) for day in ctx.store.days("escalation")
            for r in ctx.store.day_records("escalation", day)]
    assert len(rows) == 1, "the stale session re-read and found the work done"
    assert len([line for line in escalation_log(ctx) if line.startswith("【升级提醒】")]) == 1


def test_processes_running_escalations_at_once_raise_once(ctx, db):
    # Dispatched on 2026-07-29 (the pinned clock): long overdue by the real clock the CLI uses.
    dispatched(ctx)
    procs = [subprocess.Popen([sys.executable, "-m", "dutyroom", "escalations", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=cli_env(db), cwd=ROOT) for _ in range(4)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outputs]
    for out, _err in outputs:
        rows = json.loads(out)
        assert len(rows) == 1 and rows[0]["level"] == 3 and rows[0]["reason"] == "not_acknowledged"
    rows = [r for day in ctx.store.days("escalation") for r in ctx.store.day_records("escalation", day)]
    assert len(rows) == 1
    raised = [line for line in escalation_log(ctx) if line.startswith("【升级提醒】")]
    assert len(raised) == 1


def test_acknowledge_needs_a_note_and_snooze_a_reason_and_a_bound(ctx, clock):
    dispatched(ctx)
    clock.advance(minutes=16)
    service = EscalationService(ctx)
    service.tick()
    (esc,) = service.active()
    with pytest.raises(ValidationError):
        service.acknowledge(esc.id, "  ")
    with pytest.raises(ValidationError) as caught:
        service.snooze(esc.id, 30, "")
    assert caught.value.field == "reason"
    with pytest.raises(ValidationError) as caught:
        service.snooze(esc.id, 61, "等待抢险队回电")
    assert caught.value.key == "error.snooze_bounds"
    snoozed = service.snooze(esc.id, 60, "等待抢险队回电")
    assert snoozed.state.value == "snoozed" and snoozed.snooze_reason == "等待抢险队回电"
    clock.advance(minutes=59)
    assert service.tick() == []
    clock.advance(minutes=2)
    assert [(a.kind, a.level) for a in service.tick()] == [("resume", 3)]
    with pytest.raises(ValidationError):
        service.acknowledge(999, "x")


def test_patrol_and_no_update_through_the_store(ctx, clock):
    from dutyroom.services.keypoints import KeyPoints

    point = KeyPoints(ctx).add(type="reservoir", name="沙河水库", patrol_interval_min=120)
    DutyLog(ctx).add("沙河水库巡查正常", kind="patrol", keypoint_id=point.id)
    service = EscalationService(ctx)
    clock.advance(minutes=119)
    assert service.tick() == []
    clock.advance(minutes=2)
    (action,) = service.tick()
    assert (action.kind, action.watch.reason.value, action.watch.subject_id) == ("raise", "patrol_overdue", point.id)
    DutyLog(ctx).add("沙河水库巡查:坝体正常", kind="patrol", keypoint_id=point.id)
    clock.advance(minutes=1)
    assert [a.kind for a in service.tick()] == ["clear"]


def test_a_failing_provider_changes_nothing(ctx, clock):
    from dutyroom.model.errors import DomainError

    dispatched(ctx)
    clock.advance(minutes=16)
    service = EscalationService(ctx)
    assert len(service.tick()) == 1

    def broken(c, now, rules):
        raise OSError("disk gone")

    clock.advance(minutes=60)
    failing = EscalationService(ctx)
    failing.providers = (broken,) + failing.providers
    revision = ctx.store.revision()
    with pytest.raises(DomainError) as caught:
        failing.tick()
    assert caught.value.key == "error.escalation_provider"
    assert ctx.store.revision() == revision, "nothing cleared or raised on partial inputs"
    assert [e.level for e in service.active()] == [1]
