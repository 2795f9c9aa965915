"""``dutyroom team`` and ``dutyroom deed`` as scripts use them; bad input writes nothing."""

from __future__ import annotations

import json

import pytest

from dutyroom.store import Store
from tests.conftest import START, run_cli


@pytest.fixture
def teams(db):
    from dutyroom.services.clock import FixedClock

    store = Store(db, now=FixedClock(START).now, operator="张伟")
    store.open()
    store.create("unit", {"kind": "commando", "name": "沙河村党员突击队", "district": "武进区"})
    store.create("keypoint", {"type": "reservoir", "name": "沙河水库", "district": "武进区", "town": "嘉泽镇"})
    return db


def test_deploy_release_list_json(teams):
    db = teams
    out = run_cli(db, "team", "deploy", "沙河村党员突击队", "--keypoint", "1", "--people", "12",
                  "--party-members", "8", "--task", "sandbagging", "加固坝体", "--at", "2026-07-28 22:00")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"
    assert run_cli(db, "team", "deploy", "1", "--area", "东村", "--people", "3", "巡查",
                   "--task", "patrol").stdout.strip() == "2"
    rows = json.loads(run_cli(db, "team", "list", "--deployed", "--json").stdout)
    assert [r["id"] for r in rows] == [1, 2]
    first = rows[0]
    assert {"id", "team_id", "team", "ticket_id", "keypoint_id", "area", "started_at", "ended_at", "people",
            "party_members", "task", "text", "evacuated", "rescued", "deployed"} <= set(first)
    assert first["team_id"] == 1 and first["keypoint_id"] == 1 and first["task"] == "sandbagging"
    assert first["district"] == "武进区" and first["town"] == "嘉泽镇" and first["deployed"] is True
    assert run_cli(db, "team", "release", "1", "--evacuated", "40", "--rescued", "2").returncode == 0
    rows = json.loads(run_cli(db, "team", "list", "--json").stdout)
    assert rows[0]["deployed"] is False and rows[0]["evacuated"] == 40 and rows[0]["ended_at"]
    assert [r["id"] for r in json.loads(run_cli(db, "team", "list", "--deployed", "--json").stdout)] == [2]
    log = json.loads(run_cli(db, "log", "list", "--json").stdout)
    assert [e["kind"] for e in log] == ["action", "action", "action"] and log[0]["keypoint_id"] == 1
    text = run_cli(db, "--lang", "en", "team", "list").stdout
    assert "sandbagging" in text and "still out" in text


def test_deeds_attach_list_and_mark(teams):
    db = teams
    run_cli(db, "team", "deploy", "1", "--area", "东村", "--people", "3", "巡查")
    out = run_cli(db, "deed", "add", "连续奋战 20 小时", "--deployment", "1", "--person", "王强",
                  "--place", "东村", "--witness", "李书记", "--json")
    assert out.returncode == 0, out.stderr
    deed = json.loads(out.stdout)
    assert deed["link_kind"] == "deployment" and deed["team_id"] == 1 and deed["report_upward"] is False
    assert run_cli(db, "deed", "add", "集体转移群众", "--log", "1", "--team", "沙河村党员突击队").stdout.strip() == "2"
    assert run_cli(db, "deed", "mark", "1").returncode == 0
    marked = json.loads(run_cli(db, "deed", "list", "--marked", "--json").stdout)
    assert [d["id"] for d in marked] == [1] and marked[0]["marked_by"]
    assert len(json.loads(run_cli(db, "deed", "list", "--json").stdout)) == 2
    assert run_cli(db, "deed", "mark", "1", "--unmark").returncode == 0
    assert json.loads(run_cli(db, "deed", "list", "--marked", "--json").stdout) == []


BAD = [
    ["team", "deploy", "nobody", "--area", "x", "--people", "3", "t"],
    ["team", "deploy", "1", "--people", "3", "t"],
    ["team", "deploy", "1", "--ticket", "1", "--keypoint", "1", "--people", "3", "t"],  # --area beside one is its 责任区
    ["team", "deploy", "1", "--post", "9", "--people", "3", "t"],
    ["team", "deploy", "1", "--area", "x", "--people", "0", "t"],
    ["team", "deploy", "1", "--area", "x", "--people", "3", "--party-members", "4", "t"],
    ["team", "deploy", "1", "--area", "x", "--people", "3", "--task", "dancing", "t"],
    ["team", "deploy", "1", "--ticket", "9", "--people", "3", "t"],
    ["team", "deploy", "1", "--keypoint", "9", "--people", "3", "t"],
    ["team", "deploy", "1", "--area", "x", "--people", "3", "--at", "+2h", "t"],
    ["team", "release", "99"],
    ["team", "release", "1", "--evacuated", "-3"],
    ["deed", "add", "x", "--ticket", "5", "--person", "王强"],
    ["deed", "add", "", "--log", "1", "--person", "王强"],
    ["deed", "add", "x", "--log", "1", "--team", "nobody"],
    ["deed", "mark", "42"],
    ["bulletin", "--format", "doc"],
    ["bulletin", "--date", "yesterday", "--format", "txt"],
    ["bulletin"],
    ["bulletin", "approve", "--date", "2026-07-20"],
    ["bulletin", "draft", "--date", "2099-07-29"],
    ["party-report", "--from", "2026-07-29", "--to", "2026-07-28", "--format", "csv"],
    ["party-report", "--from", "July", "--to", "2026-07-28", "--format", "csv"],
    ["party-report", "--from", "2026-07-28", "--to", "2026-07-29", "--format", "txt", "-o", "/nonexistent/x.txt"],
]


def test_bad_input_one_line_exit_2_nothing_written(teams):
    db = teams
    assert run_cli(db, "team", "deploy", "1", "--area", "东村", "--people", "3", "巡查").returncode == 0
    assert run_cli(db, "team", "release", "1").returncode == 0
    journal = (db / "journal.jsonl").read_bytes()
    for args in BAD + [["team", "release", "1"]]:
        result = run_cli(db, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dutyroom: 错误:"), (args, result.stderr)
        assert "Traceback" not in result.stderr and "error." not in result.stderr, (args, result.stderr)
    assert (db / "journal.jsonl").read_bytes() == journal


def test_english_error(teams):
    result = run_cli(teams, "--lang", "en", "team", "deploy", "1", "--area", "x", "--people", "2",
                     "--party-members", "5", "t")
    assert result.returncode == 2
    assert result.stderr.strip() == "dutyroom: error: Party members (5) cannot outnumber the people deployed (2)."
