"""The demo day: realistic sizes, every ticket state, consistent links, a verifiable journal."""

from __future__ import annotations

from collections import Counter

from dutyroom.model.ticket import TicketStatus
from dutyroom.services.demo import fill_demo
from dutyroom.services.status import StatusService
from dutyroom.store.verify import verify


def test_demo_fills_a_flood_season_day(ctx):
    summary = fill_demo(ctx)
    store = ctx.store
    logs = [r for d in store.days("log") for r in store.day_records("log", d)]
    reports = [r for d in store.days("report") for r in store.day_records("report", d)]
    tickets = [r for d in store.days("ticket") for r in store.day_records("ticket", d)]
    assert summary == {"log": len(logs), "reports": len(reports), "tickets": len(tickets)}
    engine = [r for r in logs if (r.get("message") or {}).get("key", "").startswith("escalation.log.")]
    # the officers' day (patrols within every interval, news of every ticket being worked hourly);
    # the engine's lines come on top, a few: the room keeps up
    assert 480 <= len(logs) - len(engine) <= 580 and len(engine) <= 40
    assert 55 <= len(reports) <= 70 and len(tickets) == 15
    assert set(Counter(t["status"] for t in tickets)) == {s.value for s in TicketStatus}
    assert {k["type"] for k in store.all("keypoint")} >= {"reservoir", "embankment", "waterlogging_point",
                                                          "geological_point", "dilapidated_house",
                                                          "river", "bridge"}
    status = StatusService(ctx).current()
    assert status.response.value == "III" and "rainstorm:red" in [w.code for w in status.warnings]
    assert any("Ⅳ级提升至Ⅲ级" in r["text"] for r in logs)
    chains = Counter(r["chain_id"] or r["id"] for r in reports)
    assert len(chains) >= 20 and max(chains.values()) >= 3
    by_id = {r["id"]: r for r in reports}
    assert all(by_id[r["chain_id"]]["sequence"] == 0 for r in reports if r["chain_id"])
    report_ids = set(by_id)
    assert all(r["report_id"] in report_ids for r in logs if r.get("report_id"))
    assert 1 <= len(store.open_records("escalation")) <= 4
    handovers = [r for d in store.days("handover") for r in store.day_records("handover", d)]
    assert handovers and all(h["state"] == "sealed" and h["sealed_at"] for h in handovers)
    assert any(r.get("amends") for r in logs)
    now = ctx.now()
    assert all(r["at"] <= now.isoformat() for r in logs)
    assert verify(store).ok


# ------------------------------------------------------------------ a demo that passes its own checks
import arrow  # noqa: E402
import pytest  # noqa: E402

from dutyroom.config import Settings, duty_day_start  # noqa: E402
from dutyroom.services.bulletin import duty_day  # noqa: E402
from dutyroom.services.handover import HandoverService  # noqa: E402
from dutyroom.services.handover_content import carried_items  # noqa: E402
from dutyroom.services.instructions import Instructions  # noqa: E402
from dutyroom.services.shifts import ShiftService  # noqa: E402


def test_demo_handovers_are_sealed_by_the_service_and_verify(ctx):
    fill_demo(ctx)
    service = HandoverService(ctx)
    sealed = service.all()
    assert sealed and all(service.verify(h) for h in sealed)
    assert all(h.sealed_at is not None and h.incoming and h.outgoing and h.incoming != h.outgoing
               for h in sealed)
    assert service.last_sealed() is not None


@pytest.mark.parametrize("pattern, hours", [("", 24), ('[shifts]\nstarts = ["00:00", "08:00", "16:00"]\n', 8),
                                            ('duty_day_start = "08:30"\n', 24)])
