"""The changeover: several officers act at the same moment on one shift.

Two sessions starting the handover make one draft; officers signing on at once all end
up on one shift record. Deterministic races (session B commits between session A's
check and A's commit) and the same with real concurrent CLI processes.
"""

from __future__ import annotations

import json
import subprocess
import sys

from dutyroom.config import load_settings
from dutyroom.services.context import Context
from dutyroom.services.handover import HandoverService
from dutyroom.services.shifts import ShiftService
from dutyroom.store import Store
from tests.conftest import ROOT, cli_env


def second_session(ctx: Context, operator: str) -> Context:
    """Another officer's process: its own Store on the same data."""
    store = Store(ctx.store.root, now=ctx.clock.now, operator=operator, station="10.0.0.9")
    store.open()
    return Context(store=store, clock=ctx.clock, settings=load_settings(ctx.store.root / "config.toml"),
                   operator=operator, station="10.0.0.9")


def before_first_commit(ctx: Context, action, kind: str) -> list:
    """Run ``action`` (the other session's whole operation) just before ctx's first commit
    that creates or updates a ``kind`` record: after ctx looked, before it writes."""
    done: list = []
    commit = ctx.store.commit

    def racing_commit(ops, *args, **kwargs):
        if not done and any(op.kind == kind for op in ops):
            done.append(action())
        return commit(ops, *args, **kwargs)

    ctx.store.commit = racing_commit  # type: ignore[method-assign]
    return done


def handovers(ctx: Context) -> list[dict]:
    return [h for h in ctx.store.open_records("handover")]


def shift_records(ctx: Context, start) -> list[dict]:
    from dutyroom.model.timeinput import iso

    return [s for s in ctx.store.all("shift") if s.get("start") == iso(start)]


def test_two_sessions_starting_the_handover_at_once_make_one_draft(ctx):
    other = second_session(ctx, "李娜")
    ShiftService(ctx).ensure(ShiftService(ctx).current())  # the shift record exists already
    raced = before_first_commit(ctx, lambda: HandoverService(other).start(), "handover")
    mine = HandoverService(ctx).start()
    assert raced and raced[0].id is not None
    assert len(handovers(ctx)) == 1
    assert mine.id == raced[0].id  # the stale session found the other's draft and used it


def test_two_officers_signing_on_at_once_share_one_shift_record(ctx):
    other = second_session(ctx, "李娜")
    shift = ShiftService(ctx).current()
    assert shift.id is None  # no record yet: both sessions would create one
    raced = before_first_commit(ctx, lambda: ShiftService(other).sign_on("李娜"), "shift")
    mine = ShiftService(ctx).sign_on("张伟")
    assert raced
    records = shift_records(ctx, shift.start)
    assert len(records) == 1
    names = [a["name"] for a in records[0]["attendance"]]
    assert sorted(names) == sorted(["李娜", "张伟"])
    assert mine.id == records[0]["id"] and sorted(mine.on_duty()) == sorted(names)


def test_a_sign_on_racing_another_on_the_same_record_is_applied_again(ctx):
    other = second_session(ctx, "李娜")
    ShiftService(ctx).ensure(ShiftService(ctx).current())
    raced = before_first_commit(ctx, lambda: ShiftService(other).sign_on("李娜"), "shift")
    ShiftService(ctx).sign_on("张伟")
    assert raced
    (record,) = shift_records(ctx, ShiftService(ctx).current().start)
    assert sorted(a["name"] for a in record["attendance"]) == ["张伟", "李娜"]


def run_together(db, commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "dutyroom", *cmd], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=cli_env(db), cwd=ROOT)
             for cmd in commands]
    out = []
    for proc, cmd in zip(procs, commands):
        stdout, stderr = proc.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr))
    return out


def test_real_processes_at_the_changeover(ctx, db):
    """Six officers sign on and three sessions start the handover, all at once."""
    names = ["王强", "张伟", "李娜", "赵敏", "陈刚", "刘洋"]
    commands = [["shift", "sign-on", "--name", n] for n in names]
    commands += [["handover", "start", "--json"] for _ in range(3)]
    results = run_together(db, commands)
    assert all(r.returncode == 0 for r in results), [(r.args, r.returncode, r.stderr, r.stdout[-300:]) for r in results if r.returncode]
    fresh = Store(db, now=ctx.clock.now, operator="check")
    fresh.open()
    shifts = [s for s in fresh.all("shift")]
    on = [a["name"] for s in shifts for a in s.get("attendance", [])]
    assert sorted(on) == sorted(names)  # nobody's sign-on hidden on a twin record
    starts = {s["start"] for s in shifts}
    assert len(shifts) == len(starts)  # one record per shift
    drafts = fresh.open_records("handover")
    assert len(drafts) == 1
    ids = {json.loads(r.stdout)["id"] for r in results[len(names):]}
    assert ids == {drafts[0]["id"]}
    assert subprocess.run([sys.executable, "-m", "dutyroom", "verify"], env=cli_env(db), cwd=ROOT,
                          capture_output=True).returncode == 0
