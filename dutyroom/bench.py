"""The benchmark anyone can run: ``python -m dutyroom.bench [--days 120] [--quick]``.

Builds season-scale data in a temporary directory (by default 120 days: ~200k log
entries, ~60k reports, ~12k tickets, ~600 bytes each with Chinese text, and a storm
day of 10,000 log entries), then measures, each as median and p95 over ``--samples``
(default 30) samples, the references measured in the same run and interleaved with
ours sample by sample (each round in a new random order):

- a confirmed duty-log write through ``dutyroom.api`` on an empty day, on the storm
  day, and right after another process wrote, against SQLite (WAL, synchronous=FULL,
  one commit per row, the same season in it) and a raw append+fsync of a line of the
  same size; the bytes each write caused to be written (``/proc/self/io``);
- a season-wide text search in a fresh process (``dutyroom.api``, and the CLI),
  against SQLite's LIKE and grep, each in a fresh process too, for a selective term
  and a broad one (~13,000 hits); the page cache is as a running system has it, no
  process keeps anything of its own; bytecode is cached as an installed package has
  it (``cached_bytecode``);
- ``dutyroom log add`` wall time against ``python -c "import arrow, tinydb, orjson"``;
- the log pane's filter set to a word in every entry (``dutyroom.bench_search``): the
  count and the first page, against SQLite's count and newest page;
- replay (``dutyroom.bench_replay``): ``replay --at`` the season's end in a fresh process,
  one event back in a replay session, and ``[``/``]`` in the read-only dashboard, each
  against the live equivalent (``--only replay``: these rows alone; ``--only pane-search``
  the log pane's filter rows alone);
- the dashboard (``dutyroom.bench_tui``): start-up, memory after its first update and
  after a minute of live use, another process's write reaching it at random moments,
  and the CPU it spends on each such commit.

Numbers vary by machine; the ratios are what travel.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import arrow

from dutyroom.bench_common import (BROAD_TERM, SEARCH_TERM, SEASON_START, Row, Season, build_season,
                                   cached_bytecode, interleaved, log_record, print_table, quiet_env,
                                   row, timed_ms, write_bytes)

OTHER_WRITER = r"""
import sqlite3, sys
from dutyroom.api import open_room
from dutyroom.services.clock import FixedClock
root, now, at, mirror = sys.argv[1:5]
room = open_room(root, operator="other-officer", clock=FixedClock(now))
con = sqlite3.connect(mirror, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL"); con.execute("PRAGMA synchronous=FULL")
for line in sys.stdin:
    if line.startswith("w"):
        room.log.add("another officer's entry", kind="other", at=at)
    else:
        con.execute("BEGIN"); con.execute("INSERT INTO log (at, text, data) VALUES (?, ?, ?)",
                                          (at, "another officer's entry", "{}")); con.execute("COMMIT")
    print("ok", flush=True)
"""


def write_rows(season: Season, samples: int) -> list[Row]:
    """Confirmed writes, ours through the API, interleaved with SQLite and a raw append."""
    from dutyroom.api import open_room
    from dutyroom.services.clock import FixedClock
    from dutyroom.store.journal import GENESIS, encode

    room = open_room(season.root, operator="bench", clock=FixedClock(season.now), lang="en")
    quiet = SEASON_START.shift(days=-1, hours=12)  # a day nothing was written on yet
    storm = arrow.get(season.storm_day).shift(hours=12)
    con = sqlite3.connect(season.sqlite, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    sample = log_record(0, quiet)
    line, _ = encode({"seq": 1, "at": sample["at"], "operator": "bench", "station": "local",
                      "ops": [{"op": "create", "kind": "log", "id": 1, "day": sample["at"][:10],
                               "data": sample}]}, GENESIS)
    raw_path = season.root.parent / "raw-append.log"
    other = subprocess.Popen([sys.executable, "-c", OTHER_WRITER, str(season.root), season.now,
                              quiet.isoformat(), str(season.sqlite)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=quiet_env())
    written: dict[str, list[float]] = {}

    def measured(name: str, fn) -> float:
        before = write_bytes()
        elapsed = timed_ms(fn)
        written.setdefault(name, []).append((write_bytes() - before) / 1024)
        return elapsed

    def sqlite_insert() -> None:
        con.execute("BEGIN")
        con.execute("INSERT INTO log (at, text, data) VALUES (?, ?, ?)",
                    (sample["at"], sample["text"], "{}"))
        con.execute("COMMIT")

    def raw_append() -> None:
        fd = os.open(raw_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def after_other(kind: str, fn) -> float:
        assert other.stdin is not None and other.stdout is not None
        other.stdin.write(kind + "\n")
        other.stdin.flush()
        other.stdout.readline()
        return measured(f"after-{kind}", fn)

    samplers = {
        "ours-quiet": lambda: measured("ours-quiet", lambda: room.log.add(
            "bench: quiet day", kind="other", at=quiet)),
        "ours-storm": lambda: measured("ours-storm", lambda: room.log.add(
            "bench: storm day", kind="other", at=storm)),
        "sqlite": lambda: measured("sqlite", sqlite_insert),
        "raw": lambda: measured("raw", raw_append),
        "ours-after": lambda: after_other("w", lambda: room.log.add(
            "bench: right after another officer", kind="other", at=quiet)),
        "sqlite-after": lambda: after_other("s", sqlite_insert),
    }
    try:
        times = interleaved(samplers, samples)
    finally:
        if other.stdin is not None:
            other.stdin.close()
        other.wait(timeout=30)
        room.close()
        con.close()
    storm_n = f"{season.storm:,}-entry storm day" if season.storm else "busy day"
    sqlite_ref = ("SQLite", times["sqlite"])
    return [
        row("confirmed write, empty day", times["ours-quiet"], reference=sqlite_ref, digits=2),
        row(f"confirmed write, {storm_n}", times["ours-storm"], reference=sqlite_ref, digits=2),
        row("confirmed write right after another process wrote", times["ours-after"],
            reference=("SQLite after another process", times["sqlite-after"]), digits=2),
        row("reference: SQLite WAL synchronous=FULL, one commit per row", times["sqlite"], digits=2),
        row("reference: raw append+fsync of a journal-sized line", times["raw"],
            reference=sqlite_ref, digits=2),
        row("bytes written per write, empty day", written["ours-quiet"], unit="KB",
            reference=("SQLite", written["sqlite"])),
        row(f"bytes written per write, {storm_n}", written["ours-storm"], unit="KB",
            reference=("SQLite", written["sqlite"])),
        row("bytes written per write, raw append+fsync", written["raw"], unit="KB"),
    ]


API_SEARCH = ("import sys\nfrom dutyroom.api import open_room\n"
              "room = open_room(sys.argv[1], operator='bench')\n"
              "print(len(room.log.search(sys.argv[2])))\n")
SQLITE_SEARCH = ("import sqlite3, sys\ncon = sqlite3.connect(sys.argv[1])\n"
                 "print(len(con.execute('SELECT id FROM log WHERE text LIKE ?',"
                 " ('%' + sys.argv[2] + '%',)).fetchall()))\n")


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("dutyroom")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dutyroom"]


def _wall_ms(cmd: list[str], check: bool = True) -> float:
    return timed_ms(lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                           check=check, env=quiet_env()))


def _count(script: str, *args: str) -> str:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          check=True, env=quiet_env()).stdout.strip()


def search_rows(season: Season, samples: int) -> tuple[list[Row], str]:
    """Season-wide search, each in a fresh process, interleaved with SQLite LIKE and grep;
    a selective term and a broad one."""
    root, mirror, journal = str(season.root), str(season.sqlite), str(season.root / "journal.jsonl")
    found = {term: (_count(API_SEARCH, root, term), _count(SQLITE_SEARCH, mirror, term))
             for term in (SEARCH_TERM, BROAD_TERM)}  # also the warm-up of each
    grep = shutil.which("grep")
    samplers = {}
    for name, term in (("", SEARCH_TERM), ("broad-", BROAD_TERM)):
        samplers[f"{name}api"] = lambda t=term: _wall_ms([sys.executable, "-c", API_SEARCH, root, t])
        samplers[f"{name}sqlite"] = lambda t=term: _wall_ms([sys.executable, "-c", SQLITE_SEARCH, mirror, t])
        if grep:
            samplers[f"{name}grep"] = lambda t=term: _wall_ms([grep, "-c", "-F", t, journal], check=False)
    samplers["cli"] = lambda: _wall_ms([*_cli(), "--db", root, "log", "list", "--search", SEARCH_TERM])
    times = interleaved(samplers, samples)
    ref = ("SQLite LIKE", times["sqlite"])
    broad = ("SQLite LIKE", times["broad-sqlite"])
    rows = [
        row("season-wide text search, fresh process (dutyroom.api)", times["api"], reference=ref, digits=0),
        row("season-wide text search, fresh process (dutyroom log list --search)", times["cli"],
            reference=ref, digits=0),
        row("reference: SQLite LIKE, fresh process", times["sqlite"], digits=0),
    ]
    if grep:
        rows.append(row("reference: grep -F on the journal", times["grep"], reference=ref, digits=0))
    rows.append(row(f"season-wide search, broad term ({found[BROAD_TERM][0]} hits), fresh process "
                    "(dutyroom.api)", times["broad-api"], reference=broad, digits=0))
    rows.append(row("reference: SQLite LIKE, broad term, fresh process", times["broad-sqlite"], digits=0))
    if grep:
        rows.append(row("reference: grep -F on the journal, broad term", times["broad-grep"],
                        reference=broad, digits=0))
    note = "; ".join(f"search for {term.strip()!r}: {ours} entries found (SQLite finds {theirs})"
                     for term, (ours, theirs) in found.items())
    note += (f"; text index built from the whole journal in {season.index_s:.1f} s; "
             "bytecode cached as an installed package has it")
    return rows, note


def start_rows(season: Season, samples: int) -> list[Row]:
    """``dutyroom log add`` against the import of its dependencies, interleaved."""
    floor = [sys.executable, "-c", "import arrow, tinydb, orjson"]
    add = [*_cli(), "--db", str(season.root), "log", "add", "bench: log add wall time"]
    _wall_ms(add), _wall_ms(floor)  # warm-up (the bytecode cache)
    times = interleaved({"add": lambda: _wall_ms(add), "floor": lambda: _wall_ms(floor)}, samples)
    return [row("dutyroom log add, wall time", times["add"],
                reference=('python -c "import arrow, tinydb, orjson"', times["floor"]), digits=0),
            row('reference: python -c "import arrow, tinydb, orjson"', times["floor"], digits=0)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dutyroom.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--per-day", default="1667,500,100", help="log,report,ticket records a day")
    parser.add_argument("--storm", type=int, default=10_000, help="log entries on the storm day")
    parser.add_argument("--samples", type=int, default=30, help="samples per measurement (>= 30)")
    parser.add_argument("--live", type=float, default=60.0, help="seconds of live dashboard use")
    parser.add_argument("--quick", action="store_true", help="a tiny run that checks the script works")
    parser.add_argument("--keep", metavar="DIR", help="build the data here and keep it")
    parser.add_argument("--no-tui", action="store_true", help="skip the dashboard measurements")
    parser.add_argument("--only", choices=("replay", "pane-search"),
                        help="only these rows (the data is built all the same)")
    args = parser.parse_args(argv)
    if args.quick:
        args.days, args.per_day, args.storm, args.samples, args.live = 3, "50,10,3", 300, 5, 3.0
    per_day = tuple(int(x) for x in args.per_day.split(","))
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        cached_bytecode(work)
        season = build_season(work / "season", args.days, per_day, args.storm)  # type: ignore[arg-type]
        c = season.counts
        print(f"dutyroom benchmark: {args.days} days, {sum(c.values()):,} records ({c['log']:,} log, "
              f"{c['report']:,} reports, {c['ticket']:,} tickets; storm day {season.storm_day}: "
              f"{season.storm:,} entries); built and replayed in {season.build_s:.1f} s; journal "
              f"{(season.root / 'journal.jsonl').stat().st_size / 1e6:.0f} MB; {args.samples} samples "
              f"a row, interleaved with the references")
        if args.only is None:
            rows = write_rows(season, args.samples)
            search, note = search_rows(season, args.samples)
            rows += search
            rows += start_rows(season, args.samples)
            from dutyroom.bench_search import pane_search_rows

            pane_rows, pane_note = pane_search_rows(season, args.samples)
            print_table("Store, search and CLI", rows + pane_rows)
            print(note + "; " + pane_note)
        if args.only == "pane-search":
            from dutyroom.bench_search import pane_search_rows

            pane_rows, pane_note = pane_search_rows(season, args.samples)
            print_table("The log pane's filter", pane_rows)
            print(pane_note)
            return 0
        from dutyroom.bench_replay import replay_rows

        replay, replay_note = replay_rows(season, args.samples)
        print_table("Replay (复盘)", replay)
        print(replay_note)
        if not args.no_tui and args.only is None:
            from dutyroom.bench_tui import tui_rows

            repeat = 1 if args.quick else 5
            print_table("Dashboard", tui_rows(work / "tui", season, repeat, args.live))
    return 0


if __name__ == "__main__":
    sys.exit(main())