def test_demo_shifts_follow_the_configured_pattern(ctx, db, pattern, hours):
    (db / "config.toml").write_text(pattern, encoding="utf-8")
    from dutyroom.config import load_settings

    ctx.settings = load_settings(db / "config.toml")
    fill_demo(ctx)
    shifts = ShiftService(ctx)
    stored = sorted(shifts.all(), key=lambda s: s.start)
    assert stored and all((s.end - s.start).total_seconds() == hours * 3600 for s in stored)
    for shift in stored:
        slot = shifts.slot_at(shift.start)
        assert (slot.start, slot.end) == (shift.start, shift.end)
    coming = stored.pop()  # the next shift is rostered too (its officers sign the handover in)
    assert coming.start == stored[-1].end > ctx.now() and coming.officers
    assert shifts.current().id == stored[-1].id  # the demo opens on the pattern's current shift
    changeovers = [s.start for s in stored[1:] if s.start > ctx.now().shift(hours=-24)]
    sealed = HandoverService(ctx).all()
    assert len(sealed) == len(changeovers) >= 1
    assert all(h.sealed_at is not None and HandoverService(ctx).verify(h) for h in sealed)
    hour, minute = duty_day_start(ctx.settings)
    assert stored[-1].start.to(ctx.tz).format("HH:mm") in {f"{m // 60:02d}:{m % 60:02d}" for m in shifts.starts}
    assert duty_day(ctx)[1].to(ctx.tz).format("HH:mm") == f"{hour:02d}:{minute:02d}"


def test_duty_day_start_is_one_setting_for_shifts_and_bulletin():
    assert duty_day_start(Settings()) == (8, 0)  # as the default shift pattern: 24 h from 08:00
    assert duty_day_start(Settings(raw={"shifts": {"start": "08:30"}})) == (8, 30)
    assert duty_day_start(Settings(raw={"shifts": {"starts": ["16:00", "00:00", "08:00"]}})) == (0, 0)
    assert duty_day_start(Settings(raw={"duty_day_start": "07:00", "shifts": {"start": "08:00"}})) == (7, 0)
    from dutyroom.model.errors import ValidationError

    with pytest.raises(ValidationError):
        duty_day_start(Settings(raw={"duty_day_start": "25:00"}))


def test_shift_pattern_starts_at_the_duty_day_start(ctx, db):
    (db / "config.toml").write_text('duty_day_start = "07:30"\n', encoding="utf-8")
    from dutyroom.config import load_settings

    ctx.settings = load_settings(db / "config.toml")
    assert ShiftService(ctx).starts == [7 * 60 + 30]
    assert duty_day(ctx)[1].to(ctx.tz).format("HH:mm") == "07:30"


def test_demo_escalations_are_few_fresh_and_for_a_visible_reason(ctx):
    fill_demo(ctx)
    pending = ctx.store.open_records("escalation")
    assert 1 <= len(pending) <= 4
    assert {e["reason"] for e in pending} == {"patrol_overdue", "deadline_missed", "not_acknowledged",
                                              "level_above_flood_limit"}  # issue 15: 沙河水库, 20 min ago
    now = ctx.now()
    for esc in pending:
        assert esc["level"] == 1  # breached within the last half hour: the room mostly keeps up
        assert now.shift(minutes=-30) < arrow.get(esc["breach_at"]) <= now
        assert ctx.store.get(esc["subject_kind"], esc["subject_id"]) is not None  # the reason is on screen


def test_demo_room_keeps_up_with_its_own_rules(ctx):
    """Through the day the engine finds only a handful of late items: the rising water and rain
    at the stations, one patrol and one ticket's news late in the night (each cleared by the
    officers within the hour), and the late things at "now"; else every patrol is within its
    interval, every unit replies in time and every ticket being worked has news within the hour."""
    fill_demo(ctx)
    store = ctx.store
    every = [e for d in store.days("escalation") for e in store.day_records("escalation", d)]
    raised = Counter(e["reason"] for e in every)
    assert sum(raised.values()) <= 12, raised
    assert (raised["patrol_overdue"], raised["no_update"], raised["not_acknowledged"]) == (2, 1, 1), raised
    earlier = [e for e in every if e["reason"] in ("patrol_overdue", "no_update")
               and arrow.get(e["raised_at"]) < ctx.now().shift(hours=-1)]
    assert len(earlier) == 2 and all(e["state"] == "cleared" for e in earlier)
    assert all(arrow.get(e["cleared_at"]) <= arrow.get(e["raised_at"]).shift(hours=1) for e in earlier)
    shift = ShiftService(ctx).current()
    logs = [r for d in store.days("log") for r in store.day_records("log", d)
            if r["at"] >= shift.start.isoformat()]
    engine = [r for r in logs if (r.get("message") or {}).get("key", "").startswith("escalation.log.")]
    assert logs and len(engine) * 5 < len(logs)  # the shift's log is the officers'


