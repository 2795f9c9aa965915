"""The handover: built from live state, acknowledged, signed, sealed, refused, overridden."""

from __future__ import annotations

import pytest

from tests.conftest import override_as, sign_as

from dutyroom.model.errors import ValidationError
from dutyroom.model.handover import HandoverState
from dutyroom.services.handover import HandoverRefused, HandoverService
from dutyroom.services.roster import RosterService
from dutyroom.services.shifts import ShiftService
from dutyroom.store import Update

ROSTER = """date,shift,role,name,phone
2026-07-29,08:00,leader,王强,13800000001
2026-07-29,08:00,officer,张伟,13800000002
2026-07-30,08:00,leader,李娜,13800000003
2026-07-30,08:00,officer,赵敏,13800000004
"""


def open_report(ctx, severity="III", minutes_ago=180, **extra):
    at = ctx.now().shift(minutes=-minutes_ago).isoformat()
    return ctx.store.create("report", {"received_at": at, "category": "waterlogging", "severity": severity,
                                       "location": "解放路下穿隧道", "text": "积水 40 厘米", "stage": "first",
                                       "status": "open", "open": True, **extra})


def open_ticket(ctx, severity="III"):
    return ctx.store.create("ticket", {"hazard": "embankment", "text": "堤防渗水", "severity": severity,
                                       "status": "dispatched", "open": True})


@pytest.fixture
def rostered(ctx):
    RosterService(ctx).import_text(ROSTER)
    return ctx


def sign_through(service, handover):
    handover = service.acknowledge(handover, None, "赵敏")
    handover = sign_as(service, "赵敏", handover, "incoming")
    return sign_as(service, "张伟", handover, "outgoing")


def test_every_open_kind_is_carried_and_closed_ones_are_not(rostered):
    ctx = rostered
    ctx.store.create("keypoint", {"type": "underpass", "name": "解放路下穿", "patrol_interval_min": 60})
    patrolled = ctx.store.create("keypoint", {"type": "reservoir", "name": "沙河水库", "patrol_interval_min": 60})
    ctx.clock.advance(minutes=90)
    ctx.store.create("log", {"at": ctx.now().shift(minutes=-20).isoformat(), "kind": "patrol", "text": "巡查正常",
                             "author": "张伟", "keypoint_id": patrolled["id"]})
    report = open_report(ctx)
    closed = ctx.store.create("report", {"received_at": ctx.now().isoformat(), "severity": "IV",
                                         "text": "已办结", "status": "closed", "open": False})
    ticket = open_ticket(ctx)
    escalation = ctx.store.create("escalation", {"reason": "no_update", "subject_kind": "ticket",
                                                 "subject_id": ticket["id"], "state": "active", "open": True})
    instruction = ctx.store.create("instruction", {"text": "加强下穿隧道巡查", "leader": "王强", "assignee": "城管局",
                                                   "issued_at": ctx.now().shift(hours=-3).isoformat(),
                                                   "due_at": ctx.now().shift(hours=-1).isoformat(),
                                                   "subject_kind": "report", "subject_id": 1,
                                                   "status": "open", "open": True})
    ctx.store.create("guard", {"open": True, "name": "escalation", "ticks": 0})  # bookkeeping, not an item
    unknown = ctx.store.create("upward_draft", {"title": "续报草稿", "open": True})
    handover = HandoverService(ctx).start("注意夜间降雨")
    keys = {i.key for i in handover.items}
    assert keys == {f"report:{report['id']}", f"ticket:{ticket['id']}", f"escalation:{escalation['id']}",
                    f"instruction:{instruction['id']}", f"upward_draft:{unknown['id']}", "patrol:1"}
    assert f"report:{closed['id']}" not in keys
    carried_instruction = handover.item(f"instruction:{instruction['id']}")
    assert carried_instruction.overdue and carried_instruction.deadline_what == "feedback"
    assert "王强" in carried_instruction.summary and "城管局" in carried_instruction.summary
    assert handover.notes == "注意夜间降雨" and handover.state == HandoverState.DRAFT
    assert handover.stats.reports_total == 1  # the closed one; the open one came before 08:00
    assert [i.kind for i in handover.items][:1] == ["report"]


