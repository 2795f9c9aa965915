"""Property: whatever the state, the handover carries every open item, exactly once.

Random states mix every kind the handover knows (reports, tickets, escalations,
leader instructions), kinds it has never heard of, closed records, odd field
values and key points with and without overdue patrols; then the state changes
(items close, new ones open) and the handover is rebuilt and sealed.
"""

from __future__ import annotations

from tests.conftest import override_as, sign_as

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutyroom.config import Settings
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.services.handover import HandoverService
from dutyroom.services.roster import RosterService
from dutyroom.store import Create, Store, Update

KINDS = ["report", "ticket", "escalation", "instruction", "upward_draft", "mystery"]
SEVERITIES = ["I", "II", "III", "IV", "unknown", None, 7]

record = st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS),
    "open": st.booleans(),
    "severity": st.sampled_from(SEVERITIES),
    "minutes_ago": st.integers(0, 900),
    "text": st.text(max_size=30),
    "status": st.sampled_from(["open", "dispatched", "active", "closed", "", None]),
    "due_in": st.one_of(st.none(), st.integers(-300, 300)),
})
keypoint = st.tuples(st.sampled_from([None, 30, 60, 240]), st.one_of(st.none(), st.integers(0, 590)))


def new_context(root: Path) -> Context:
    clock = FixedClock("2026-07-29T01:00:00+00:00")
    store = Store(root, now=clock.now, operator="张伟")
    store.open()
    ctx = Context(store=store, clock=clock, settings=Settings(tz="Asia/Shanghai"), operator="张伟")
    RosterService(ctx).import_text("date,shift,role,name,phone\n2026-07-29,08:00,officer,张伟,13800000002\n"
                                   "2026-07-30,08:00,officer,赵敏,13800000004\n")  # who may sign
    return ctx


def data_for(ctx: Context, spec: dict) -> dict:
    now = ctx.now()
    data = {"open": spec["open"], "text": spec["text"], "severity": spec["severity"],
            "status": spec["status"], "received_at": now.shift(minutes=-spec["minutes_ago"]).isoformat()}
    if spec["due_in"] is not None:
        data["due_at"] = now.shift(minutes=spec["due_in"]).isoformat()
    if spec["kind"] == "escalation":
        data.update(subject_kind="ticket", subject_id=1, reason="no_update")
    if spec["kind"] == "ticket":
        data.update(hazard="embankment", ack_due_at=now.isoformat())
    return data


def expected(ctx: Context, patrol_overdue: set[int]) -> set[str]:
    keys = set()
    for kind in KINDS:
        keys |= {f"{kind}:{r['id']}" for r in ctx.store.open_records(kind) if r.get("open")}
    return keys | {f"patrol:{k}" for k in patrol_overdue}


def carried(handover) -> list[str]:
    return [i.key for i in handover.items]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.lists(record, max_size=14), points=st.lists(keypoint, max_size=4),
       later=st.lists(record, max_size=6), close=st.lists(st.integers(0, 20), max_size=6))
def test_handover_carries_every_open_item(first, points, later, close):
    with tempfile.TemporaryDirectory() as tmp:
        ctx = new_context(Path(tmp) / "db")
        made = ctx.store.commit([Create("keypoint", {"type": "river", "name": f"点{i}",
                                                     "patrol_interval_min": interval})
                                 for i, (interval, _) in enumerate(points)]) if points else []
        ctx.clock.advance(minutes=600)
        overdue = set()
        patrols = []
        for point, (interval, since) in zip(made, points):
            if since is not None:
                patrols.append(Create("log", {"at": ctx.now().shift(minutes=-since).isoformat(), "kind": "patrol",
                                              "text": "巡查", "author": "张伟", "keypoint_id": point["id"]}))
            if interval and (since is None or since >= interval):
                overdue.add(point["id"])
        ops = patrols + [Create(spec["kind"], data_for(ctx, spec)) for spec in first]
        if ops:
            ctx.store.commit(ops)

        service = HandoverService(ctx)
        handover = service.start()
        assert len(carried(handover)) == len(set(carried(handover)))
        assert set(carried(handover)) == expected(ctx, overdue)

        # the state moves on: some items close, new ones open
        open_now = [(k, r) for k in KINDS for r in ctx.store.open_records(k)]
        closing = {i % len(open_now) for i in close} if open_now else set()
        ops = [Update(k, r["id"], {"open": False, "status": "closed"}) for i, (k, r) in enumerate(open_now)
               if i in closing]
        ops += [Create(spec["kind"], data_for(ctx, spec)) for spec in later]
        if ops:
            ctx.store.commit(ops)
        ctx.clock.advance(minutes=61)  # past every first hour, so signing is never refused
        overdue_now = set()
        for point, (interval, since) in zip(made, points):
            if interval and (since is None or since + 61 >= interval):
                overdue_now.add(point["id"])
        handover = service.acknowledge(service.refresh(handover), None, "赵敏")
        assert set(carried(handover)) == expected(ctx, overdue_now)
        handover = sign_as(service, "赵敏", handover, "incoming")
        sealed = sign_as(service, "张伟", handover, "outgoing")
        assert sealed.sealed and service.verify(sealed)
        assert len(carried(sealed)) == len(set(carried(sealed)))
        assert set(carried(sealed)) == expected(ctx, overdue_now)
        assert set(service.shifts.following(service.shifts.current()).carried) == set(carried(sealed))