def test_demo_handover_carries_chains_not_follow_ups(ctx):
    fill_demo(ctx)
    reports = [i for i in carried_items(ctx) if i.kind == "report"]
    heads = [r for r in ctx.store.open_records("report") if r.get("open") and not r.get("chain_id")]
    assert len(reports) == len(heads) == len({i.id for i in reports})
    assert all(ctx.store.get("report", i.id)["stage"] == "first" for i in reports)
    follow_ups = [r for d in ctx.store.days("report") for r in ctx.store.day_records("report", d)
                  if r.get("chain_id")]
    assert follow_ups and not any(r["open"] for r in follow_ups)
    head = ctx.store.get("report", follow_ups[0]["chain_id"])
    assert follow_ups[0]["id"] in head["thread_ids"]


def test_handover_carries_a_follow_up_left_open_with_its_chain(ctx):
    """Records written by older demo days: open follow-ups are not carried as items of their own."""
    from dutyroom.store import Create, Update

    head = ctx.store.create("report", {"received_at": ctx.now().isoformat(), "channel": "phone",
                                       "category": "waterlogging", "severity": "IV", "location": "人民路",
                                       "text": "积水", "stage": "first", "status": "open", "open": True})
    ctx.store.commit([Create("report", {"received_at": ctx.now().isoformat(), "channel": "phone",
                                        "category": "waterlogging", "severity": "IV", "location": "人民路",
                                        "text": "续报", "stage": "follow_up", "status": "open", "open": True,
                                        "chain_id": head["id"], "sequence": 1}),
                      Update("report", head["id"], {"text": "积水 40 cm"})])
    assert [i.id for i in carried_items(ctx) if i.kind == "report"] == [head["id"]]


def test_demo_leader_instructions_are_records(ctx):
    fill_demo(ctx)
    instructions = Instructions(ctx).all()
    assert len(instructions) >= 5
    assert any(i.feedback for i in instructions)
    assert all(i.due_at > ctx.now() for i in Instructions(ctx).open())  # none overdue
    logs = [r for d in ctx.store.days("log") for r in ctx.store.day_records("log", d)]
    assert not [r for r in logs if r["kind"] == "instruction" and not r.get("system")]


def test_last_sealed_handover_without_a_seal_time_is_still_found(ctx):
    """A handover sealed by another tool (older demo days) has no seal time: no TypeError."""
    from dutyroom.model.handover import content_digest

    for index in (1, 2):
        data = {"shift_id": index, "state": "sealed", "outgoing": "陈静", "incoming": "李娜", "items": [],
                "open": False, "seal": ""}
        if index == 2:
            data["sealed_at"] = ctx.now().isoformat()
        data["seal"] = content_digest(data)
        ctx.store.create("handover", data)
    found = HandoverService(ctx).last_sealed()
    assert found is not None and found.shift_id == 2
    from dutyroom.services.handover_print import handover_document
    from dutyroom.services.printout import render

    older = HandoverService(ctx).get(1)
    assert older is not None and older.sealed_at is None
    text = render(handover_document(older, ctx.tz, "zh", stored=True), "txt").decode("utf-8")
    assert older.seal in text


def test_the_sealed_handover_lists_the_leader_instructions_of_its_shift(ctx):
    fill_demo(ctx)
    sealed = HandoverService(ctx).all()
    given = [i for i in Instructions(ctx).all() if sealed[-1].period_start <= i.issued_at < sealed[-1].period_end]
    assert given, "the demo gives instructions during the shift"
    listed = {e.id for e in sealed[-1].events if e.kind == "instruction"}
    assert {i.id for i in given} <= listed
