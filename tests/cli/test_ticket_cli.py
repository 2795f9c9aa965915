"""The §6 command line as scripts use it: exact commands, JSON field names, errors, nothing written."""

from __future__ import annotations

import json

from dutyroom.services.tickets import Tickets
from tests.conftest import run_cli

CSV = ("type,name,district,responsible_unit,responsible_person,phone\n"
       "reservoir,沙河水库,城东区,区水务局,李明,13800000001\n"
       "underpass,人民路下穿通道,城西区,区住建局,王五,13800000002\n")


def ok(db, *args, **env):
    result = run_cli(db, *args, **env)
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


def test_ticket_lifecycle_through_the_cli(db, tmp_path):
    (tmp_path / "kp.csv").write_text(CSV, encoding="utf-8")
    assert "2" in ok(db, "keypoint", "import", str(tmp_path / "kp.csv"))
    points = json.loads(ok(db, "keypoint", "list", "--json"))
    assert [p["name"] for p in points] == ["沙河水库", "人民路下穿通道"]
    assert {"id", "type", "name", "last_patrol_at", "hours_since_patrol", "patrol_overdue",
            "patrol_interval_min", "patrol_due_at"} <= set(points[0])
    assert ok(db, "ticket", "add", "--keypoint", "1", "--hazard", "reservoir", "--severity", "III",
              "坝脚渗水").strip() == "1"
    assert ok(db, "ticket", "add", "--location", "建设路 12 号", "--hazard", "dilapidated_house",
              "墙体开裂").strip() == "2"
    units = json.loads(ok(db, "unit", "list", "--json"))
    water = next(u for u in units if u["kind"] == "water_resources")
    assert {"id", "kind", "name", "phone", "zone_keypoints", "zone_area"} <= set(water)
    row = json.loads(ok(db, "ticket", "dispatch", "1", "--to", str(water["id"]), "--json"))
    assert row["status"] == "dispatched" and row["assigned_to"] == water["id"] and row["due_at"]
    ok(db, "ticket", "update", "1", "--status", "acknowledged", "--note", "王工签收")
    ok(db, "ticket", "update", "1", "--status", "on_site")
    ok(db, "ticket", "update", "1", "--evacuated", "35", "--resources", "抢险队 20 人")
    ok(db, "ticket", "update", "1", "--status", "resolved", "--note", "渗水已止")
    closing = run_cli(db, "ticket", "update", "1", "--status", "closed", "--note", "已复核")
    assert closing.returncode == 2 and "另一人" in closing.stderr
    ok(db, "--operator", "李强", "ticket", "update", "1", "--status", "closed", "--note", "现场复核,渗水已止")
    shown = json.loads(ok(db, "ticket", "show", "1", "--json"))
    for field in ("id", "status", "keypoint", "assigned_to", "updated_at", "level", "due_at"):
        assert field in shown
    assert shown["status"] == "closed" and shown["keypoint"] == 1 and shown["evacuated"] == 35
    assert shown["verified_by"] == "李强" and shown["verification_note"] == "现场复核,渗水已止"
    assert [e["status"] for e in shown["timeline"]] == [
        "open", "dispatched", "acknowledged", "on_site", "on_site", "resolved", "closed"]
    assert [e["id"] for e in json.loads(ok(db, "ticket", "list", "--open", "--json"))] == [2]
    assert [e["id"] for e in json.loads(ok(db, "ticket", "list", "--json"))] == [1, 2]
    text = ok(db, "ticket", "show", "1")
    assert "处置过程" in text and "李强" in text
    log = json.loads(ok(db, "log", "list", "--json"))
    assert sum(1 for e in log if e["ticket_id"] == 1 and e["system"]) == 7
    cancel = run_cli(db, "ticket", "update", "2", "--status", "cancelled")
    assert cancel.returncode == 2 and "原因" in cancel.stderr
    ok(db, "ticket", "update", "2", "--status", "cancelled", "--note", "重复接报")