def test_sign_seal_and_next_shift_opens_with_items(rostered):
    ctx = rostered
    report = open_report(ctx)
    service = HandoverService(ctx)
    handover = service.start()
    with pytest.raises(ValidationError) as info:
        sign_as(service, "赵敏", handover, "incoming")
    assert info.value.key == "handover.error.unacknowledged"
    handover = service.require(handover.id)
    with pytest.raises(ValidationError) as info:
        sign_as(service, "张伟", handover, "outgoing")
    assert info.value.key == "handover.error.incoming_first"
    handover = service.acknowledge(handover, [f"report:{report['id']}"], "赵敏")
    with pytest.raises(ValidationError) as info:
        sign_as(service, "张伟", handover, "incoming")  # not on the incoming shift
    assert info.value.key == "handover.error.not_rostered"
    handover = sign_as(service, "赵敏", service.require(handover.id), "incoming")
    assert handover.state == HandoverState.SIGNED_INCOMING
    ctx.clock.advance(minutes=5)
    sealed = sign_as(service, "张伟", handover, "outgoing")
    assert sealed.sealed and not sealed.open and len(sealed.seal) == 64
    assert service.verify(sealed)
    following = ShiftService(ctx).following(ShiftService(ctx).current())
    assert following.handover_in == sealed.id and following.carried == [f"report:{report['id']}"]
    assert ctx.store.open_records("handover") == []
    texts = " ".join(r["text"] for r in ctx.store.between("log", ctx.now().shift(days=-1), ctx.now()))
    assert "封存" in texts and "赵敏" in texts


def test_sealed_handover_refuses_every_change_and_detects_tampering(rostered):
    ctx = rostered
    open_report(ctx)
    service = HandoverService(ctx)
    sealed = sign_through(service, service.start())
    for change in (lambda: service.set_notes(sealed, "x"), lambda: service.refresh(sealed),
                   lambda: service.acknowledge(sealed, None, "赵敏"),
                   lambda: override_as(service, "王强", sealed, "r"),
                   lambda: sign_as(service, "张伟", sealed, "outgoing")):
        with pytest.raises(ValidationError) as info:
            change()
        assert info.value.key == "handover.error.sealed"
    with pytest.raises(ValidationError):
        service.start()  # this shift's handover is done
    # an edit behind the service's back is caught by the seal
    ctx.store.commit([Update("handover", sealed.id, {"notes": "改过"})])
    assert not service.verify(service.require(sealed.id))


def test_new_item_after_incoming_signature_sends_it_back(rostered):
    ctx = rostered
    open_report(ctx)
    service = HandoverService(ctx)
    handover = service.acknowledge(service.start(), None, "赵敏")
    handover = sign_as(service, "赵敏", handover, "incoming")
    late = open_ticket(ctx)
    with pytest.raises(ValidationError) as info:
        sign_as(service, "张伟", handover, "outgoing")
    assert info.value.key == "handover.error.new_items"
    handover = service.require(handover.id)
    assert handover.state == HandoverState.DRAFT and handover.incoming == ""
    assert [i.key for i in handover.unacknowledged()] == [f"ticket:{late['id']}"]
    sealed = sign_through(service, handover)
    assert f"ticket:{late['id']}" in {i.key for i in sealed.items}


def test_grave_item_in_first_hour_refuses_until_leader_overrides(rostered):
    ctx = rostered
    grave = open_report(ctx, severity="I", minutes_ago=10)
    service = HandoverService(ctx)
    handover = service.acknowledge(service.start(), None, "赵敏")
    with pytest.raises(HandoverRefused) as info:
        sign_as(service, "赵敏", handover, "incoming")
    assert [i.key for i in info.value.items] == [f"report:{grave['id']}"]
    with pytest.raises(ValidationError) as bad:
        override_as(service, "张伟", handover, "领导电话同意")
    assert bad.value.key == "handover.error.not_leader"
    with pytest.raises(ValidationError) as bad:
        service.override(handover, "王强", "领导电话同意")  # 张伟 typing the leader's name
    assert bad.value.key == "signature.error.not_self"
    with pytest.raises(ValidationError):
        override_as(service, "王强", handover, "  ")
    handover = override_as(service, "王强", handover, "领导电话同意,已安排专人跟进")
    assert handover.override.by == "王强" and handover.override.items == [f"report:{grave['id']}"]
    sealed = sign_through(service, handover)
    assert sealed.sealed and sealed.override.reason.startswith("领导电话同意")
    # a second grave item not covered by the override would be refused again (next shift)


def test_grave_item_after_its_first_hour_does_not_block(rostered):
    ctx = rostered
    open_report(ctx, severity="II", minutes_ago=61)
    service = HandoverService(ctx)
    assert sign_through(service, service.start()).sealed


