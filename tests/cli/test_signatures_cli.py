"""``handover sign`` through the real CLI: the right people, as themselves; the leader on duty
countersigns (``--as leader``) and the printout's signature block shows it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_handover_cli import roster_now
from tests.conftest import run_cli


def cli(db: Path, *args: str, operator: str):
    return run_cli(db, *args, DUTYROOM_OPERATOR=operator)


def test_signatures_by_the_right_people(db: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_now(), encoding="utf-8")  # 王强 leads this shift (wangqiang)
    assert cli(db, "roster", "import", str(roster), operator="zhangwei").returncode == 0
    assert cli(db, "log", "add", "东河 水位 3.2 米", operator="zhangwei").returncode == 0
    journal = (db / "journal.jsonl").read_bytes()
    for operator, extra in (("root", []), ("zhangwei", []), ("zhangwei", ["--name", "赵敏"]),
                            ("zhaomin", ["--name", "李娜"])):
        result = cli(db, "handover", "sign", "--as", "incoming", *extra, operator=operator)
        assert result.returncode == 2, (operator, result.stdout)
        assert len(result.stderr.splitlines()) == 1
    assert (db / "journal.jsonl").read_bytes() == journal  # refused: not even a draft was started

    not_leader = cli(db, "handover", "sign", "--as", "leader", operator="zhangwei")
    assert not_leader.returncode == 2 and "王强" in not_leader.stderr
    assert (db / "journal.jsonl").read_bytes() == journal
    leader = cli(db, "handover", "sign", "--as", "leader", operator="wangqiang")
    assert leader.returncode == 0 and "王强" in leader.stdout, leader.stderr
    assert cli(db, "handover", "ack", "--all", operator="zhaomin").returncode == 0
    assert cli(db, "handover", "sign", "--as", "incoming", operator="zhaomin").returncode == 0
    sealed = cli(db, "handover", "sign", "--as", "outgoing", "--json", operator="zhangwei")
    assert sealed.returncode == 0, sealed.stderr
    data = json.loads(sealed.stdout)
    assert (data["incoming"], data["outgoing"], data["countersigned_by"]) == ("赵敏", "张伟", "王强")
    assert data["state"] == "sealed" and cli(db, "handover", "verify", operator="zhangwei").returncode == 0
    printout = cli(db, "handover", "print", "--shift", "last", "--format", "txt", operator="zhangwei")
    signatures = printout.stdout[printout.stdout.rindex("交班人"):]
    assert "王强" in signatures and "赵敏" in signatures and "张伟" in signatures


def test_the_leader_signs_for_an_absent_officer_with_a_reason(db: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_now(), encoding="utf-8")
    assert cli(db, "roster", "import", str(roster), operator="zhangwei").returncode == 0
    assert cli(db, "handover", "ack", "--all", operator="wangqiang").returncode == 0
    no_reason = cli(db, "handover", "sign", "--as", "incoming", "--name", "刘洋", operator="wangqiang")
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    done = cli(db, "handover", "sign", "--as", "incoming", "--name", "刘洋", "--reason", "赵敏病假,刘洋替班",
               "--json", operator="wangqiang")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["incoming"] == "刘洋"
    assert data["signed_for"][0]["by"] == "王强" and data["signed_for"][0]["reason"] == "赵敏病假,刘洋替班"
