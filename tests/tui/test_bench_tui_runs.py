"""The dashboard benchmark runs end to end at tiny scale (it asserts no timings)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_bench_tui_quick_prints_every_measurement():
    out = subprocess.run([sys.executable, "-m", "dutyroom.bench_tui", "--quick"], capture_output=True,
                         text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    for label in ("reference: bare Textual app", "first frame in a terminal, demo day",
                  "first frame in a terminal, 3-day season", "until idle, headless, demo day",
                  "until idle, headless, 3-day season", "memory after its first update",
                  "s of live use", "another process's write", "CPU per foreign commit",
                  "idle dashboard CPU"):
        assert label in out.stdout, label
    rows = [line for line in out.stdout.splitlines() if line.startswith("| ") and "---" not in line]
    assert all(line.split("|")[7].strip().endswith("x") for line in rows if "start-up" in line)
