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


def test_a_fresh_demo_passes_its_own_checks(db):
    assert run_cli(db, "demo").returncode == 0
    verified = run_cli(db, "handover", "verify", "--all")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert run_cli(db, "verify").returncode == 0


def test_sealing_one_more_handover_on_demo_data_then_show_and_print_the_last(db, tmp_path):
    assert run_cli(db, "demo").returncode == 0
    outgoing = "张伟"  # the demo's officer of the current shift
    steps = [("handover", "start"), ("handover", "ack", "--all", "--name", "陈静"),
             ("handover", "sign", "--as", "incoming", "--name", "陈静"),
             ("handover", "sign", "--as", "outgoing", "--name", outgoing)]
    for step in steps:
        who = "陈静" if "陈静" in step else outgoing  # the next shift's rostered officer
        result = run_cli(db, *step, DUTYROOM_OPERATOR=who)
        assert result.returncode == 0, (step, result.stderr)
    shown = run_cli(db, "handover", "show", "--shift", "last")
    assert shown.returncode == 0, shown.stderr
    out = tmp_path / "last.txt"
    printed = run_cli(db, "handover", "print", "--shift", "last", "--format", "txt", "-o", str(out))
    assert printed.returncode == 0, printed.stderr
    assert out.read_text(encoding="utf-8").strip()
    assert run_cli(db, "handover", "verify", "--all").returncode == 0


def test_demo_refuses_a_group_shared_data_directory(db):
    db.mkdir()
    db.chmod(0o2770)  # as a deployment makes it: install -d -m 2770 -g dutyroom
    assert run_cli(db, "verify").returncode == 0  # the store is created inside
    journal = (db / "journal.jsonl").read_bytes() if (db / "journal.jsonl").exists() else b""
    result = run_cli(db, "demo")
    assert result.returncode == 2 and "--shared" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    after = (db / "journal.jsonl").read_bytes() if (db / "journal.jsonl").exists() else b""
    assert after == journal
    assert run_cli(db, "demo", "--shared").returncode == 0  # a training host, asked for explicitly
