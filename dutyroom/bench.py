"""The benchmark anyone can run: ``python -m dutyroom.bench [--days 120] [--quick]``.

Builds season-scale data in a temporary directory (by default 120 days: ~200k log
entries, ~60k reports, ~12k tickets, ~600 bytes each with Chinese text), then prints
medians and p95 for a confirmed write, opening the data, typical queries and memory,
next to stdlib sqlite3 (WAL, synchronous=FULL, commit per row) measured in the same run
as the reference. Numbers vary by machine; the ratios are what travel.
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import arrow
import orjson

from dutyroom.store import Create, Store, Update
from dutyroom.store.journal import GENESIS, encode

SEASON_START = arrow.get("2026-06-01T00:00:00+00:00")
FILLER = "沙河水库水位21.35米,较昨日上涨0.4米,巡查人员报告坝体无渗漏,溢洪道畅通。" * 3


def _log(i: int, at: arrow.Arrow) -> dict:
    return {"at": at.isoformat(), "kind": "patrol", "text": f"#{i} {FILLER}"[:200],
            "author": "值班员", "amends": None, "report_id": None, "ticket_id": None,
            "keypoint_id": i % 300, "system": False}


def _report(i: int, at: arrow.Arrow) -> dict:
    return {"received_at": at.isoformat(), "channel": "phone", "category": "waterlogging",
            "severity": "IV", "location": f"天宁区青洋路{i % 97}号下穿通道", "text": FILLER[:150],
            "stage": "first", "status": "open", "open": False, "reporter": "王先生",
            "phone": "13800000000"}


def _ticket(i: int, at: arrow.Arrow) -> dict:
    return {"hazard": "embankment", "text": FILLER[:150], "severity": "III", "status": "closed",
            "location": f"新北区堤段{i % 50}", "open": False, "timeline": []}


def build_season(root: Path, days: int, per_day: tuple[int, int, int]) -> Store:
    """Write the journal directly (hash-chained, as the app would) and replay it into state."""
    logs, reports, tickets = per_day
    journal = root / "journal.jsonl"
    prev, seq, ids = GENESIS, 0, {"log": 0, "report": 0, "ticket": 0}
    root.mkdir(parents=True, exist_ok=True)
    with open(journal, "wb") as out:
        for d in range(days):
            day = SEASON_START.shift(days=d)
            batch: list[tuple[str, dict]] = []
            batch += [("log", _log(i, day.shift(seconds=i * 50))) for i in range(logs)]
            batch += [("report", _report(i, day.shift(seconds=i * 170))) for i in range(reports)]
            batch += [("ticket", _ticket(i, day.shift(seconds=i * 800))) for i in range(tickets)]
            for kind, data in batch:
                ids[kind] += 1
                seq += 1
                at = data.get("at") or data.get("received_at") or day.isoformat()
                record = {**data, "id": ids[kind], "version": 1, "created_at": at,
                          "created_by": "bench", "updated_at": at, "updated_by": "bench",
                          "station": "local"}
                if kind == "ticket" and d == days - 1:
                    record.update(open=True, status="on_site")
                if kind == "report" and d == days - 1:
                    record.update(open=True)
                entry = {"seq": seq, "at": at, "operator": "bench", "station": "local",
                         "ops": [{"op": "create", "kind": kind, "id": ids[kind],
                                  "day": arrow.get(at).format("YYYY-MM-DD"), "data": record}]}
                line, prev = encode(entry, prev)
                out.write(line)
    store = Store(root, now=arrow.utcnow, operator="bench")
    gc.disable()
    try:
        store.open()
    finally:
        gc.enable()
    return store


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def sqlite_reference(root: Path, preload: int, repeat: int) -> list[float]:
    path = root / "reference.sqlite"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, at TEXT, data TEXT)")
    row = orjson.dumps(_log(0, SEASON_START)).decode()
    con.execute("BEGIN")
    con.executemany("INSERT INTO log (at, data) VALUES (?, ?)",
                    ((SEASON_START.isoformat(), row) for _ in range(preload)))
    con.execute("COMMIT")

    def insert() -> None:
        con.execute("BEGIN")
        con.execute("INSERT INTO log (at, data) VALUES (?, ?)", (arrow.utcnow().isoformat(), row))
        con.execute("COMMIT")

    samples = timed(insert, repeat)
    con.close()
    return samples


OPEN_PROBE = """
import sys, time
t0 = time.perf_counter()
import arrow
from dutyroom.store import Store
s = Store(sys.argv[1], now=arrow.utcnow, operator="probe")
s.open()
last = s.days("log")[-1]
logs = s.day_records("log", last)
reports = s.open_records("report"); tickets = s.open_records("ticket")
elapsed = (time.perf_counter() - t0) * 1000
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(elapsed, int(hwm) / 1024,
      len(logs), len(reports), len(tickets))
