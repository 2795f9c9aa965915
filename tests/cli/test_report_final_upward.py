"""``report final`` while a report upward is still due: recorded (exit 0), with a warning on
stderr naming what is owed and how to record it (issue #14)."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_final_report_warns_of_the_written_report_still_due(db):
    added = run_cli(db, "report", "add", "--channel", "phone", "--category", "reservoir",
                    "--location", "沙河水库", "--severity", "II", "坝体渗水")
    assert added.returncode == 0, added.stderr
    assert run_cli(db, "report", "forward", "1", "--to", "市防指", "--via", "phone").returncode == 0
    final = run_cli(db, "report", "final", "1", "险情排除")
    assert final.returncode == 0, final.stderr
    (line,) = final.stderr.strip().splitlines()
    assert "书面报告" in line and "dutyroom report forward 1" in line and "--via written" in line
    shown = json.loads(run_cli(db, "report", "show", "1", "--json").stdout)
    assert shown["status"] == "closed"
    # once recorded on the closed chain, nothing is owed: no warning for the next chain
    assert run_cli(db, "report", "forward", "1", "--to", "市防指", "--via", "written").returncode == 0


def test_final_report_with_nothing_owed_is_quiet(db):
    run_cli(db, "report", "add", "--channel", "phone", "--category", "reservoir", "--location",
            "沙河水库", "--severity", "II", "坝体渗水")
    run_cli(db, "report", "forward", "1", "--to", "市防指", "--via", "written")
    final = run_cli(db, "report", "final", "1", "险情排除", "--json")
    assert final.returncode == 0 and final.stderr == ""
    assert json.loads(final.stdout)["stage"] == "final"
