"""The benchmark script runs end to end (tiny scale); it asserts no timings."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_bench_quick_prints_every_measurement():
    out = subprocess.run([sys.executable, "-m", "dutyroom.bench", "--quick"], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    for label in ("confirmed write: log entry", "reference: sqlite3", "new process: open",
                  "peak memory", "season-wide text search"):
        assert label in out.stdout
