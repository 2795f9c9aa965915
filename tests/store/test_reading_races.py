"""Real processes recording the same station at the same minute (issue: the duplicate
check was not atomic across sessions): exactly one reading and one duty-log entry per
minute, every other session refused with the translated message; a reading batch
imported by several processes at once is stored once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import arrow

from tests.conftest import ROOT, TZ, cli_env, run_cli

WRITER = str(ROOT / "tests" / "store" / "reading_writer.py")


def _station(db: Path) -> None:
    assert run_cli(db, "station", "add", "清水河 城关站", "--kind", "river").returncode == 0


def _past_minute(hours: int = 3) -> arrow.Arrow:
    return arrow.now(TZ).floor("minute").shift(hours=-hours)


def _reading_entries(db: Path) -> list[dict]:
    rows = json.loads(run_cli(db, "log", "list", "--kind", "reading", "--json").stdout)
    return [r for r in rows if r["station_id"] == 1]


def _readings(db: Path) -> list[dict]:
    result = run_cli(db, "reading", "list", "1", "--since", "-2d", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _writers(db: Path, barrier: Path, count: int, *args: str) -> list[tuple[str, str]]:
    """``count`` reading_writer processes at once; their (stdout, stderr), all having exited 0."""
    barrier.mkdir()
    procs = [subprocess.Popen([sys.executable, WRITER, str(db), str(barrier), str(count), str(p), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(db), cwd=ROOT)
             for p in range(count)]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    return outputs


def test_processes_racing_for_every_minute_record_each_minute_once(db: Path, tmp_path: Path):
    """4 processes meet before each of 40 minutes and then record it at once: each minute is
    recorded by exactly one (one reading, one log entry), refused as a duplicate for the rest."""
    _station(db)
    start, minutes, procs_n = _past_minute(), 40, 4
    outputs = _writers(db, tmp_path / "barrier", procs_n, "add", "1", str(minutes), start.isoformat())
    recorded: dict[int, int] = {}
    refused: dict[int, int] = {}
    for out, _ in outputs:
        for line in out.splitlines():
            word, minute = line.split()[:2]
            tally = recorded if word == "ok" else refused
            tally[int(minute)] = tally.get(int(minute), 0) + 1
    assert recorded == {m: 1 for m in range(minutes)}, "a minute recorded twice (or not at all)"
    assert refused == {m: procs_n - 1 for m in range(minutes)}
    stored = _readings(db)
    assert sorted(arrow.get(r["at"]) for r in stored) == [start.shift(minutes=m) for m in range(minutes)]
    assert len(_reading_entries(db)) == minutes
    assert run_cli(db, "verify").returncode == 0


def test_cli_sessions_at_the_same_minute_one_recorded_others_exit_2(db: Path):
    """6 `dutyroom reading add` at once for one station and minute: one prints the id, the
    other five exit 2 with the translated sentence naming that reading; nothing else is written."""
    _station(db)
    at = _past_minute().format("YYYY-MM-DD HH:mm")
    procs = [subprocess.Popen([sys.executable, "-m", "dutyroom", "reading", "add", "清水河 城关站", f"4.{p}",
                               "--at", at], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=cli_env(db), cwd=ROOT) for p in range(6)]
    outputs = [p.communicate(timeout=300) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 2, 2, 2, 2, 2], outputs
    refusals = [err for p, (_, err) in zip(procs, outputs) if p.returncode == 2]
    assert all(err.strip().endswith("已有读数 #1;更正请记一条新的值班日志。") for err in refusals), refusals
    assert all("Traceback" not in err for err in refusals)
    assert [r["id"] for r in _readings(db)] == [1]
    assert len(_reading_entries(db)) == 1


def test_one_batch_imported_by_several_processes_at_once_is_stored_once(db: Path, tmp_path: Path):
    """Sensor gateways retrying while the first import still runs: three processes import one
    batch five times, all at once each time; each row is stored once, every import ends well."""
    _station(db)
    start = _past_minute(6)
    rows = [f"清水河 城关站,{start.shift(minutes=10 * i).format('YYYY-MM-DD HH:mm')},{4 + i / 100:.2f}"
            for i in range(30)]
    batch = tmp_path / "batch.csv"
    batch.write_text("station,at,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    outputs = _writers(db, tmp_path / "barrier", 3, "import", str(batch), "5")
    counts = sorted(int(line.split()[1]) for out, _ in outputs for line in out.splitlines())
    assert counts == [0] * 14 + [30], counts  # one import stored the batch; every other skipped it
    assert len(_readings(db)) == 30
    assert len(_reading_entries(db)) == 1  # one entry per station per import that stored rows
