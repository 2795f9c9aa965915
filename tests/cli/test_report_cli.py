"""``dutyroom report`` and ``dutyroom instruction`` as scripts use them: ids, JSON fields, errors."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

JSON_FIELDS = {"id", "received_at", "channel", "category", "severity", "location", "stage",
               "status", "next_deadline", "text"}


def _add(db, *extra):
    return run_cli(db, "report", "add", "--channel", "phone", "--category", "waterlogging",
                   "--location", "人民路下穿通道", *extra, "积水 50 厘米,一辆车被困")


def test_report_lifecycle_through_the_cli(db):
    first = _add(db, "--severity", "III", "--reporter", "王建国", "--phone", "13800000000",
                 "--at=-5m")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "1"
    rows = json.loads(run_cli(db, "report", "list", "--open", "--json").stdout)
    (row,) = rows
    assert JSON_FIELDS <= set(row)
    assert (row["channel"], row["category"], row["severity"], row["stage"], row["status"]) == \
        ("phone", "waterlogging", "III", "first", "open")
    assert row["next_deadline"]["kind"] == "phone" and row["next_deadline"]["due_at"].endswith("+00:00")
    assert row["reporter"] == "王建国" and row["phone"] == "13800000000"
    assert run_cli(db, "report", "follow-up", "1", "水深 80 厘米", "--trapped", "3",
                   "--severity", "II").stdout.strip() == "2"
    assert run_cli(db, "report", "forward", "1", "--to", "市防指", "--via", "phone").returncode == 0
    verify = run_cli(db, "report", "verify", "1", "--by", "网格员赵", "--how", "现场视频", "--json")
    assert json.loads(verify.stdout)["verification"] == "verified"
    shown = json.loads(run_cli(db, "report", "show", "2", "--json").stdout)
    assert shown["id"] == 1 and shown["stage"] == "follow_up" and shown["severity"] == "II"
    assert [(r["id"], r["stage"], r["sequence"]) for r in shown["thread"]] == \
        [(1, "first", 0), (2, "follow_up", 1)]
    assert shown["forwards"][0]["via"] == "phone" and shown["next_deadline"]["kind"] == "written"
    assert run_cli(db, "report", "final", "1", "积水已退").stdout.strip() == "3"
    closed = json.loads(run_cli(db, "report", "show", "1", "--json").stdout)
    assert (closed["stage"], closed["status"], closed["next_deadline"]) == ("final", "closed", None)
    assert json.loads(run_cli(db, "report", "list", "--open", "--json").stdout) == []
    assert len(json.loads(run_cli(db, "report", "list", "--json").stdout)) == 1
    log = json.loads(run_cli(db, "log", "list", "--json").stdout)
    assert {e["report_id"] for e in log} == {1} and all(e["system"] for e in log)
    assert len(log) == 5
    text = run_cli(db, "report", "show", "1").stdout
    assert "终报" in text and "市防指" in text


def test_duplicate_flag_merge_ticket_and_instruction(db):
    assert _add(db).returncode == 0
    second = _add(db, "--severity", "II")
    assert second.stdout.strip() == "2"
    assert "dutyroom report merge 2 --into 1" in second.stderr
    merged = json.loads(run_cli(db, "report", "merge", "2", "--into", "1", "--json").stdout)
    assert merged["merged_ids"] == [2] and merged["severity"] == "II"
    ticket = run_cli(db, "report", "ticket", "1")
    assert ticket.returncode == 0 and ticket.stdout.strip() == "1"
    assert json.loads(run_cli(db, "report", "show", "1", "--json").stdout)["ticket_id"] == 1
    added = run_cli(db, "instruction", "add", "--report", "1", "--from", "王副市长",
                    "--to", "区住建局", "--due", "+1h", "立即抽排")
    assert added.stdout.strip() == "1", added.stderr
    assert run_cli(db, "instruction", "add", "--ticket", "1", "--from", "李指挥长", "--to", "抢险队",
                   "--due", "+2h", "加派人手").stdout.strip() == "2"
    listed = json.loads(run_cli(db, "instruction", "list", "--open", "--json").stdout)
    assert [(i["subject_kind"], i["subject_id"], i["from"], i["to"], i["overdue"]) for i in listed] == \
        [("report", 1, "王副市长", "区住建局", False), ("ticket", 1, "李指挥长", "抢险队", False)]
    assert run_cli(db, "instruction", "feedback", "1", "已抽排完毕").returncode == 0
    assert [i["id"] for i in json.loads(run_cli(db, "instruction", "list", "--open", "--json").stdout)] == [2]
    shown = json.loads(run_cli(db, "report", "show", "1", "--json").stdout)
    assert shown["instructions"][0]["status"] == "done"


def test_deadline_table_from_config(db):
    db.mkdir(parents=True)
    (db / "config.toml").write_text("[deadlines.III]\nphone_min = 20\n", encoding="utf-8")
    table = json.loads(run_cli(db, "report", "deadlines", "--json").stdout)
    assert table["III"] == {"phone_min": 20, "written_min": 60}
    assert table["I"] == {"phone_min": 15, "written_min": 30}
    (db / "config.toml").write_text("[deadlines.III]\nphone_min = -1\n", encoding="utf-8")
    bad = run_cli(db, "report", "deadlines")
    assert bad.returncode == 2 and "[deadlines]" in bad.stderr


@pytest.mark.parametrize("args", [
    ["report", "add", "--channel", "fax", "--category", "waterlogging", "--location", "x", "t"],
    ["report", "add", "--channel", "phone", "--category", "flood", "--location", "x", "t"],
    ["report", "add", "--channel", "phone", "--category", "waterlogging", "--location", " ", "t"],
    ["report", "add", "--channel", "phone", "--category", "waterlogging", "--location", "x", ""],
    ["report", "add", "--channel", "phone", "--category", "waterlogging", "t"],
    ["report", "add", "--channel", "phone", "--category", "waterlogging", "--location", "x",
     "--severity", "V", "t"],
    ["report", "add", "--channel", "phone", "--category", "waterlogging", "--location", "x",
     "--trapped", "-2", "t"],
    ["report", "add", "--channel", "phone", "--category", "waterlogging", "--location", "x",
     "--at", "25:61", "t"],
    ["report", "follow-up", "99", "x"], ["report", "final", "abc", "x"],
    ["report", "forward", "1", "--to", "市防指", "--via", "fax"],
    ["report", "forward", "1", "--via", "phone"],
    ["report", "forward", "1", "--to", "市防指", "--via", "phone", "--at", "+1h"],
    ["report", "verify", "1", "--by", "x"], ["report", "merge", "1", "--into", "1"],
    ["report", "show", "42"], ["report", "severity", "1", "VI"],
    ["instruction", "add", "--report", "9", "--from", "a", "--to", "b", "--due", "+1h", "x"],
    ["instruction", "add", "--report", "1", "--from", "a", "--to", "b", "x"],
    ["instruction", "feedback", "7", "x"],
])
def test_bad_input_one_line_exit_2_nothing_written(db, args):
    assert _add(db).returncode == 0
    journal = (db / "journal.jsonl").read_bytes()
    result = run_cli(db, *args)
    assert result.returncode == 2, (args, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dutyroom: 错误:"), (args, result.stderr)
    assert (db / "journal.jsonl").read_bytes() == journal


def test_english_error(db):
    result = run_cli(db, "--lang", "en", "report", "show", "5")
    assert result.returncode == 2 and "There is no report with id 5" in result.stderr
