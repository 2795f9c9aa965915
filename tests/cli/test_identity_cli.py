"""One identity per person through the CLI: records store the roster name and the OS account,
printouts and exports show names, also for entries written before the account was mapped."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import run_cli

ROSTER = """date,shift,role,name,phone,os_user
{day},08:00,leader,王强,13800000001,wangqiang
{day},08:00,officer,张伟,13800000002,zhangwei
{day},08:00,officer,李娜,13800000003,lina
"""


def _roster(db: Path, tmp_path: Path) -> None:
    day = json.loads(run_cli(db, "shift", "current", "--json").stdout)["start"][:10]
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER.format(day=day), encoding="utf-8")
    result = run_cli(db, "roster", "import", str(path))
    assert result.returncode == 0, result.stderr


def test_records_store_name_and_account(db: Path, tmp_path: Path) -> None:
    assert run_cli(db, "log", "add", "映射之前的记录", DUTYROOM_OPERATOR="zhangwei").returncode == 0
    _roster(db, tmp_path)
    added = run_cli(db, "log", "add", "沙河水位 3.2 米", "--json", DUTYROOM_OPERATOR="zhangwei")
    assert added.returncode == 0, added.stderr
    entry = json.loads(added.stdout)
    assert (entry["author"], entry["account"]) == ("张伟", "zhangwei")
    assert (entry["created_by"], entry["created_by_account"]) == ("张伟", "zhangwei")

    report = run_cli(db, "report", "add", "沙河大堤渗水", "--location", "沙河大堤", "--channel", "phone",
                     "--category", "waterlogging", "--json", DUTYROOM_OPERATOR="lina")
    data = json.loads(report.stdout)
    assert (data["created_by"], data["created_by_account"]) == ("李娜", "lina")

    assert run_cli(db, "roster", "whoami", DUTYROOM_OPERATOR="zhangwei").stdout.strip() == "张伟"

    rows = list(csv.DictReader(io.StringIO(run_cli(db, "export", "--format", "csv").stdout)))
    new = [r for r in rows if r["text"] == "沙河水位 3.2 米"]
    assert new and new[0]["author"] == "张伟" and new[0]["created_by"] == "张伟"

    printout = run_cli(db, "log", "print", "--format", "txt", DUTYROOM_OPERATOR="lina")
    assert printout.returncode == 0, printout.stderr
    assert "zhangwei" not in printout.stdout and "lina" not in printout.stdout
    activity = [line for line in printout.stdout.splitlines() if "映射之前的记录" in line or "3.2 米" in line]
    assert len(activity) == 2 and all("张伟" in line for line in activity), activity


def test_operator_given_as_a_roster_name_keeps_the_account(db: Path, tmp_path: Path) -> None:
    _roster(db, tmp_path)
    entry = json.loads(run_cli(db, "--operator", "李娜", "log", "add", "东河巡查", "--json").stdout)
    assert (entry["author"], entry["account"]) == ("李娜", "lina")
