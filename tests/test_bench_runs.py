"""The benchmark script runs end to end (tiny scale); it asserts no timings."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_bench_quick_prints_every_measurement():
    out = subprocess.run([sys.executable, "-m", "dutyroom.bench", "--quick", "--no-tui"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    for label in ("confirmed write, empty day", "storm day", "right after another process wrote",
                  "reference: SQLite WAL synchronous=FULL", "reference: raw append+fsync",
                  "bytes written per write", "season-wide text search, fresh process (dutyroom.api)",
                  "log list --search", "reference: SQLite LIKE", "dutyroom log add, wall time",
                  'reference: python -c "import arrow, tinydb, orjson"',
                  "replay --at season end --json, fresh process", "replay: one event back",
                  "log pane filter, a word in every entry", "SQLite LIKE count + newest 200",
                  "replay app: `[` one event back, key to repainted dashboard",
                  "replay app: `]` one event forward", "the live dashboard's full refresh"):
        assert label in out.stdout, label
    rows = [line for line in out.stdout.splitlines() if line.startswith("| ") and "---" not in line
            and not line.startswith("| measurement ")]
    assert rows and all(line.split("|")[5].strip() == "5" for line in rows)  # samples per row


def test_bench_modules_import_one_way():
    """bench -> bench_tui -> bench_live, bench -> bench_replay, bench -> bench_search, all ->
    bench_common; nothing back."""
    allowed = {"bench": {"bench_tui", "bench_replay", "bench_search", "bench_common"},
               "bench_search": {"bench_common"},
               "bench_tui": {"bench_live", "bench_common"}, "bench_replay": {"bench_common"},
               "bench_live": {"bench_common"}, "bench_common": set()}
    for name, may in allowed.items():
        text = (ROOT / "dutyroom" / f"{name}.py").read_text(encoding="utf-8")
        for other in set(allowed) - may - {name}:
            assert f"dutyroom.{other} import" not in text, (name, other)
