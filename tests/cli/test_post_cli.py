"""``dutyroom post|evacuation`` and ``team deploy --post/--area``: real subprocesses, real files.

Every change is one commit of the record and its duty-log entry; bad input exits 2 with one
translated line and leaves the journal byte for byte as it was."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def last_commit_kinds(db) -> list[str]:
    line = (db / "journal.jsonl").read_text(encoding="utf-8").strip().splitlines()[-1]
    return [op["kind"] for op in json.loads(line)["ops"]]


def refused(db, *argv: str) -> None:
    before = (db / "journal.jsonl").read_bytes()
    result = run_cli(db, *argv)
    assert result.returncode == 2, (argv, result.stdout, result.stderr)
    assert result.stderr.startswith("dutyroom:") and "Traceback" not in result.stderr, result.stderr
    assert (db / "journal.jsonl").read_bytes() == before, argv


def test_post_add_list_end(db):
    assert run_cli(db, "keypoint", "add", "江北大堤 K3+200 段", "--type", "embankment").returncode == 0
    first = run_cli(db, "post", "add", "江北大堤党员先锋岗", "--keypoint", "1", "--leader", "周建华",
                    "--party-members", "8", "--phone", "13800000021")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "1" and last_commit_kinds(db) == ["post", "log"]
    second = json.loads(run_cli(db, "post", "add", "后山村先锋岗", "--area", "后山村 1—3 组",
                                "--leader", "吴秀英", "--json").stdout)
    assert {k: second[k] for k in ("id", "name", "keypoint_id", "area", "leader", "party_members", "phone",
                                   "ended_at", "active")} == {
        "id": 2, "name": "后山村先锋岗", "keypoint_id": None, "area": "后山村 1—3 组", "leader": "吴秀英",
        "party_members": 0, "phone": "", "ended_at": None, "active": True}
    assert second["started_at"].startswith("20")

    ended = run_cli(db, "post", "end", "1")
    assert ended.returncode == 0 and "#1" in ended.stdout and last_commit_kinds(db) == ["post", "log"]
    listing = json.loads(run_cli(db, "post", "list", "--json").stdout)
    assert [(p["id"], p["active"]) for p in listing] == [(2, True), (1, False)]  # standing first
    assert listing[1]["ended_at"] and listing[1]["keypoint_id"] == 1 and listing[1]["party_members"] == 8
    text = run_cli(db, "post", "list").stdout
    assert "江北大堤 K3+200 段" in text and "已撤岗" in text
    log = run_cli(db, "log", "list").stdout
    assert "设立党员先锋岗“江北大堤党员先锋岗”:江北大堤 K3+200 段,负责人 周建华,党员 8 名" in log
    assert "党员先锋岗 #1“江北大堤党员先锋岗”(江北大堤 K3+200 段)撤岗" in log
    english = run_cli(db, "--lang", "en", "log", "list").stdout
    assert "Pioneer post #1 '江北大堤党员先锋岗' (江北大堤 K3+200 段) stood down" in english

    refused(db, "post", "end", "1")  # already stood down
    refused(db, "post", "end", "9")
    refused(db, "post", "end", "0")
    refused(db, "post", "add", "x", "--leader", "y")  # neither key point nor area
    refused(db, "post", "add", "x", "--leader", "y", "--keypoint", "1", "--area", "z")
    refused(db, "post", "add", "x", "--leader", "y", "--keypoint", "7")  # no such key point
    refused(db, "post", "add", "  ", "--leader", "y", "--area", "z")
    refused(db, "post", "add", "x", "--leader", " \x1b\x07 ", "--area", "z")
    refused(db, "post", "add", "x", "--leader", "y", "--area", "   ")
    refused(db, "post", "add", "x", "--leader", "y", "--area", "z", "--party-members", "-1")
    refused(db, "post", "add", "x", "--area", "z")  # no leader


def test_evacuation_add_update_list(db):
    first = run_cli(db, "evacuation", "add", "后山村", "--planned", "37", "--moved", "21",
                    "--shelter", "后山村小学", "--at", "-2h")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "1" and last_commit_kinds(db) == ["evacuation", "log"]
    assert run_cli(db, "evacuation", "add", "柳湾村", "--planned", "40", "--moved", "10").returncode == 0
    later = json.loads(run_cli(db, "evacuation", "add", " 后山村 ", "--planned", "37", "--moved", "30",
                               "--json").stdout)
    assert {k: later[k] for k in ("id", "area", "planned", "moved", "percent", "shelter")} == {
        "id": 3, "area": "后山村", "planned": 37, "moved": 30, "percent": 81, "shelter": "后山村小学"}

    areas = json.loads(run_cli(db, "evacuation", "list", "--json").stdout)
    assert [(a["area"], a["moved"], a["planned"], a["updates"]) for a in areas] == [
        ("后山村", 30, 37, 2), ("柳湾村", 10, 40, 1)]
    assert [h["moved"] for h in areas[0]["history"]] == [21, 30]  # the history stays
    text = run_cli(db, "evacuation", "list").stdout
    assert "合计 2 个区域:计划 77 人,已转移 40 人(52%)" in text
    log = run_cli(db, "log", "list").stdout
    assert "转移人员更新:后山村 计划 37 人,已转移 30 人,安置点 后山村小学" in log

    refused(db, "evacuation", "add", "后山村", "--planned", "-1", "--moved", "2")
    refused(db, "evacuation", "add", "后山村", "--planned", "37")
    refused(db, "evacuation", "add", "  ", "--planned", "3", "--moved", "2")
    refused(db, "evacuation", "add", "后山村", "--planned", "3", "--moved", "2", "--at", "+2h")
    refused(db, "evacuation", "add", "后山村", "--planned", "3", "--moved", "2", "--at", "明天")
    refused(db, "evacuation", "add", "后山村", "--planned", "3", "--moved", "1000001")


def test_team_deploy_names_its_area_and_post(db):
    for argv in (("keypoint", "add", "沙河水库", "--type", "reservoir"),
                 ("unit", "add", "江北区党员突击队", "--kind", "commando"),
                 ("post", "add", "东堤岗", "--area", "东堤", "--leader", "李明", "--party-members", "4")):
        assert run_cli(db, *argv).returncode == 0
    to_post = json.loads(run_cli(db, "team", "deploy", "江北区党员突击队", "巡堤", "--people", "10",
                                 "--party-members", "4", "--post", "1", "--json").stdout)
    assert (to_post["post_id"], to_post["area"], to_post["keypoint_id"]) == (1, "东堤", None)
    assert last_commit_kinds(db) == ["deployment", "log"]
    both = json.loads(run_cli(db, "team", "deploy", "江北区党员突击队", "守库", "--people", "6",
                              "--keypoint", "1", "--area", "东片责任区", "--post", "1", "--json").stdout)
    assert (both["post_id"], both["area"], both["keypoint_id"]) == (1, "东片责任区", 1)
    log = run_cli(db, "log", "list").stdout
    assert "责任区 东片责任区 · 党员先锋岗 #1 东堤岗" in log
    assert "责任区 东片责任区" in run_cli(db, "team", "list").stdout

    refused(db, "team", "deploy", "江北区党员突击队", "x", "--people", "3")  # no target at all
    refused(db, "team", "deploy", "江北区党员突击队", "x", "--people", "3", "--post", "5")
    refused(db, "team", "deploy", "江北区党员突击队", "x", "--people", "3", "--ticket", "1", "--keypoint", "1")
    assert run_cli(db, "post", "end", "1").returncode == 0
    refused(db, "team", "deploy", "江北区党员突击队", "x", "--people", "3", "--post", "1")
