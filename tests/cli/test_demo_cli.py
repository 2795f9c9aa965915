"""``dutyroom demo``: fills an empty database, refuses one that holds records."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_demo_fills_an_empty_database(db):
    result = run_cli(db, "demo", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["log"] >= 280 and summary["reports"] >= 55 and summary["tickets"] == 15
    assert run_cli(db, "verify").returncode == 0
    assert json.loads(run_cli(db, "status", "show", "--json").stdout)["response"] == "III"


def test_demo_refuses_a_database_with_records(db):
    assert run_cli(db, "log", "add", "x").returncode == 0
    journal = (db / "journal.jsonl").read_bytes()
    result = run_cli(db, "demo")
    assert result.returncode == 2 and "--force" in result.stderr
    assert (db / "journal.jsonl").read_bytes() == journal
