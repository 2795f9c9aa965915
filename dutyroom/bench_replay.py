"""The replay rows of the benchmark (``python -m dutyroom.bench``): 复盘 at season scale.

- start: ``dutyroom replay --at <season end> --json`` in a fresh process, against
  ``dutyroom report list --open --json`` (the live list of the same open chains), each in
  a fresh process, interleaved sample by sample;
- a step: in one replay session (as the read-only dashboard holds it), one journal event
  back, alone and with the board's sections computed again (500 open chains at the season's end), against computing the same sections on
  the live store.

The replay cache (a snapshot every ``SNAPSHOT_LINES`` lines, derived from the journal) is
built once before measuring, as a real installation has it after its first replay; the
time that takes is printed with the results.
"""

from __future__ import annotations

import subprocess
import sys
import time

from dutyroom.bench_common import Row, Season, interleaved, quiet_env, row, timed_ms

STEPS = r"""
import sys, time, arrow
from dutyroom.api import open_room
from dutyroom.cli.replay_sections import replay_json
from dutyroom.services.clock import FixedClock
from dutyroom.services.replay import ReplaySession
root, moment, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
room = open_room(root, operator="bench", clock=FixedClock(moment), lang="en")
session = ReplaySession(room.ctx, arrow.get(moment))
replay_json(session.ctx, {})
for _ in range(samples):
    start = time.perf_counter(); session.step(-1)
    step = (time.perf_counter() - start) * 1000
    replay_json(session.ctx, {})
    board = (time.perf_counter() - start) * 1000
    start = time.perf_counter(); replay_json(room.ctx, {})
    live = (time.perf_counter() - start) * 1000
    print(f"{step} {board} {live}", flush=True)
"""


def _cli() -> list[str]:
    from pathlib import Path

    script = Path(sys.executable).with_name("dutyroom")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dutyroom"]


def replay_rows(season: Season, samples: int) -> tuple[list[Row], str]:
    cli, db = _cli(), ["--db", str(season.root)]
    start = time.perf_counter()
    subprocess.run([*cli, *db, "replay", "--at", season.now, "--json"], stdout=subprocess.DEVNULL,
                   check=True, env=quiet_env())
    first_s = time.perf_counter() - start

    def wall(cmd: list[str]) -> float:
        return timed_ms(lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=quiet_env()))

    times = interleaved({
        "replay": lambda: wall([*cli, *db, "replay", "--at", season.now, "--json"]),
        "live": lambda: wall([*cli, *db, "report", "list", "--open", "--json"]),
    }, samples)
    out = subprocess.run([sys.executable, "-c", STEPS, str(season.root), season.now, str(samples)],
                         capture_output=True, text=True, check=True, env=quiet_env()).stdout.split("\n")
    pairs = [tuple(float(x) for x in line.split()) for line in out if line.strip()]
    steps, board, live = [p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs]
    rows = [
        row("replay --at season end --json, fresh process", times["replay"],
            reference=("report list --open --json", times["live"]), digits=0),
        row("reference: dutyroom report list --open --json, fresh process", times["live"], digits=0),
        row("replay: one event back (the store as of the previous line)", steps,
            reference=("the board's sections on the live store", live), digits=1),
        row("replay: one event back + the board's sections", board,
            reference=("the same sections on the live store", live), digits=1),
        row("reference: the board's sections on the live store", live, digits=1),
    ]
    return rows, f"replay cache built by the first replay in {first_s:.1f} s (once; derived, under cache/replay/)"
