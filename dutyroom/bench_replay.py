"""The replay rows of the benchmark (``python -m dutyroom.bench``): 复盘 at season scale.

- start: ``dutyroom replay --at <season end> --json`` in a fresh process, against
  ``dutyroom report list --open --json`` (the live list of the same open chains), each in
  a fresh process, interleaved sample by sample;
- a step: in one replay session (as the read-only dashboard holds it), one journal event
  back, alone and with the board's sections computed again (500 open chains at the season's end), against computing the same sections on
  the live store;
- a step as the officer sees it: the real read-only dashboard (``ReplayApp``, headless, in a
  fresh process at season end) stepped by ``[`` and ``]``, timed from the key until the
  dashboard has handled the step and repainted, against the live dashboard (another fresh
  process) reloading every pane from the same store, interleaved; one step in five crosses
  a snapshot boundary on purpose (its median and the maximum are printed).

The replay cache (a snapshot every ``SNAPSHOT_LINES`` lines, derived from the journal) is
built once before measuring, as a real installation has it after its first replay; the
time that takes is printed with the results.
"""

from __future__ import annotations

import statistics
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

TUI_STEPS = r"""
import asyncio, os, sys, time
os.environ.setdefault("DUTYROOM_TZ", "Asia/Shanghai")
import arrow
from textual import events
from dutyroom.api import open_room
from dutyroom.messages import DataChanged
from dutyroom.services.clock import FixedClock
root, moment, mode = sys.argv[1], sys.argv[2], sys.argv[3]
room = open_room(root, operator="bench", clock=FixedClock(moment), lang="en")
KEYS = {"[": "left_square_bracket", "]": "right_square_bracket"}
if mode == "replay":
    from dutyroom.replay_app import ReplayApp
    from dutyroom.services.replay import ReplaySession
    session = ReplaySession(room.ctx, arrow.get(moment))
    app = ReplayApp(session)
else:
    from dutyroom.app import make_app
    session = None
    app = make_app(room.ctx, offer_drafts=False, ask_identity=False)


async def main():
    loop = asyncio.get_running_loop()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        dashboard = app.screen_stack[0]
        waiting = []
        if session is not None:
            moved = app._moved

            def repainted_after_move(*args):  # the step's messages are queued: wait behind them
                moved(*args)
                while waiting:
                    dashboard.call_after_refresh(waiting.pop().set)

            app._moved = repainted_after_move
        print("READY", session.line if session else 0, flush=True)
        while True:
            command = (await loop.run_in_executor(None, sys.stdin.readline)).split()
            if not command:
                break
            if command[0] == "line":  # untimed: stand at a journal line, dashboard repainted
                session.goto_line(int(command[1]))
                event = asyncio.Event()
                waiting.append(event)
                app._moved()
                await event.wait()
                while app._preparing:  # what the app does between keys is done, as after any key
                    await asyncio.sleep(0.01)
                await pilot.pause()
                print("at", session.line, flush=True)
                continue
            event = asyncio.Event()
            start, cpu = time.perf_counter(), time.process_time()
            if command[0] == "full":  # the live dashboard reloads every pane from the store
                dashboard.post_message(DataChanged([], restarted=True, start=-1, end=room.ctx.store.revision()))
                dashboard.call_after_refresh(event.set)
            else:
                waiting.append(event)
                app.post_message(events.Key(KEYS[command[0]], command[0]))
            await event.wait()
            print((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000, flush=True)

asyncio.run(main())
"""
"""The read-only dashboard stepped by keys, and the live one's full refresh, each in a fresh
process commanded line by line: ``line N`` (untimed), ``[``, ``]``, ``full``; each timed from
the key until the dashboard has handled the step's messages and repainted."""


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
    tui, tui_note = tui_step_rows(season, samples)
    note = f"replay cache built by the first replay in {first_s:.1f} s (once; derived, under cache/replay/)"
    return rows + tui, f"{note}; {tui_note}"


