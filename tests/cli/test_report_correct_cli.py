"""``report correct`` keeps the old reporter and phone in the chain; ``report show`` prints
the reporter, phone and casualties (real subprocesses)."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_correct_and_show(db):
    added = run_cli(db, "report", "add", "--channel", "phone", "--category", "waterlogging",
                    "--location", "人民路下穿通道", "--severity", "III", "--reporter", "王建国人民路社区",
                    "--phone", "13800138000", "--trapped", "2", "--injured", "1", "--dead", "3",
                    "积水 50 厘米,一辆车被困")
    assert added.returncode == 0, added.stderr
    rid = added.stdout.strip()
    follow = run_cli(db, "report", "follow-up", rid, "已救出一人")
    assert follow.returncode == 0, follow.stderr
    shown = run_cli(db, "report", "show", rid).stdout
    assert "王建国人民路社区" in shown and "13800138000" in shown
    assert "死亡 3" in shown and "受伤 1" in shown and "被困 2" in shown

    before = (db / "journal.jsonl").read_bytes()
    for args in ((rid,), (rid, "--reporter", "王建国人民路社区"), ("99", "--phone", "1"),
                 (rid, "--phone", "x" * 41)):
        bad = run_cli(db, "report", "correct", *args)
        assert bad.returncode == 2 and "Traceback" not in bad.stderr, (args, bad.stderr)
    assert (db / "journal.jsonl").read_bytes() == before

    # the follow-up's id names the same chain
    done = run_cli(db, "report", "correct", follow.stdout.strip(), "--reporter", "王建国",
                   "--phone", "13800138001", "--reason", "回拨核实")
    assert done.returncode == 0, done.stderr
    data = json.loads(run_cli(db, "report", "show", rid, "--json").stdout)
    assert (data["reporter"], data["phone"]) == ("王建国", "13800138001")
    assert [(c["field"], c["old"], c["new"]) for c in data["corrections"]] == [
        ("reporter", "王建国人民路社区", "王建国"), ("phone", "13800138000", "13800138001")]
    shown = run_cli(db, "report", "show", rid, "--lang", "en").stdout
    assert "Reporter: 王建国" in shown and "phone: 13800138001" in shown
    assert "王建国人民路社区 → 王建国" in shown and "reason: 回拨核实" in shown
    assert "dead 3" in shown and "trapped 2" in shown
    assert "更正:报告人 王建国人民路社区 → 王建国" in run_cli(db, "log", "list").stdout
