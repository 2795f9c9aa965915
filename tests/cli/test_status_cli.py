"""``dutyroom status set|show`` as scripts use it: the contract of options, JSON and exit codes."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_set_show_json_and_clear(db):
    result = run_cli(db, "status", "set", "--response", "III", "--warning", "rainstorm:orange")
    assert result.returncode == 0, result.stderr
    shown = json.loads(run_cli(db, "status", "show", "--json").stdout)
    assert shown["response"] == "III"
    assert shown["warnings"] == [{"type": "rainstorm", "colour": "orange"}]
    assert {"updated_at", "updated_by", "version"} <= set(shown)
    cleared = json.loads(run_cli(db, "status", "set", "--clear-warnings", "--json").stdout)
    assert cleared["warnings"] == [] and cleared["response"] == "III"
    assert "Ⅲ级" in run_cli(db, "status", "show").stdout
    logged = json.loads(run_cli(db, "log", "list", "--json").stdout)
    assert len(logged) == 2 and all(e["system"] for e in logged)


def test_bad_input_one_line_exit_2_nothing_written(db):
    assert run_cli(db, "status", "set", "--response", "IV").returncode == 0
    journal = (db / "journal.jsonl").read_bytes()
    for args in (["--response", "V"], ["--warning", "rainstorm"], ["--warning", "rain:red"],
                 ["--clear-warning", "snow"], []):
        result = run_cli(db, "status", "set", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert (db / "journal.jsonl").read_bytes() == journal
