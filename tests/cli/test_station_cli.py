"""``dutyroom station add|import|list`` and ``reading add|import|list`` (issue #15): the real CLI
in subprocesses against real data directories; thresholds crossing both ways through the real
escalation engine."""

from __future__ import annotations

import json

import arrow

from tests.conftest import TZ, run_cli


def at(hours: float) -> str:
    """An absolute time ``hours`` from now, as a spreadsheet writes it (a batch names fixed times)."""
    return arrow.now(TZ).floor("minute").shift(hours=hours).format("YYYY-MM-DD HH:mm")


def ok(db, *args: str) -> str:
    result = run_cli(db, *args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def as_json(db, *args: str):
    return json.loads(ok(db, *args, "--json"))


def journal(db) -> bytes:
    return (db / "journal.jsonl").read_bytes()


def commit_kinds(db) -> list[list[str]]:
    lines = journal(db).decode("utf-8").strip().splitlines()
    return [[op["kind"] for op in json.loads(line)["ops"]] for line in lines if '"ops"' in line]


def views(db) -> dict[str, dict]:
    return {v["name"]: v for v in as_json(db, "station", "list")}


def station_escalations(db) -> list[dict]:
    return [e for e in as_json(db, "escalations") if e["subject_kind"] == "station"]


def test_station_and_reading_commands(db):
    ok(db, "keypoint", "add", "沙河水库", "--type", "reservoir")
    assert ok(db, "station", "add", "沙河水库", "--kind", "reservoir", "--keypoint", "1", "--flood-limit", "21",
              "--warning-level", "22", "--guarantee-level", "23.5").strip() == "1"
    river = as_json(db, "station", "add", "清水河 城关站", "--kind", "river", "--warning-level", "4.5")
    assert river["id"] == 2 and river["kind"] == "river" and river["latest"] is None and river["state"] == "normal"
    assert ok(db, "station", "add", "东城雨量站", "--kind", "rain", "--rain-1h", "30", "--rain-3h", "50",
              "--rain-24h", "100").strip() == "3"

    first = int(ok(db, "reading", "add", "沙河水库", "20.4", "--at", "-2h", "--source", "sensor").strip())
    assert commit_kinds(db)[-1] == ["reading", "log"]  # the reading and its log entry, one commit
    second = as_json(db, "reading", "add", "1", "20.6", "--at", "-1h")
    assert second["id"] == first + 1 and second["station_id"] == 1 and second["value"] == 20.6
    assert second["source"] == "phone" and second["force_reason"] is None

    entries = [e for e in as_json(db, "log", "list") if e["kind"] == "reading"]
    assert len(entries) == 2 and {e["station_id"] for e in entries} == {1}
    assert {e["keypoint_id"] for e in entries} == {1}
    assert entries[-1]["message"]["key"] == "station.log.level" and "20.6" in entries[-1]["text"]
    assert "沙河水库" in ok(db, "log", "list") and "20.6 米" in ok(db, "log", "list")

    listing = as_json(db, "station", "list")
    assert set(listing[0]) >= {"id", "name", "kind", "keypoint_id", "warning_level", "guarantee_level",
                               "flood_limit", "latest", "trend", "state", "margin"}
    shahe = views(db)["沙河水库"]
    assert shahe["latest"]["value"] == 20.6 and shahe["latest"]["source"] == "phone"
    assert shahe["state"] == "normal" and shahe["margin"] == 0.4 and shahe["trend"] == "rising"
    assert shahe["keypoint_id"] == 1 and shahe["flood_limit"] == 21.0

    readings = as_json(db, "reading", "list", "沙河水库")
    assert [r["value"] for r in readings] == [20.4, 20.6] and readings[0]["source"] == "sensor"
    assert [r["value"] for r in as_json(db, "reading", "list", "1", "--since", "-90m")] == [20.6]
    text = ok(db, "reading", "list", "沙河水库")
    assert "20.4 米" in text and "自动测报" in text
    assert "清水河 城关站" in ok(db, "station", "list") and "暂无读数" in ok(db, "station", "list")
    english = run_cli(db, "station", "list", DUTYROOM_LANG="en").stdout
    assert "reservoir" in english and "rising" in english


def test_bad_input_exits_2_and_writes_nothing(db):
    ok(db, "station", "add", "沙河水库", "--kind", "reservoir", "--warning-level", "22")
    ok(db, "station", "add", "东城雨量站", "--kind", "rain", "--rain-1h", "30")
    ok(db, "reading", "add", "沙河水库", "20.0", "--at", "-1h")
    ok(db, "reading", "add", "东城雨量站", "5", "--at", "-1h")
    before = journal(db)
    for args in (("station", "add", "x", "--kind", "pond"),
                 ("station", "add", "x", "--kind", "river", "--rain-1h", "30"),
                 ("station", "add", "x", "--kind", "rain", "--warning-level", "3"),
                 ("station", "add", "x", "--kind", "river", "--warning-level", "5", "--guarantee-level", "4"),
                 ("station", "add", "x", "--kind", "river", "--warning-level", "abc"),
                 ("station", "add", "x", "--kind", "river", "--warning-level", "nan"),
                 ("station", "add", "x", "--kind", "rain", "--rain-1h", "-5"),
                 ("station", "add", "沙河水库", "--kind", "river"),
                 ("station", "add", "x", "--kind", "river", "--keypoint", "9"),
                 ("station", "add", "  ", "--kind", "river"),
                 ("reading", "add", "无此站", "1"),
                 ("reading", "add", "99", "1"),
                 ("reading", "add", "沙河水库", "二十"),
                 ("reading", "add", "沙河水库", "inf"),
                 ("reading", "add", "沙河水库", "20.1", "--at", "+2h"),
                 ("reading", "add", "沙河水库", "20.1", "--at", "昨天"),
                 ("reading", "add", "沙河水库", "20.1", "--source", "radio"),
                 ("reading", "add", "沙河水库", "23.5"),  # a jump of 3.5 m: refused
                 ("reading", "add", "沙河水库", "23.5", "--force"),  # forced, but no reason
                 ("reading", "add", "沙河水库", "23.5", "--force", "--reason", "  "),
                 ("reading", "add", "沙河水库", "20.1", "--reason", "why"),
                 ("reading", "add", "东城雨量站", "-2"),  # negative rain
                 ("reading", "list", "无此站"),
                 ("reading", "list", "沙河水库", "--since", "明天"),
                 ("station", "import", "/nonexistent.csv"),
                 ("reading", "import", "/nonexistent.csv")):
        result = run_cli(db, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.startswith("dutyroom:"), args
    assert journal(db) == before

    refused = run_cli(db, "reading", "add", "沙河水库", "23.5")
    assert "2 米" in refused.stderr and "--force" in refused.stderr
    forced = as_json(db, "reading", "add", "沙河水库", "23.5", "--force", "--reason", "上游溃口,现场核实")
    assert forced["force_reason"] == "上游溃口,现场核实"
    assert "上游溃口,现场核实" in ok(db, "log", "list") and "上游溃口" in ok(db, "reading", "list", "沙河水库")
    rain = as_json(db, "reading", "add", "东城雨量站", "-2", "--force", "--reason", "雨量计回零校正")
    assert rain["value"] == -2.0 and rain["force_reason"]


def test_level_thresholds_raise_and_clear_escalations(db):
    ok(db, "station", "add", "清水河 城关站", "--kind", "river", "--warning-level", "4.5",
       "--guarantee-level", "5.5")
    ok(db, "station", "add", "沙河水库", "--kind", "reservoir", "--flood-limit", "21")
    ok(db, "reading", "add", "清水河 城关站", "3.2", "--at", "-5h")
    ok(db, "reading", "add", "清水河 城关站", "3.6", "--at", "-4h")
    assert station_escalations(db) == [] and views(db)["清水河 城关站"]["state"] == "normal"

    crossing = run_cli(db, "reading", "add", "清水河 城关站", "4.6", "--at", "-3h")  # crosses the warning level
    assert crossing.returncode == 0 and crossing.stdout.strip().isdigit()
    assert "升级提醒:水位超警戒 — 测站 #1 清水河 城关站 4.6 米" in crossing.stderr
    raised = station_escalations(db)
    assert [e["reason"] for e in raised] == ["level_above_warning"] and raised[0]["subject_id"] == 1
    assert "清水河 城关站" in raised[0]["title"] and "4.6" in raised[0]["title"]
    logged = [e for e in as_json(db, "log", "list") if e["system"] and e["station_id"] == 1]
    assert logged and logged[-1]["message"]["key"] == "escalation.log.raise"
    key = raised[0]["key"]

    ok(db, "reading", "add", "清水河 城关站", "4.9", "--at", "-2h")  # still above: the same escalation
    assert [e["key"] for e in station_escalations(db)] == [key]
    ok(db, "reading", "add", "清水河 城关站", "5.6", "--at", "-90m")  # and above the guarantee level
    assert sorted(e["reason"] for e in station_escalations(db)) == ["level_above_guarantee", "level_above_warning"]
    assert views(db)["清水河 城关站"]["state"] == "above_guarantee"

    ok(db, "reading", "add", "清水河 城关站", "4.4", "--at", "-1h")  # back below both
    assert station_escalations(db) == []
    cleared = [e for e in as_json(db, "log", "list") if e["system"] and e["station_id"] == 1
               and e["message"]["key"] == "escalation.log.clear"]
    assert len(cleared) == 2
    assert views(db)["清水河 城关站"]["state"] == "normal"

    ok(db, "reading", "add", "沙河水库", "21.3")
    reservoir = station_escalations(db)
    assert [e["reason"] for e in reservoir] == ["level_above_flood_limit"]
    assert views(db)["沙河水库"]["state"] == "above_flood_limit" and views(db)["沙河水库"]["margin"] is None


def test_rain_sums_state_and_escalation(db):
    ok(db, "station", "add", "东城雨量站", "--kind", "rain", "--rain-1h", "30", "--rain-3h", "20",
       "--rain-24h", "100")
    ok(db, "reading", "add", "东城雨量站", "20", "--at", "-5h", "--source", "sensor")
    ok(db, "reading", "add", "东城雨量站", "8", "--at", "-2h", "--source", "sensor")
    assert station_escalations(db) == []
    ok(db, "reading", "add", "东城雨量站", "15", "--at", "-50m", "--source", "sensor")
    gauge = views(db)["东城雨量站"]
    assert gauge["rain"] == {"1h": 15.0, "3h": 23.0, "24h": 43.0}
    assert gauge["state"] == "above_3h" and gauge["margin"] == 15.0  # 30 - 15 mm to the 1 h threshold
    assert [e["reason"] for e in station_escalations(db)] == ["rain_above_threshold"]


def test_rising_level_near_warning_warns_and_trends(db):
    ok(db, "station", "add", "清水河", "--kind", "river", "--warning-level", "4.5")
    ok(db, "station", "add", "落河", "--kind", "river", "--warning-level", "9")
    ok(db, "station", "add", "平河", "--kind", "lake", "--warning-level", "9")
    ok(db, "station", "add", "孤站", "--kind", "tide", "--warning-level", "9")
    for name, early, late in (("清水河", "3.9", "4.3"), ("落河", "5.0", "4.2"), ("平河", "6.00", "6.01")):
        ok(db, "reading", "add", name, early, "--at", "-2h")
        ok(db, "reading", "add", name, late, "--at", "-30m")
    ok(db, "reading", "add", "孤站", "2.0", "--at", "-30m")
    shown = views(db)
    assert {n: shown[n]["trend"] for n in shown} == {"清水河": "rising", "落河": "falling", "平河": "steady",
                                                     "孤站": "unknown"}
    assert shown["清水河"]["approaching"] is True and shown["落河"]["approaching"] is False
    assert [e["reason"] for e in station_escalations(db)] == ["level_approaching_warning"]
    assert next(iter(as_json(db, "station", "list")))["name"] == "清水河"  # the nearing one first
    assert "逼近警戒" in ok(db, "station", "list")
    ok(db, "reading", "add", "清水河", "4.0", "--at", "-10m")  # falling again: the warning goes
    assert station_escalations(db) == []


def test_station_import_all_or_nothing_and_encodings(db, tmp_path):
    ok(db, "keypoint", "add", "沙河水库", "--type", "reservoir")
    header = "name,kind,keypoint,warning_level,guarantee_level,flood_limit,rain_1h,rain_3h,rain_24h\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "清水河,river,,4.5,5.5,,,,\n沙河,水库,沙河水库,,,abc,,,\n", encoding="utf-8")
    before = journal(db)
    result = run_cli(db, "station", "import", str(bad))
    assert result.returncode == 2 and "第 3 行" in result.stderr, result.stderr
    wrong_header = tmp_path / "header.csv"
    wrong_header.write_text("name,type\nx,river\n", encoding="utf-8")
    assert run_cli(db, "station", "import", str(wrong_header)).returncode == 2
    empty = tmp_path / "empty.csv"
    empty.write_text(header, encoding="utf-8")
    assert run_cli(db, "station", "import", str(empty)).returncode == 2
    assert journal(db) == before and as_json(db, "station", "list") == []

    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((header + "清水河 城关站,河道,,4.5,5.5,,,,\n沙河水库,水库,沙河水库,22,23.5,21,,,\n"
                     "东城雨量站,雨量,,,,,30,50,100\n").encode("gb18030"))
    out = ok(db, "station", "import", str(gbk))
    assert "3" in out
    shown = views(db)
    assert shown["清水河 城关站"]["kind"] == "river" and shown["沙河水库"]["keypoint_id"] == 1
    assert shown["东城雨量站"]["kind"] == "rain"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + "name,kind,warning_level\n南湖,lake,3.1\n".encode("utf-8"))
    assert as_json(db, "station", "import", str(bom))[0]["name"] == "南湖"
    duplicate = run_cli(db, "station", "import", str(bom))
    assert duplicate.returncode == 2 and "第 2 行" in duplicate.stderr


def test_reading_import_all_or_nothing_and_idempotent(db, tmp_path):
    ok(db, "station", "add", "沙河水库", "--kind", "reservoir", "--flood-limit", "21")
    ok(db, "station", "add", "东城雨量站", "--kind", "rain", "--rain-1h", "30")
    batch = tmp_path / "batch.csv"
    batch.write_text(f"station,at,value,source\n沙河水库,{at(-3)},20.2,sensor\n沙河水库,{at(-2)},20.6,\n"
                     f"东城雨量站,{at(-2)},12.5,sensor\n1,{at(-1)},21.2,\n", encoding="utf-8")
    before = journal(db)
    for body, line in (("station,at,value\n沙河水库,-3h,20.2\n无此站,-2h,1\n", 3),
                       ("station,at,value\n沙河水库,-3h,20.2\n沙河水库,-2h,abc\n", 3),
                       ("station,at,value\n沙河水库,-3h,20.2\n东城雨量站,-2h,-4\n", 3),
                       ("station,at,value\n沙河水库,-3h,20.2\n沙河水库,-2h,25.2\n", 3),
                       ("station,at,value\n沙河水库,-3h,20.2\n沙河水库,+3h,20.3\n", 3),
                       ("station,at,value\n沙河水库,-3h,20.2\n沙河水库,-3h,20.9\n", 3)):
        bad = tmp_path / "bad.csv"
        bad.write_text(body, encoding="utf-8")
        result = run_cli(db, "reading", "import", str(bad))
        assert result.returncode == 2 and f"第 {line} 行" in result.stderr, (body, result.stderr)
    assert journal(db) == before

    assert as_json(db, "reading", "import", str(batch)) == {"imported": 4}
    readings = as_json(db, "reading", "list", "沙河水库")
    assert [r["value"] for r in readings] == [20.2, 20.6, 21.2] and readings[1]["source"] == "sensor"
    logged = [e for e in as_json(db, "log", "list") if e["kind"] == "reading"]
    assert sorted(e["station_id"] for e in logged) == [1, 2]  # one entry per station and batch
    assert [e["reason"] for e in station_escalations(db)] == ["level_above_flood_limit"]

    after = journal(db)
    assert as_json(db, "reading", "import", str(batch)) == {"imported": 0}  # the same batch again
    assert journal(db) == after
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(f"station,at,value\n沙河水库,{at(-2)},20.6\n东城雨量站,{at(-0.5)},3\n".encode("gb18030"))
    assert as_json(db, "reading", "import", str(gbk)) == {"imported": 1}


def test_a_bad_stations_setting_is_named_and_stops_no_escalation(db):
    ok(db, "station", "add", "沙河水库", "--kind", "reservoir", "--flood-limit", "21")
    ok(db, "reading", "add", "沙河水库", "21.3", "--at", "-30m")  # not the same minute as the next
    (db / "config.toml").write_text('[stations]\nmax_level_step_m = "two"\n', encoding="utf-8")
    before = journal(db)
    refused = run_cli(db, "reading", "add", "沙河水库", "21.4")
    assert refused.returncode == 2 and "max_level_step_m" in refused.stderr
    assert run_cli(db, "station", "list").returncode == 2
    assert journal(db) == before
    assert [e["reason"] for e in station_escalations(db)] == ["level_above_flood_limit"]
