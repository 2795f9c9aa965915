"""The demo day written a moment at a time (issue #16): nothing after the moment is in the
journal, the journal stays in time order, and the day's reports and tickets come out as in one go;
the escalation engine ran through the day, raising, acknowledging and clearing at its times."""

from __future__ import annotations

import json

import arrow

from dutyroom.config import load_settings
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.services.demo import demo_writer, fill_demo
from dutyroom.store import Store
from dutyroom.store.verify import verify
from tests.conftest import START


def _context(root) -> Context:
    clock = FixedClock(START)
    store = Store(root, now=clock.now, operator="张伟", station="local")
    store.open()
    return Context(store=store, clock=clock, settings=load_settings(root / "config.toml"),
                   operator="张伟", station="local")


def _journal_times(root) -> list[arrow.Arrow]:
    lines = (root / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    return [arrow.get(json.loads(line)["at"]) for line in lines if line.strip()]


def _records(ctx: Context, kind: str) -> list[dict]:
    keep = ("id", "received_at", "location", "status", "severity", "chain_id", "report_id", "unit_id")
    rows = [r for d in ctx.store.days(kind) for r in ctx.store.day_records(kind, d)]
    return sorted(({k: r.get(k) for k in keep} for r in rows), key=lambda r: r["id"])


def test_the_demo_written_in_steps(tmp_path):
    whole, steps = _context(tmp_path / "whole"), _context(tmp_path / "steps")
    fill_demo(whole)
    writer = demo_writer(steps)
    now = writer.day.now
    for moment in (now.shift(hours=-16, minutes=-7), now.shift(hours=-6, minutes=-20), now.shift(minutes=-55)):
        writer.write_until(moment)
        times = _journal_times(steps.store.root)
        assert times == sorted(times) and times[-1] <= moment  # nothing from after the moment
    writer.write_until(now)
    assert _journal_times(steps.store.root) == sorted(_journal_times(steps.store.root))
    for kind in ("report", "ticket"):
        assert _records(steps, kind) == _records(whole, kind)
    assert verify(steps.store).ok


def test_the_engine_ran_through_the_demo_day(ctx):
    fill_demo(ctx)
    every = [r for d in ctx.store.days("escalation") for r in ctx.store.day_records("escalation", d)]
    cleared = [e for e in every if e["state"] == "cleared"]
    assert len(cleared) >= 5  # the room keeps up: a few raised in the day, cleared as things moved on
    # in the night a late patrol and a ticket's late news, each cleared by the officers' entry
    assert {e["reason"] for e in cleared} >= {"patrol_overdue", "no_update"}
    assert any(e.get("acked_at") and e["acked_by"] != "张伟" for e in every)  # by the night's officer
    assert all(arrow.get(e["raised_at"]) >= arrow.get(e["breach_at"]) for e in every)
    logs = [r for d in ctx.store.days("log") for r in ctx.store.day_records("log", d)]
    raised = [r for r in logs if (r.get("message") or {}).get("key") == "escalation.log.raise"]
    assert len(raised) == len(every)  # each raise is in the duty log, at its time
