"""The benchmark's row for a word in every entry typed into the log pane's filter (``/``).

An officer typing one common character must not wait for the season: the pane counts
every hit and reads one page. Each sample is a fresh process that opens the season as
the app does and times ``LogPane.load()`` with the filter set (what follows ctrl+s in
the filter form), with the peak memory of the whole process (opening the room included:
the growth over the opening's own peak hides what a page costs when it is smaller than
that peak, and flatters; VmHWM, not ru_maxrss, which a child inherits from the bench's
own peak across fork and exec); the reference, interleaved sample
by sample, is SQLite in a fresh process answering the same question over the same duty
log (how many entries hold the word, and the newest page of them).
"""

from __future__ import annotations

import subprocess
import sys

from dutyroom.bench_common import Row, Season, interleaved, quiet_env, row

EVERY_TERM = "水"
"""In every entry of the bench's season (its filler text is a reservoir's water level)."""

PANE = ("import sys, time\n"
        "from dutyroom.api import open_room\n"
        "from dutyroom.services.clock import FixedClock\n"
        "from dutyroom.widgets.log_pane import LogPane\n"
        "from dutyroom.widgets.pane import PaneFilter\n"
        "room = open_room(sys.argv[1], operator='bench', clock=FixedClock(sys.argv[3]))\n"
        "pane = LogPane(room.ctx)\n"
        "pane.pane_filter = PaneFilter(text=sys.argv[2])\n"
        "start = time.perf_counter()\n"
        "shown = pane.load()\n"
        "ms = (time.perf_counter() - start) * 1000\n"
        "grown = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024\n"
        "print(ms, pane.total, len(shown), grown)\n")
SQLITE = ("import sqlite3, sys, time\n"
          "con = sqlite3.connect(sys.argv[1])\n"
          "like = '%' + sys.argv[2] + '%'\n"
          "start = time.perf_counter()\n"
          "count = con.execute('SELECT count(*) FROM log WHERE text LIKE ?', (like,)).fetchone()[0]\n"
          "page = con.execute('SELECT id, at, text, data FROM log WHERE text LIKE ? ORDER BY at DESC, id DESC'\n"
          "                   ' LIMIT 200', (like,)).fetchall()\n"
          "ms = (time.perf_counter() - start) * 1000\n"
          "grown = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024\n"
          "print(ms, count, len(page), grown)\n")


def _run(script: str, *args: str) -> tuple[float, int, int, float]:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                         check=True, env=quiet_env()).stdout.split()
    return float(out[0]), int(out[1]), int(out[2]), float(out[3])


def pane_search_rows(season: Season, samples: int) -> tuple[list[Row], str]:
    root, mirror = str(season.root), str(season.sqlite)
    ours, theirs = _run(PANE, root, EVERY_TERM, season.now), _run(SQLITE, mirror, EVERY_TERM)  # warm-up
    memory: dict[str, list[float]] = {"pane": [], "sqlite": []}

    def sample(name: str, script: str, *args: str) -> float:
        ms, _count, _page, grown = _run(script, *args)
        memory[name].append(grown)
        return ms

    times = interleaved({"pane": lambda: sample("pane", PANE, root, EVERY_TERM, season.now),
                         "sqlite": lambda: sample("sqlite", SQLITE, mirror, EVERY_TERM)}, samples)
    ref = ("SQLite count + newest 200", times["sqlite"])
    rows = [
        row(f"log pane filter, a word in every entry ({ours[1]:,} hits): count + first page, fresh process",
            times["pane"], reference=ref, digits=0),
        row("reference: SQLite LIKE count + newest 200, fresh process", times["sqlite"], digits=0),
        row("log pane filter, a word in every entry: peak memory of the process", memory["pane"], unit="MB RSS",
            reference=("SQLite", memory["sqlite"]), digits=0),
    ]
    note = (f"log pane filter {EVERY_TERM!r}: {ours[1]} entries counted, {ours[2]} read for the page "
            f"(SQLite counts {theirs[1]}); timed from setting the filter to the page in hand")
    return rows, note
