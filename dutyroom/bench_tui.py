"""Dashboard figures: ``python -m dutyroom.bench_tui [--days 120] [--quick]``.

- start-up to first frame (from process start, headless, 120x40) on the demo day and on
  season-scale data (the benchmark's ``build_season``: 120 days, ~270k records);
- the time from another process's confirmed write to the change in the dashboard's
  log pane (the app polls the journal twice a second, so expect up to ~0.5 s plus a frame).

Each app runs in a fresh process, pinned to a clock inside the data's last day.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

APP_PROBE = r"""
import asyncio, os, sys, time
os.environ.setdefault("DUTYROOM_TZ", "Asia/Shanghai")
db, now, width, height, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
from pathlib import Path
from dutyroom.app import make_app
from dutyroom.config import load_settings
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.store import Store

clock = FixedClock(now)
store = Store(Path(db), now=clock.now, operator="bench")
store.open()
ctx = Context(store=store, clock=clock, settings=load_settings(Path(db) / "config.toml"), operator="bench")


async def main():
    app = make_app(ctx, offer_drafts=False)
    async with app.run_test(size=(width, height)) as pilot:
        await pilot.pause()
        print("FRAME", flush=True)
        if mode != "latency":
            return
        from dutyroom.widgets.log_pane import LogPane
        pane = app.screen.query_one(LogPane)
        samples = int(sys.argv[6])
        for i in range(samples):
            marker = f"bench-latency-{i}-{time.time_ns()}"
            writer = await asyncio.create_subprocess_exec(
                sys.executable, "-c", WRITER, db, now, marker, stdout=asyncio.subprocess.PIPE)
            seen = None
            give_up = time.time() + 30
            while seen is None and time.time() < give_up:
                if any(marker in row.cells[4].plain for row in pane._rows.values()):
                    seen = time.time()
                    break
                await pilot.pause(0.005)
            out, _ = await writer.communicate()
            if seen is None:
                print("MISSED", marker, out.decode().strip(), app.data_version, flush=True)
                continue
            print("LATENCY", seen - float(out.decode().split()[-1]), flush=True)
            await pilot.pause(0.2)

WRITER = '''
import sys, time
from pathlib import Path
import arrow
from dutyroom.store import Store, Create
from dutyroom.model.log_entry import new_log_entry
db, now, marker = sys.argv[1], sys.argv[2], sys.argv[3]
store = Store(Path(db), now=lambda: arrow.get(now), operator="writer")
store.open()
entry = new_log_entry(text=marker, at=arrow.get(now), author="writer")
store.commit([Create("log", entry.payload())])
print(time.time(), flush=True)
'''

asyncio.run(main())
"""


def first_frame_ms(db: Path, now: str, size: tuple[int, int] = (120, 40)) -> float:
    """Wall time from spawning a fresh process to the dashboard's first frame."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", APP_PROBE, str(db), now, str(size[0]),
                             str(size[1]), "frame"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("FRAME"):
            elapsed = (time.perf_counter() - start) * 1000
            break
    else:
        raise RuntimeError("the app never drew its first frame")
    proc.wait(timeout=60)
    return elapsed


def write_to_screen_ms(db: Path, now: str, samples: int) -> list[float]:
    """Another process commits a log entry; how long until the dashboard's log pane shows it."""
    out = subprocess.run([sys.executable, "-c", APP_PROBE, str(db), now, "120", "40", "latency",
                          str(samples)], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    missed = [line for line in out.stdout.splitlines() if line.startswith("MISSED")]
    if missed:
        raise RuntimeError("a write never reached the dashboard: " + "; ".join(missed))
    return [float(line.split()[1]) * 1000 for line in out.stdout.splitlines()
            if line.startswith("LATENCY")]


def demo_db(root: Path, now: str) -> Path:
    from dutyroom.config import load_settings
    from dutyroom.services.clock import FixedClock
    from dutyroom.services.context import Context
    from dutyroom.services.demo import fill_demo
    from dutyroom.store import Store

    clock = FixedClock(now)
    store = Store(root, now=clock.now, operator="bench")
    store.open()
    fill_demo(Context(store=store, clock=clock, settings=load_settings(root / "config.toml"),
                      operator="bench"))
    return root


def _stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def tui_rows(work: Path, days: int, per_day: tuple[int, int, int], repeat: int,
             samples: int) -> list[tuple[str, str, str]]:
    """The dashboard rows of the benchmark (name, median, p95)."""
    from dutyroom.bench import SEASON_START, build_season

    rows: list[tuple[str, str, str]] = []
    demo_now = "2026-07-29T07:00:00+00:00"
    demo = demo_db(work / "demo", demo_now)
    frames = [first_frame_ms(demo, demo_now) for _ in range(repeat)]
    rows.append(("start-up to first frame, demo day (ms)", *(f"{v:.0f}" for v in _stats(frames))))
    build_season(work / "season", days, per_day)
    season_now = SEASON_START.shift(days=days - 1, hours=10).isoformat()
    frames = [first_frame_ms(work / "season", season_now) for _ in range(repeat)]
    rows.append((f"start-up to first frame, {days}-day season (ms)",
                 *(f"{v:.0f}" for v in _stats(frames))))
    latencies = write_to_screen_ms(demo, demo_now, samples)
    rows.append(("another process's write to the dashboard (ms)", *(f"{v:.0f}" for v in _stats(latencies))))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dutyroom.bench_tui", description=__doc__)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--per-day", default="1667,500,100")
    parser.add_argument("--repeat", type=int, default=5, help="start-ups per data set")
    parser.add_argument("--samples", type=int, default=20, help="write-to-screen samples")
    parser.add_argument("--quick", action="store_true", help="a tiny run that checks the script works")
    args = parser.parse_args(argv)
    if args.quick:
        args.days, args.per_day, args.repeat, args.samples = 3, "50,10,3", 1, 3
    per_day = tuple(int(x) for x in args.per_day.split(","))
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-tui-") as tmp:
        rows = tui_rows(Path(tmp), args.days, per_day, args.repeat, args.samples)  # type: ignore[arg-type]
    width = max(len(r[0]) for r in rows)
    print(f"{'dashboard measurement':<{width}}  {'median':>8}  {'p95':>8}")
    for name, median, p95 in rows:
        print(f"{name:<{width}}  {median:>8}  {p95:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