def test_override_does_not_cover_a_later_grave_item(rostered):
    ctx = rostered
    open_report(ctx, severity="I", minutes_ago=5)
    service = HandoverService(ctx)
    handover = override_as(service, "王强", service.start(), "已报告指挥部")
    later = open_report(ctx, severity="II", minutes_ago=1)
    handover = service.acknowledge(service.require(handover.id), None, "赵敏")
    with pytest.raises(HandoverRefused) as info:
        sign_as(service, "赵敏", handover, "incoming")
    assert [i.key for i in info.value.items] == [f"report:{later['id']}"]


def test_statistics_and_events_of_the_shift(rostered):
    ctx = rostered
    open_report(ctx, severity="I", minutes_ago=20, dead=0, trapped=2)
    open_report(ctx, severity="IV", minutes_ago=10, category="traffic")
    ctx.store.create("log", {"at": ctx.now().isoformat(), "kind": "instruction", "text": "王强:立即转移",
                             "author": "张伟"})
    handover = HandoverService(ctx).start()
    stats = handover.stats
    assert stats.reports_total == 2 and stats.reports_by_severity == {"I": 1, "IV": 1}
    assert stats.reports_by_category == {"traffic": 1, "waterlogging": 1}
    assert stats.log_by_kind.get("instruction") == 1
    assert {e.kind for e in handover.events} == {"report", "log"}


def test_three_days_of_handovers_last_and_by_shift(ctx):
    days = [ctx.now().shift(days=d).to("Asia/Shanghai").format("YYYY-MM-DD") for d in range(4)]
    rows = [f"{days[d]},08:00,officer,交班{d},138000000{d:02d}" for d in range(3)]
    rows += [f"{days[d + 1]},08:00,officer,接班{d},139000000{d:02d}" for d in range(3)]
    RosterService(ctx).import_text("date,shift,role,name,phone\n" + "\n".join(rows) + "\n")
    service = HandoverService(ctx)
    sealed = []
    for day in range(3):
        open_report(ctx, minutes_ago=90)
        handover = service.acknowledge(service.start(), None, f"接班{day}")
        handover = sign_as(service, f"接班{day}", handover, "incoming")
        sealed.append(sign_as(service, f"交班{day}", handover, "outgoing"))
        ctx.clock.advance(hours=24)
    last, stored = service.resolve("last")
    assert stored and last.id == sealed[-1].id
    assert [len(h.items) for h in sealed] == [1, 2, 3]  # open items pile up, each carried on
    first_shift = ShiftService(ctx).get(sealed[0].shift_id)
    assert service.for_shift(first_shift).id == sealed[0].id
    assert ShiftService(ctx).current().handover_in == sealed[-1].id
    shown, stored = service.resolve(str(sealed[1].shift_id))
    assert stored and shown.seal == sealed[1].seal


def test_a_handover_begun_after_the_changeover_is_still_the_old_shifts(rostered):
    ctx = rostered
    open_report(ctx)
    ctx.clock.set("2026-07-30T00:20:00+00:00")  # 08:20 on the 30th: the new shift began at 08:00
    service = HandoverService(ctx)
    handover = service.start()
    old = ShiftService(ctx).get(handover.shift_id)
    assert old.leader == "王强" and old.end == ShiftService(ctx).current().start
    sealed = sign_through(service, handover)  # 张伟 (outgoing) and 赵敏 (incoming) as rostered
    assert sealed.sealed and ShiftService(ctx).current().handover_in == sealed.id
    assert service.target_shift().leader == "李娜"  # done: the next handover is the new shift's
    ctx.clock.set("2026-07-30T03:00:00+00:00")  # 11:00, past the grace: never the old shift again
    assert service.target_shift().start == ShiftService(ctx).current().start


def test_bad_handover_settings_are_named(ctx):
    from dutyroom.config import Settings
    from dutyroom.services.context import Context

    for section in ({"guard_minutes": "60"}, {"guard_severities": "I"}, {"late_minutes": -1}):
        bad = Context(store=ctx.store, clock=ctx.clock, settings=Settings(tz=ctx.tz, raw={"handover": section}),
                      operator=ctx.operator)
        with pytest.raises(ValidationError) as info:
            HandoverService(bad).start()
        assert info.value.key == "handover.error.bad_setting"
    assert ctx.store.open_records("handover") == []
