"""Real processes: concurrent CLI writers, and kill -9 of a writer in a loop."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import arrow

from dutyroom.store import Store
from dutyroom.store.verify import verify
from tests.conftest import ROOT, cli_env, run_cli

WRITER = str(ROOT / "tests" / "store" / "writer.py")


def test_four_cli_processes_250_writes_each_all_present(db: Path):
    """4 shell loops x 250 `dutyroom log add` at once: every one of the 1,000 is stored."""
    script = 'for i in $(seq 1 250); do "$PY" -m dutyroom log add "p$P-$i 巡查正常" --kind patrol >/dev/null || echo FAIL; done'
    procs = [subprocess.Popen(["bash", "-c", script], env={**cli_env(db), "PY": sys.executable, "P": str(p)},
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in range(4)]
    outputs = [p.communicate(timeout=900) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert not any("FAIL" in out for out, _ in outputs), outputs
    rows = json.loads(run_cli(db, "log", "list", "--json").stdout)
    texts = {r["text"] for r in rows}
    assert len(rows) == 1000
    assert texts == {f"p{p}-{i} 巡查正常" for p in range(4) for i in range(1, 251)}
    assert sorted(r["id"] for r in rows) == list(range(1, 1001))
    assert run_cli(db, "verify").returncode == 0


def _confirmed(stdout: str) -> list[int]:
    return [int(line.split()[1]) for line in stdout.splitlines() if line.startswith("ok ")]


def _check_after_crash(db: Path, confirmed: list[int]) -> None:
    store = Store(db, now=arrow.utcnow, operator="checker")
    store.open()  # loads every time
    for rid in confirmed:
        assert store.get("log", rid) is not None, f"confirmed entry {rid} lost"
    report = verify(store)
    assert report.ok, report.problems


def test_kill_9_in_a_loop_loses_no_confirmed_write(tmp_path: Path):
    """36 trials: 24 aimed at the moment of writing (fault points), 12 at random times."""
    rng = random.Random(7)
    points = ["before-journal", "after-journal", "mid-state", "before-meta"]
    trials = [(p, n) for p in points for n in (1, 3, 7, 2, 5, 9)] + [("random", 0)] * 12
    db = tmp_path / "db"
    all_confirmed: list[int] = []
    for point, nth in trials:
        env = {k: v for k, v in os.environ.items() if k != "DUTYROOM_CRASH_AT"}
        env["DUTYROOM_CHECKPOINT_LINES"] = "5"  # checkpoints often, so crashes hit them too
        if point != "random":
            env["DUTYROOM_CRASH_AT"] = f"{point}:{nth}"
        proc = subprocess.Popen([sys.executable, WRITER, str(db), "400", f"{point}{nth}"],
                                stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        if point == "random":
            time.sleep(rng.uniform(0.15, 0.6))
            proc.kill()
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == -9, (point, nth, proc.returncode)
        all_confirmed.extend(_confirmed(out))
        _check_after_crash(db, all_confirmed)
    assert len(all_confirmed) > 50


def test_kill_9_at_each_checkpoint_step_then_verify_is_clean(tmp_path: Path):
    """A kill -9 at every step of the checkpoint (and right after the journal line): every
    confirmed write is there, and ``verify`` run first, in a fresh process, finds nothing."""
    points = ["after-journal", "checkpoint-start", "checkpoint-pending", "mid-state",
              "checkpoint-index", "before-meta", "checkpoint-done", "checkpoint-search",
              "search-manifest"]
    db = tmp_path / "db"
    all_confirmed: list[int] = []
    for point in points:
        for nth in (1, 4):
            env = {k: v for k, v in os.environ.items() if not k.startswith("DUTYROOM_")}
            env.update({"DUTYROOM_CRASH_AT": f"{point}:{nth}", "DUTYROOM_CHECKPOINT_LINES": "3"})
            proc = subprocess.run([sys.executable, WRITER, str(db), "60", f"{point}{nth}"],
                                  capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
            assert proc.returncode == -9, (point, nth, proc.returncode, proc.stderr[-500:])
            all_confirmed.extend(_confirmed(proc.stdout))
            check = run_cli(db, "verify")  # before anything else opens the store
            assert check.returncode == 0, (point, nth, check.stdout)
            _check_after_crash(db, all_confirmed)
    assert len(all_confirmed) > 40
