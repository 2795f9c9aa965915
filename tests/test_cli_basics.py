"""The CLI as officers' scripts use it: ids, JSON shape, errors, nothing written on bad input."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_add_list_amend_json(db):
    first = run_cli(db, "log", "add", "沙河水库 水位 21.3 米", "--kind", "reading", "--at=-30m")  # not HH:MM: the nearest 08:30 may be tomorrow
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "1"
    second = run_cli(db, "log", "amend", "1", "更正:水位 21.4 米")
    assert second.stdout.strip() == "2"
    out = run_cli(db, "log", "list", "--json")
    rows = json.loads(out.stdout)
    assert [r["id"] for r in rows] == [1, 2]
    assert {"id", "at", "kind", "text", "author", "amends"} <= set(rows[0])
    assert rows[0]["amended_by"] == [2] and rows[1]["amends"] == 1
    assert rows[0]["kind"] == "reading" and rows[0]["at"].endswith("+00:00")
    assert "原" not in rows[0]["text"] and rows[0]["text"] == "沙河水库 水位 21.3 米"


def test_bad_input_one_line_exit_2_nothing_written(db):
    assert run_cli(db, "log", "add", "ok").returncode == 0
    journal = (db / "journal.jsonl").read_bytes()
    for args in (["log", "add", ""], ["log", "add", "x", "--kind", "nope"],
                 ["log", "add", "x", "--at", "25:61"], ["log", "amend", "99", "x"],
                 ["log", "amend", "abc", "x"], ["log", "bogus"], ["log", "add"]):
        result = run_cli(db, *args)
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dutyroom: 错误:"), (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert (db / "journal.jsonl").read_bytes() == journal


def test_english_messages(db):
    result = run_cli(db, "--lang", "en", "log", "add", "x", "--kind", "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("dutyroom: error: 'nope' is not a valid kind")


def test_version():
    from dutyroom import __version__

    result = run_cli(__import__("pathlib").Path("/nonexistent"), "--version")
    assert result.stdout.strip() == f"dutyroom {__version__}"


def test_relative_times_after_options(db):
    result = run_cli(db, "log", "add", "十五分钟前的巡查", "--at", "-15m", "--json")
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)
    created = __import__("arrow").get(entry["created_at"])
    assert abs((created.shift(minutes=-15) - __import__("arrow").get(entry["at"])).total_seconds()) < 5
    assert run_cli(db, "log", "list", "--since", "-1h", "--json").returncode == 0