"""


def open_in_process(root: Path) -> tuple[float, float, str]:
    out = subprocess.run([sys.executable, "-c", OPEN_PROBE, str(root)], capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), f"{out[2]} log / {out[3]} reports / {out[4]} tickets"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dutyroom.bench", description=__doc__)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--per-day", default="1667,500,100", help="log,report,ticket records a day")
    parser.add_argument("--repeat", type=int, default=200, help="samples per write measurement")
    parser.add_argument("--quick", action="store_true", help="a tiny run that checks the script works")
    parser.add_argument("--keep", metavar="DIR", help="build the data here and keep it")
    parser.add_argument("--no-tui", action="store_true", help="skip the dashboard measurements")
    args = parser.parse_args(argv)
    if args.quick:
        args.days, args.per_day, args.repeat = 3, "50,10,3", 10
    per_day = tuple(int(x) for x in args.per_day.split(","))
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp) / "season"
        t0 = time.perf_counter()
        store = build_season(root, args.days, per_day)  # type: ignore[arg-type]
        build_s = time.perf_counter() - t0
        total = sum(per_day) * args.days
        print(f"dutyroom benchmark: {args.days} days, {total:,} records "
              f"({per_day[0] * args.days:,} log, {per_day[1] * args.days:,} reports, "
              f"{per_day[2] * args.days:,} tickets); built and replayed in {build_s:.1f} s")
        print(f"journal {root.joinpath('journal.jsonl').stat().st_size / 1e6:.0f} MB\n")
        rows = measure(store, root, args.repeat, per_day[0] * args.days)
        width = max(len(r[0]) for r in rows)
        print(f"{'measurement':<{width}}  {'median':>10}  {'p95':>10}  {'vs sqlite':>9}")
        for name, median, p95, ratio in rows:
            ratio_text = f"{ratio:8.1f}x" if ratio else ""
            print(f"{name:<{width}}  {median:>10}  {p95:>10}  {ratio_text:>9}")
        if not args.no_tui:
            from dutyroom.bench_tui import tui_rows

            print()
            repeat, samples = (1, 3) if args.quick else (5, 20)
            tui = tui_rows(Path(tmp) / "tui", args.days, per_day, repeat, samples)  # type: ignore[arg-type]
            width = max(width, *(len(r[0]) for r in tui))
            print(f"{'dashboard':<{width}}  {'median':>10}  {'p95':>10}  {'vs bare':>9}")
            for name, median, p95, ratio in tui:
                print(f"{name:<{width}}  {median:>10}  {p95:>10}  {ratio:>9}")
    return 0


def measure(store: Store, root: Path, repeat: int, preload: int) -> list[tuple[str, str, str, float]]:
    rows: list[tuple[str, str, str, float]] = []
    reference = summary(sqlite_reference(root, preload, repeat))
    now = store.days("log")[-1] + "T10:00:00+00:00"
    counter = iter(range(10**9))

    def add_log() -> None:
        store.commit([Create("log", _log(next(counter), arrow.get(now)))])

    write = summary(timed(add_log, repeat))
    rows.append(("confirmed write: log entry (ms)", f"{write[0]:.2f}", f"{write[1]:.2f}", write[0] / reference[0]))
    open_tickets = store.open_records("ticket")
    target = open_tickets[0]["id"] if open_tickets else None
    if target:
        def update_ticket() -> None:
            current = store.require("ticket", target)
            store.commit([Update("ticket", target, {"text": f"更新 {next(counter)}"}, current["version"])])

        upd = summary(timed(update_ticket, max(10, repeat // 2)))
        rows.append(("confirmed write: open ticket update (ms)", f"{upd[0]:.2f}", f"{upd[1]:.2f}", upd[0] / reference[0]))
    rows.append(("reference: sqlite3 WAL FULL insert (ms)", f"{reference[0]:.2f}", f"{reference[1]:.2f}", 1.0))
    opens = [open_in_process(root) for _ in range(5)]
    open_ms = summary([o[0] for o in opens])
    rows.append((f"new process: open + today's data ({opens[0][2]}) (ms)", f"{open_ms[0]:.0f}", f"{open_ms[1]:.0f}", 0))
    rows.append(("new process: peak memory (MB)", f"{statistics.median(o[1] for o in opens):.0f}", "", 0))
    from dutyroom.services.duty_log import DutyLog
    from dutyroom.config import Settings
    from dutyroom.services.context import Context

    class _Clock:
        def now(self) -> arrow.Arrow:
            return arrow.get(now)

    ctx = Context(store=store, clock=_Clock(), settings=Settings(tz="Asia/Shanghai"), operator="bench")
    shift_start = arrow.get(now).shift(hours=-24)
    shift = summary(timed(lambda: DutyLog(ctx).between(shift_start, arrow.get(now)), 20))
    rows.append(("query: current 24 h of the duty log (ms)", f"{shift[0]:.1f}", f"{shift[1]:.1f}", 0))
    search = summary(timed(lambda: DutyLog(ctx).search("#4242 "), 3))
    rows.append(("query: season-wide text search (ms)", f"{search[0]:.0f}", f"{search[1]:.0f}", 0))
    return rows


if __name__ == "__main__":
    sys.exit(main())
