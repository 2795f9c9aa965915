"""Dashboard figures: ``python -m dutyroom.bench_tui [--days 120] [--quick]``.

- start-up to the first complete frame **in a terminal**: a fresh process on a
  pseudo-terminal (120x40, xterm-256color), timed from spawning it to the moment the
  terminal has received the dashboard with every pane's data (each table pane's title
  carries its count only once its records are loaded), on the demo day and on
  season-scale data (the benchmark's ``build_season``: 120 days, ~270k records);
- the same start-up headless, until the app is idle (Textual's ``run_test`` and
  ``pilot.pause()``): this also counts the work done just after the first frame;
- the reference, measured in the same run the same way: a bare Textual app showing one
  line of text, i.e. the floor Python and Textual set before any of our code runs;
- the time from another process's confirmed write to the change in the dashboard's
  log pane (the app polls the journal twice a second, so expect up to ~0.5 s plus a frame).

Each app runs in a fresh process, pinned to a clock inside the data's last day.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import signal
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
    app = make_app(ctx, offer_drafts=False, ask_identity=False)
    async with app.run_test(size=(width, height)) as pilot:
        await pilot.pause()
        print("FRAME", flush=True)
        if mode == "memory":  # a few seconds of running: ticks, the escalation engine, the watcher
            await pilot.pause(3.5)
            hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
            print("MEMORY", int(hwm) / 1024, flush=True)
            return
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


PTY_PROBE = r"""
import os, sys
db, now = sys.argv[1], sys.argv[2]
from pathlib import Path
from dutyroom.app import make_app
from dutyroom.config import load_settings
from dutyroom.i18n import set_language
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.store import Store

set_language("en")
clock = FixedClock(now)
store = Store(Path(db), now=clock.now, operator="bench")
store.open()
ctx = Context(store=store, clock=clock, settings=load_settings(Path(db) / "config.toml"), operator="bench")
make_app(ctx, offer_drafts=False, ask_identity=False).run()
"""

BARE_PROBE = r"""
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bench-bare-frame")

Bare().run()
"""

_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                      rb"|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def dashboard_markers() -> list[str]:
    """What the terminal must have received: each table pane's title with its count
    (the teams pane puts a summary there instead once teams are out)."""
    from dutyroom.i18n import set_language, t

    set_language("en")
    counted = [t(key) + " (" for key in ("pane.log", "pane.escalations", "pane.reports",
                                         "pane.tickets")]
    return counted + [t("upward.pane.title")]


def pty_frame_ms(args: list[str], markers: list[str], size: tuple[int, int] = (120, 40),
                 timeout: float = 30.0) -> float:
    """Wall time from spawning ``python args`` on a pseudo-terminal until every marker
    has been written to it (escape sequences removed)."""
    import fcntl
    import pty
    import struct
    import termios

    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of the given size, then the probe
        os.environ.update(TERM="xterm-256color", COLUMNS=str(size[0]), LINES=str(size[1]))
        os.execv(sys.executable, [sys.executable, *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    received = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # the child ended
                break
            received += chunk
            plain = _ESCAPES.sub(b"", received).decode("utf-8", "replace")
            if all(marker in plain for marker in markers):
                return (time.perf_counter() - start) * 1000
        tail = _ESCAPES.sub(b"", received).decode("utf-8", "replace")[-1500:]
        raise RuntimeError(f"the terminal never showed {markers}: {tail}")
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)


def terminal_frame_ms(db: Path, now: str) -> float:
    return pty_frame_ms(["-c", PTY_PROBE, str(db), now], dashboard_markers())


def bare_frame_ms() -> float:
    return pty_frame_ms(["-c", BARE_PROBE], ["bench-bare-frame"])


def first_frame_ms(db: Path, now: str, size: tuple[int, int] = (120, 40)) -> float:
    """Wall time from spawning a fresh headless process until the dashboard is idle."""
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


def running_memory_mb(db: Path, now: str) -> float:
    """Peak resident memory (VmHWM) of the dashboard after a few seconds of running."""
    out = subprocess.run([sys.executable, "-c", APP_PROBE, str(db), now, "120", "40", "memory"],
                         capture_output=True, text=True, timeout=300)
    for line in out.stdout.splitlines():
        if line.startswith("MEMORY"):
            return float(line.split()[1])
    raise RuntimeError(out.stderr[-2000:])


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
             samples: int) -> list[tuple[str, str, str, str]]:
    """The dashboard rows of the benchmark (name, median, p95)."""
    from dutyroom.bench import SEASON_START, build_season

    rows: list[tuple[str, str, str, str]] = []
    demo_now = "2026-07-29T07:00:00+00:00"
    demo = demo_db(work / "demo", demo_now)
    build_season(work / "season", days, per_day)
    season_now = SEASON_START.shift(days=days - 1, hours=10).isoformat()
    # interleaved, so a busy moment of the machine falls on all of them alike
    bare, demo_term, season_term, demo_idle, season_idle = [], [], [], [], []
    for _ in range(repeat):
        bare.append(bare_frame_ms())
        demo_term.append(terminal_frame_ms(demo, demo_now))
        season_term.append(terminal_frame_ms(work / "season", season_now))
        demo_idle.append(first_frame_ms(demo, demo_now))
        season_idle.append(first_frame_ms(work / "season", season_now))
    reference = statistics.median(bare)

    def row(name: str, values: list[float], ratio: bool = True) -> tuple[str, str, str, str]:
        median, p95 = _stats(values)
        return (name, f"{median:.0f}", f"{p95:.0f}", f"{median / reference:.1f}x" if ratio else "")

    rows.append(row("reference: bare Textual app, first frame in a terminal (ms)", bare))
    rows.append(row("start-up to complete first frame in a terminal, demo day (ms)", demo_term))
    rows.append(row(f"start-up to complete first frame in a terminal, {days}-day season (ms)",
                    season_term))
    rows.append(row("start-up until idle, headless, demo day (ms)", demo_idle))
    rows.append(row(f"start-up until idle, headless, {days}-day season (ms)", season_idle))
    memory = [running_memory_mb(work / "season", season_now) for _ in range(max(1, min(repeat, 3)))]
    rows.append((f"dashboard running on the {days}-day season: peak memory (MB)",
                 f"{statistics.median(memory):.0f}", f"{max(memory):.0f}", ""))
    latencies = write_to_screen_ms(demo, demo_now, samples)
    rows.append(row("another process's write to the dashboard (ms)", latencies, ratio=False))
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
    print(f"{'dashboard measurement':<{width}}  {'median':>8}  {'p95':>8}  {'vs bare':>8}")
    for name, median, p95, ratio in rows:
        print(f"{name:<{width}}  {median:>8}  {p95:>8}  {ratio:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