def test_bad_input_one_line_exit_2_nothing_written(db, tmp_path):
    ok(db, "ticket", "add", "--location", "人民路", "--hazard", "waterlogging", "积水 40cm")
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text(CSV + "volcano,火山,城东区,x,y,1\n", encoding="utf-8")
    journal = (db / "journal.jsonl").read_bytes()
    for args in (["ticket", "add", "--hazard", "waterlogging", "x"],
                 ["ticket", "add", "--location", "x", "--hazard", "lava", "x"],
                 ["ticket", "add", "--location", "x", "--keypoint", "1", "--hazard", "other", "x"],
                 ["ticket", "add", "--keypoint", "9", "--hazard", "other", "x"],
                 ["ticket", "update", "1", "--status", "closed", "--note", "x"],
                 ["ticket", "update", "1", "--status", "flying"],
                 ["ticket", "update", "1", "--status", "dispatched"],
                 ["ticket", "update", "1"],
                 ["ticket", "update", "1", "--evacuated", "-3"],
                 ["ticket", "update", "7", "--status", "cancelled", "--note", "x"],
                 ["ticket", "dispatch", "1", "--to", "不存在的单位"],
                 ["ticket", "show", "abc"],
                 ["keypoint", "import", str(bad_csv)],
                 ["keypoint", "import", str(tmp_path / "missing.csv")],
                 ["escalations", "ack", "5", "--note", "x"],
                 ["escalations", "ack", "5"]):
        result = run_cli(db, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dutyroom: 错误:"), (args, result.stderr)
    assert (db / "journal.jsonl").read_bytes() == journal
    result = run_cli(db, "keypoint", "import", str(bad_csv))
    assert "第 4 行" in result.stderr and "volcano" in result.stderr
    english = run_cli(db, "--lang", "en", "ticket", "update", "1", "--status", "closed", "--note", "x")
    assert english.stderr.startswith("dutyroom: error: A ticket cannot go from 'open' to 'closed'")


def test_escalations_evaluate_list_and_ack(ctx, db):
    # Dispatched at the pinned 2026-07-29 09:00: by the CLI's real clock it is long overdue.
    tickets = Tickets(ctx)
    ticket = tickets.add("坝脚渗水", hazard="reservoir", location="沙河水库")
    tickets.dispatch(ticket.id, "水务局")
    rows = json.loads(ok(db, "escalations", "--json"))
    assert len(rows) == 1
    row = rows[0]
    for field in ("id", "status", "level", "due_at", "reason", "subject_kind", "subject_id",
                  "level_name", "updated_at"):
        assert field in row
    assert (row["reason"], row["level"], row["status"], row["subject_id"]) == (
        "not_acknowledged", 3, "active", ticket.id)
    assert row["level_name"] == "指挥部" and row["seconds_to_due"] < 0
    assert "派遣后未签收" in ok(db, "escalations")
    acked = json.loads(ok(db, "escalations", "ack", str(row["id"]), "--note", "已电话督促", "--json"))
    assert acked["status"] == "acknowledged" and acked["ack_note"] == "已电话督促"
    assert json.loads(ok(db, "ticket", "show", str(ticket.id), "--json"))["level"] == 3
    ok(db, "ticket", "update", str(ticket.id), "--status", "acknowledged")
    assert json.loads(ok(db, "escalations", "--json")) == []
    assert "没有升级提醒" in ok(db, "escalations")


def test_escalation_settings_are_read_and_a_bad_one_is_named(db):
    ok(db, "ticket", "add", "--location", "人民路", "--hazard", "waterlogging", "积水")
    (db / "config.toml").write_text("[escalation]\nack_minutes = 5\n", encoding="utf-8")
    row = json.loads(ok(db, "ticket", "dispatch", "1", "--to", "transport", "--json"))
    assert row["due_at"] is not None
    created = json.loads(ok(db, "ticket", "show", "1", "--json"))["timeline"][-1]["at"]
    import arrow

    assert (arrow.get(row["due_at"]) - arrow.get(created)).total_seconds() == 300
    (db / "config.toml").write_text("[escalation]\nlevel_minutes = [0, 30, 20]\n", encoding="utf-8")
    result = run_cli(db, "escalations")
    assert result.returncode == 2 and "level_minutes" in result.stderr
    # Dispatching still works with a broken section (the default deadline applies).
    ok(db, "ticket", "dispatch", "1", "--to", "police")


def test_units_and_key_points_by_hand(db):
    assert ok(db, "keypoint", "add", "清河左岸堤防", "--type", "embankment", "--district", "城北区",
              "--patrol-interval", "240").strip() == "1"
    unit_id = ok(db, "unit", "add", "清河镇党员突击队", "--kind", "commando", "--phone", "13900000001",
                 "--zone-keypoints", "1", "--zone-area", "清河镇沿河三村").strip()
    units = json.loads(ok(db, "unit", "list", "--json"))
    assert [u["name"] for u in units] == ["清河镇党员突击队"], "a directory in use is never seeded"
    assert units[0]["zone_keypoints"] == [1] and units[0]["id"] == int(unit_id)
    assert run_cli(db, "unit", "add", "x", "--kind", "commando", "--zone-keypoints", "9").returncode == 2
    ok(db, "log", "add", "清河左岸巡查正常", "--kind", "patrol", "--keypoint", "1")
    (point,) = json.loads(ok(db, "keypoint", "list", "--json"))
    assert point["patrol_interval_min"] == 240 and point["patrol_overdue"] is False
    assert point["hours_since_patrol"] == 0.0
    assert "0 分钟前巡查" in ok(db, "keypoint", "list")
