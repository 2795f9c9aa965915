"""Commits the rules do not watch spare the engine a whole evaluation; the ones they watch do not."""

from __future__ import annotations

from dutyroom.services.duty_log import DutyLog
from dutyroom.services.escalation import EscalationService, touches_rules


def _counting(service: EscalationService) -> list[int]:
    calls = [0]
    gather = service.gather

    def counted(now):
        calls[0] += 1
        return gather(now)

    service.gather = counted  # type: ignore[method-assign]
    return calls


def test_only_watched_records_need_the_engine():
    assert not touches_rules("log", {"kind": "reading"})
    assert touches_rules("log", {"kind": "patrol", "keypoint_id": 3})
    assert touches_rules("log", None)  # not known: look
    for kind in ("ticket", "report", "instruction", "keypoint", "status", "escalation"):
        assert touches_rules(kind, {})


def test_a_plain_log_entry_is_skipped_a_patrol_is_not(ctx):
    service = EscalationService(ctx)
    calls = _counting(service)
    service.tick()
    assert calls == [1]
    start = ctx.store.revision()
    DutyLog(ctx).add("沙河水库 水位 21.3m", kind="reading")
    service.unchanged_through(start, ctx.store.revision())  # what the dashboard tells it
    service.tick()
    assert calls == [1]  # nothing the rules watch changed: no evaluation
    DutyLog(ctx).add("巡查", kind="patrol")  # a patrol: the dashboard does not vouch for it
    service.tick()
    assert calls == [2]


def test_a_stale_vouch_changes_nothing(ctx):
    service = EscalationService(ctx)
    calls = _counting(service)
    service.tick()
    DutyLog(ctx).add("one", kind="reading")
    middle = ctx.store.revision()
    DutyLog(ctx).add("two", kind="reading")
    service.unchanged_through(middle, ctx.store.revision())  # not where the engine last looked
    service.tick()
    assert calls == [2]
