"""Dashboard figures: ``python -m dutyroom.bench_tui [--days 120] [--quick]``.

- start-up to the first complete frame **in a terminal**: a fresh process on a
  pseudo-terminal (120x40, xterm-256color), timed from spawning it to the moment the
  terminal has received the dashboard with every pane's data (each table pane's title
  carries its count only once its records are loaded), on the demo day and on
  season-scale data (``bench_common.build_season``: 120 days, ~270k records);
- the same start-up headless, until the app is idle (Textual's ``run_test`` and
  ``pilot.pause()``): this also counts the work done just after the first frame;
- the reference, measured in the same run the same way: a bare Textual app showing one
  line of text, i.e. the floor Python and Textual set before any of our code runs;
- live use at season end (``bench_live``): memory after the dashboard's first update
  and after ``--live`` seconds (default 60), another process's commits at random
  moments reaching the log pane, and the CPU the dashboard spends on each of them.

Each app runs in a fresh process, pinned to a clock inside the data's last day.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dutyroom.bench_common import Row, Season, build_season, print_table, row

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


def tui_rows(work: Path, season: "Season", repeat: int, live_s: float) -> list[Row]:
    """The dashboard rows of the benchmark, on ``season`` (built by the caller)."""
    from dutyroom.bench_live import live_dashboard

    demo_now = "2026-07-29T07:00:00+00:00"
    demo = demo_db(work / "demo", demo_now)
    days = season.days
    # interleaved, so a busy moment of the machine falls on all of them alike
    bare, demo_term, season_term, demo_idle, season_idle = [], [], [], [], []
    for _ in range(repeat):
        bare.append(bare_frame_ms())
        demo_term.append(terminal_frame_ms(demo, demo_now))
        season_term.append(terminal_frame_ms(season.root, season.now))
        demo_idle.append(first_frame_ms(demo, demo_now))
        season_idle.append(first_frame_ms(season.root, season.now))
    ref = ("bare Textual app", bare)
    rows = [
        row("reference: bare Textual app, first frame in a terminal", bare, digits=0),
        row("start-up to complete first frame in a terminal, demo day", demo_term, reference=ref, digits=0),
        row(f"start-up to complete first frame in a terminal, {days}-day season", season_term,
            reference=ref, digits=0),
        row("start-up until idle, headless, demo day", demo_idle, reference=ref, digits=0),
        row(f"start-up until idle, headless, {days}-day season", season_idle, reference=ref, digits=0),
    ]
    live = live_dashboard(str(season.root), season.now, live_s)
    rows += [
        row(f"dashboard at season end: memory after its first update", live["RSS_FIRST"], unit="MB RSS",
            digits=0),
        row(f"dashboard at season end: memory after {live_s:.0f} s of live use", live["RSS_END"][:1],
            unit="MB RSS", digits=0),
        row(f"dashboard at season end: peak memory over {live_s:.0f} s of live use", live["RSS_END"][1:],
            unit="MB HWM", digits=0),
        row("another process's write to the dashboard (random moments)", live["latency"], digits=0),
        row("dashboard CPU per foreign commit (less idling)", live["cpu"], unit="ms CPU", digits=1),
        row("idle dashboard CPU", live["IDLE"], unit="% of a core", digits=1),
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dutyroom.bench_tui", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--per-day", default="1667,500,100")
    parser.add_argument("--repeat", type=int, default=5, help="start-ups per data set")
    parser.add_argument("--live", type=float, default=60.0, help="seconds of live dashboard use")
    parser.add_argument("--quick", action="store_true", help="a tiny run that checks the script works")
    args = parser.parse_args(argv)
    if args.quick:
        args.days, args.per_day, args.repeat, args.live = 3, "50,10,3", 1, 3.0
    per_day = tuple(int(x) for x in args.per_day.split(","))
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-tui-") as tmp:
        season = build_season(Path(tmp) / "season", args.days, per_day)  # type: ignore[arg-type]
        print_table("Dashboard", tui_rows(Path(tmp), season, args.repeat, args.live))
    return 0


if __name__ == "__main__":
    sys.exit(main())