class _Probe:
    """One fresh process running :data:`TUI_STEPS`, answering a line per command."""

    def __init__(self, season: Season, mode: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", TUI_STEPS, str(season.root), season.now, mode],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=quiet_env())
        self.line = int(self._read()[1])
        self.cpu: list[float] = []
        """CPU milliseconds of each timed command (what a shared machine's load does not add)."""

    def _read(self) -> list[str]:
        assert self.proc.stdout is not None
        out = self.proc.stdout.readline().split()
        if not out:
            raise RuntimeError(f"the replay probe stopped (exit {self.proc.wait()})")
        return out

    def ask(self, command: str) -> float:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        if command.startswith("line"):
            return float(self._read()[1])
        wall, cpu = (float(x) for x in self._read()[:2])
        self.cpu.append(cpu)
        return wall

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _boundaries(season: Season, end: int) -> list[int]:
    """The snapshot lines below ``end``, newest first (where one step back crosses a snapshot)."""
    import orjson

    try:
        index = orjson.loads((season.root / "cache" / "replay" / "index.json").read_bytes())["snapshots"]
    except (OSError, ValueError, KeyError):
        return []
    return sorted((int(e["line"]) for e in index if 1 < int(e["line"]) < end - 1), reverse=True)


CROSS_EVERY = 5
"""One sample in CROSS_EVERY steps across a snapshot boundary (a session meets one in 5,000)."""
SPREAD = 37
"""The other steps start SPREAD lines apart, back from the season's end (30 samples: its last
1,100 lines, where log entries, reports and tickets were written)."""


def tui_step_rows(season: Season, samples: int) -> tuple[list[Row], str]:
    """``[`` and ``]`` in the read-only dashboard at season end (keypress to repainted panes),
    against the live dashboard's full refresh of the same store, interleaved sample by sample;
    every CROSS_EVERY-th step crosses a snapshot boundary on purpose."""
    replay, live = _Probe(season, "replay"), _Probe(season, "live")
    try:
        end = replay.line
        cuts = _boundaries(season, end) or [max(2, end // 2)]
        rounds = {"back": 0, "forward": 0}
        crossing: dict[str, list[float]] = {"back": [], "forward": []}

        def step(kind: str) -> float:
            i = rounds[kind]
            rounds[kind] += 1
            cut = cuts[(i // CROSS_EVERY) % len(cuts)]
            crosses = i % CROSS_EVERY == 0
            spread = max(2, end - 40 - SPREAD * i)  # over the last day's lines: log entries, reports, tickets
            if kind == "back":
                replay.ask(f"line {cut if crosses else spread}")
                ms = replay.ask("[")
            else:
                replay.ask(f"line {cut - 1 if crosses else spread - 1}")
                ms = replay.ask("]")
            if crosses:
                crossing[kind].append(ms)
            return ms

        times = interleaved({"back": lambda: step("back"), "forward": lambda: step("forward"),
                             "full": lambda: live.ask("full")}, samples)
    finally:
        replay.close()
        live.close()
    ref = ("the live dashboard's full refresh", times["full"])
    rows = [
        row("replay app: `[` one event back, key to repainted dashboard", times["back"], reference=ref, digits=1),
        row("replay app: `]` one event forward, key to repainted dashboard", times["forward"], reference=ref,
            digits=1),
        row("reference: the live dashboard's full refresh (every pane reloaded), repainted", times["full"],
            digits=1),
    ]
    note = (f"replay app steps at season end, 1 in {CROSS_EVERY} across a snapshot boundary: "
            f"`[` max {max(times['back']):.1f} ms (across a boundary: median "
            f"{statistics.median(crossing['back']):.1f}), `]` max {max(times['forward']):.1f} ms "
            f"(across: median {statistics.median(crossing['forward']):.1f}); CPU of the app per step "
            f"median {statistics.median(replay.cpu):.1f} ms, max {max(replay.cpu):.1f}; of the live "
            f"full refresh median {statistics.median(live.cpu):.1f} ms")
    return rows, note
