"""What the benchmark's parts share: the season data, interleaved sampling, statistics, output.

``dutyroom.bench`` (store, search, CLI start) and ``dutyroom.bench_tui`` (the dashboard)
both import this module and not each other.
"""

from __future__ import annotations

import gc
import os
import random
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import arrow
import orjson

SEASON_START = arrow.get("2026-06-01T00:00:00+00:00")
FILLER = "沙河水库水位21.35米,较昨日上涨0.4米,巡查人员报告坝体无渗漏,溢洪道畅通。" * 3
SEARCH_TERM = "#1234 "
"""A selective search: one log entry a day (``#<n>`` numbers each day's entries)."""
BROAD_TERM = "#12"
"""A broad search: #12, #120-#129, #1200-#1299... of every day (~13,000 log entries)."""


def log_record(i: int, at: arrow.Arrow) -> dict:
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


@dataclass
class Season:
    root: Path
    days: int
    per_day: tuple[int, int, int]
    storm: int
    storm_day: str
    now: str
    """The end of the last day (the dashboards' clock): every entry of the day is in the past."""
    sqlite: Path
    """The same duty log in SQLite (the search reference)."""
    build_s: float = 0.0
    index_s: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def build_season(root: Path, days: int, per_day: tuple[int, int, int], storm: int = 0) -> Season:
    """Write the journal directly (hash-chained, as the app would), replay it into state,
    mirror the duty log into SQLite, and bring the text index up to date, as a season's
    data directory has it. The day before the last one is a storm day of ``storm`` entries."""
    from dutyroom.store import Store
    from dutyroom.store.journal import GENESIS, encode
    from dutyroom.store.text_index import TextIndex

    start = time.perf_counter()
    logs, reports, tickets = per_day
    storm_index = days - 2 if storm and days >= 2 else -1
    prev, seq, ids = GENESIS, 0, {"log": 0, "report": 0, "ticket": 0}
    root.mkdir(parents=True, exist_ok=True)
    mirror = root.parent / f"{root.name}-reference.sqlite"
    con = sqlite3.connect(mirror, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY, at TEXT, text TEXT, data TEXT)")
    con.execute("BEGIN")
    with open(root / "journal.jsonl", "wb") as out:
        for d in range(days):
            day = SEASON_START.shift(days=d)
            n_logs = storm if d == storm_index else logs
            step = 86_000 / max(1, n_logs)
            batch: list[tuple[str, dict]] = []
            batch += [("log", log_record(i, day.shift(seconds=int(i * step)))) for i in range(n_logs)]
            batch += [("report", _report(i, day.shift(seconds=i * 170))) for i in range(reports)]
            batch += [("ticket", _ticket(i, day.shift(seconds=i * 800))) for i in range(tickets)]
            rows = []
            for kind, data in batch:
                ids[kind] += 1
                seq += 1
                at = data.get("at") or data.get("received_at") or day.isoformat()
                record = {**data, "id": ids[kind], "version": 1, "created_at": at,
                          "created_by": "bench", "updated_at": at, "updated_by": "bench",
                          "station": "local"}
                if kind in ("ticket", "report") and d == days - 1:
                    record.update(open=True)
                    if kind == "ticket":
                        record.update(status="on_site")
                entry = {"seq": seq, "at": at, "operator": "bench", "station": "local",
                         "ops": [{"op": "create", "kind": kind, "id": ids[kind],
                                  "day": at[:10], "data": record}]}
                line, prev = encode(entry, prev)
                out.write(line)
                if kind == "log":
                    rows.append((ids[kind], at, record["text"], orjson.dumps(record).decode()))
            con.executemany("INSERT INTO log (id, at, text, data) VALUES (?, ?, ?, ?)", rows)
    con.execute("COMMIT")
    con.close()
    indexing = time.perf_counter()
    TextIndex(root).catch_up()  # what the checkpoint would do; timed on its own
    index_s = time.perf_counter() - indexing
    store = Store(root, now=arrow.utcnow, operator="bench")
    gc.disable()
    try:
        store.open()
    finally:
        gc.enable()
    season = Season(root=root, days=days, per_day=per_day, storm=storm if storm_index >= 0 else 0,
                     storm_day=SEASON_START.shift(days=max(storm_index, 0)).format("YYYY-MM-DD"),
                     now=SEASON_START.shift(days=days - 1, hours=23, minutes=59).isoformat(), sqlite=mirror,
                     build_s=time.perf_counter() - start - index_s, index_s=index_s, counts=dict(ids))
    return season


# ---------------------------------------------------------------- sampling
def interleaved(samplers: dict[str, Callable[[], float | None]], samples: int,
                seed: int = 12) -> dict[str, list[float]]:
    """Run every sampler once per round, in a new random order each round, so a busy moment
    of the machine falls on all of them alike; each returns its own measurement."""
    rng = random.Random(seed)
    out: dict[str, list[float]] = {name: [] for name in samplers}
    names = list(samplers)
    for _ in range(samples):
        rng.shuffle(names)
        for name in names:
            value = samplers[name]()
            if value is not None:
                out[name].append(value)
    return out


def timed_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def write_bytes() -> int:
    """Bytes this process has caused to be written to storage (``/proc/self/io``)."""
    try:
        with open("/proc/self/io", "rb") as handle:
            for line in handle:
                if line.startswith(b"write_bytes:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def stats(values: list[float]) -> tuple[float, float]:
    """Median and p95 (nearest rank); with fewer than 20 samples p95 is the maximum."""
    ordered = sorted(values)
    if not ordered:
        return float("nan"), float("nan")
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


@dataclass
class Row:
    """One line of the results table."""

    name: str
    values: list[float]
    unit: str = "ms"
    reference: str = ""
    """What the ratio is taken against, with its median (e.g. ``SQLite 0.31``)."""
    ratio: float | None = None
    digits: int = 1


def row(name: str, values: list[float], unit: str = "ms", reference: tuple[str, list[float]] | None = None,
        digits: int = 1) -> Row:
    out = Row(name, values, unit, digits=digits)
    if reference is not None and reference[1]:
        ref_median = stats(reference[1])[0]
        out.reference = f"{reference[0]} {ref_median:.{digits}f}"
        mine = stats(values)[0]
        out.ratio = mine / ref_median if ref_median else None
    return out


def print_table(title: str, rows: list[Row]) -> None:
    """A Markdown table: paste it into the README as it is."""
    print(f"\n{title}\n")
    print("| measurement | unit | median | p95 | n | reference (median) | ratio |")
    print("|---|---|---:|---:|---:|---|---:|")
    for r in rows:
        median, p95 = stats(r.values)
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        print(f"| {r.name} | {r.unit} | {median:.{r.digits}f} | {p95:.{r.digits}f} | {len(r.values)} "
              f"| {r.reference} | {ratio} |")
    print(flush=True)


def proc_status_mb(pid: int | str = "self", field_name: str = "VmRSS") -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cached_bytecode(work: Path) -> None:
    """Fresh processes start with their bytecode cached, as an installed package has it
    (pip compiles at install); a checkout run with ``PYTHONDONTWRITEBYTECODE`` would compile
    every module of ours at every start (measured: ~30 ms of a search). The cache lives in
    the benchmark's own directory; each measurement is warmed once before its samples."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")


def quiet_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DUTYROOM_TZ", "Asia/Shanghai")
    env["DUTYROOM_LANG"] = "en"
    return env
