"""``dutyroom contact import|list`` and ``dutyroom callout ...``: the warning call-out (预警叫应)
as scripts and officers run it (real subprocesses, real files). Moments that must lie in the
past for the CLI's real clock are written through the service with a fixed clock first."""

from __future__ import annotations

import json
from pathlib import Path

import arrow

from dutyroom.config import load_settings
from dutyroom.services.callouts import Callouts
from dutyroom.services.clock import FixedClock
from dutyroom.services.contacts import Contacts
from dutyroom.services.context import Context
from dutyroom.store import Store
from tests.cli.test_handover_cli import roster_now
from tests.conftest import run_cli

CONTACTS = """level,area,parent,name,role,phone,alt_phone
county,青山县,,李县长,县防指副指挥长,13900000001,
town,河口镇,青山县,王镇长,镇长,13900000002,
village,柳湾村,河口镇,赵书记,村支书,13900000003,13700000003
village,石桥村,河口镇,钱主任,村主任,13900000004,
town,东坝镇,青山县,孙镇长,镇长,13900000005,
村,东坝村,东坝镇,周书记,村支书,13900000006,
单位,县水利局,青山县,吴局长,局长,13900000007,
"""


def journal(db: Path) -> bytes:
    path = db / "journal.jsonl"
    return path.read_bytes() if path.exists() else b""


def last_commit_kinds(db: Path) -> list[str]:
    line = journal(db).decode("utf-8").strip().splitlines()[-1]
    return [op["kind"] for op in json.loads(line)["ops"]]


def imported(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    result = run_cli(db, "contact", "import", str(path))
    assert result.returncode == 0, result.stderr


def show(db: Path, callout_id: int) -> dict:
    result = run_cli(db, "callout", "show", str(callout_id), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def past_context(db: Path, minutes_ago: int) -> tuple[Context, FixedClock]:
    """The data seen through a clock ``minutes_ago`` before the wall clock the CLI reads."""
    clock = FixedClock(arrow.utcnow().shift(minutes=-minutes_ago))
    store = Store(db, now=clock.now, operator="张伟", station="local")
    store.open()
    return Context(store=store, clock=clock, settings=load_settings(db / "config.toml"),
                   operator="张伟", station="local"), clock


def test_contact_import_and_list(db, tmp_path):
    imported(db, tmp_path)
    assert last_commit_kinds(db) == ["contact"] * 7 + ["log"]
    people = json.loads(run_cli(db, "contact", "list", "--json").stdout)
    assert len(people) == 7
    assert people[5] == {"id": 6, "level": "village", "area": "东坝村", "parent": "东坝镇", "name": "周书记",
                         "role": "村支书", "phone": "13900000006", "alt_phone": "", "version": 1}
    assert people[2]["alt_phone"] == "13700000003" and people[6]["level"] == "unit"
    town = json.loads(run_cli(db, "contact", "list", "--area", "河口镇", "--json").stdout)
    assert [p["name"] for p in town] == ["王镇长", "赵书记", "钱主任"]
    text = run_cli(db, "contact", "list", "--area", "河口镇").stdout
    assert "柳湾村 ← 河口镇  赵书记 村支书  13900000003 / 13700000003" in text
    # importing the same people again updates them, it does not double them
    path = tmp_path / "again.csv"
    path.write_text(CONTACTS.replace("13900000004", "13900000044"), encoding="utf-8")
    assert run_cli(db, "contact", "import", str(path), "--json").returncode == 0
    people = json.loads(run_cli(db, "contact", "list", "--json").stdout)
    assert len(people) == 7 and people[3]["phone"] == "13900000044"
    assert "导入责任人名单 again.csv:新增 0 人,更新 7 人" in run_cli(db, "log", "list").stdout


def test_contact_import_bom_and_gb18030(db, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(CONTACTS.encode("utf-8-sig"))
    assert run_cli(db, "contact", "import", str(bom)).returncode == 0
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(CONTACTS.replace("河口镇", "河口乡").encode("gb18030"))
    assert run_cli(db, "contact", "import", str(gbk)).returncode == 0
    areas = {p["area"] for p in json.loads(run_cli(db, "contact", "list", "--json").stdout)}
    assert {"河口镇", "河口乡", "柳湾村", "东坝村"} <= areas


def test_contact_import_errors_name_the_line_and_write_nothing(db, tmp_path):
    imported(db, tmp_path)
    before = journal(db)
    cases = {
        "level,area,parent,name,role,phone\ntown,河口镇,青山县,王镇长,镇长,139\nprovince,某省,,甲,省长,1\n": "第 3 行",
        "level,area,parent,name,role,phone\ntown,河口镇,青山县,王镇长,镇长,13900000002\n"
        "village,柳湾村,河口镇,,村支书,13900000003\n": "第 3 行",
        "level,area,parent,name,role,phone\nvillage,柳湾村,河口镇,赵书记,村支书,电话号码\n": "第 2 行",
        "level,area,parent,name,role,phone\nvillage,柳湾村,柳湾村,赵书记,村支书,1\n": "第 2 行",
        "level,area,parent,name,role,phone\nvillage,柳湾村,河口镇,赵书记,村支书,1\n"
        "village,柳湾村,河口镇,赵书记,村支书,2\n": "第 3 行",
        "level,area,name,phone\ntown,河口镇,王镇长,1\n": "第 1 行",
        "level,area,parent,name,role,phone\n": "没有数据行",
    }
    for index, (text, named) in enumerate(cases.items()):
        path = tmp_path / f"bad{index}.csv"
        path.write_text(text, encoding="utf-8")
        result = run_cli(db, "contact", "import", str(path))
        assert result.returncode == 2, (text, result.stdout, result.stderr)
        assert named in result.stderr and "Traceback" not in result.stderr, (text, result.stderr)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00level\x81\x00")
    assert run_cli(db, "contact", "import", str(binary)).returncode == 2
    assert run_cli(db, "contact", "import", str(tmp_path / "missing.csv")).returncode == 2
    assert journal(db) == before


def test_callout_built_down_the_area_tree(db, tmp_path):
    imported(db, tmp_path)
    started = run_cli(db, "callout", "start", "--warning", "rainstorm:red", "--areas", "河口镇,东坝镇",
                      "--levels", "town,village", "--within", "20", "--text", "今夜特大暴雨")
    assert started.returncode == 0, started.stderr
    callout_id = int(started.stdout.strip())
    assert last_commit_kinds(db) == ["callout", "log"]
    data = show(db, callout_id)
    assert data["warning"] == "rainstorm:red" and data["areas"] == ["河口镇", "东坝镇"]
    assert [(c["call_id"], c["area"], c["name"]) for c in data["calls"]] == [
        (1, "河口镇", "王镇长"), (2, "柳湾村", "赵书记"), (3, "石桥村", "钱主任"),
        (4, "东坝镇", "孙镇长"), (5, "东坝村", "周书记")]
    assert set(data) >= {"id", "warning", "areas", "started_at", "due_at", "calls"}
    assert set(data["calls"][0]) >= {"call_id", "level", "area", "name", "role", "phone", "status", "attempts",
                                     "answered_by", "answered_at", "next_try_at"}
    assert arrow.get(data["due_at"]) == arrow.get(data["started_at"]).shift(minutes=20)
    assert {c["status"] for c in data["calls"]} == {"pending"}
    # the whole county, every level: the county head and the water bureau too
    everyone = json.loads(run_cli(db, "callout", "start", "--warning", "flood:orange", "--areas", "青山县",
                                  "--json").stdout)
    assert [c["name"] for c in everyone["calls"]] == ["李县长", "王镇长", "孙镇长", "吴局长", "赵书记",
                                                       "钱主任", "周书记"]
    villages = json.loads(run_cli(db, "callout", "start", "--warning", "rainstorm:orange", "--areas", "青山县",
                                  "--levels", "村", "--json").stdout)
    assert [c["area"] for c in villages["calls"]] == ["柳湾村", "石桥村", "东坝村"]
    assert arrow.get(everyone["due_at"]) == arrow.get(everyone["started_at"]).shift(minutes=30)


def test_each_call_answered_failed_arrived_and_listed(db, tmp_path):
    imported(db, tmp_path)
    callout_id = int(run_cli(db, "callout", "start", "--warning", "rainstorm:red", "--areas", "河口镇").stdout)
    answered = run_cli(db, "callout", "answer", str(callout_id), "1", "--by", "王镇长妻子", "--note", "已转告")
    assert answered.returncode == 0 and "王镇长妻子" in answered.stdout
    assert last_commit_kinds(db) == ["callout", "log"]
    failed = json.loads(run_cli(db, "callout", "fail", str(callout_id), "2", "--reason", "busy", "--json").stdout)
    call = failed["calls"][1]
    assert call["status"] == "failed" and call["attempts"] == 1 and call["fail_reason"] == "busy"
    assert arrow.get(call["next_try_at"]) == arrow.get(call["history"][0]["at"]).shift(minutes=10)
    assert run_cli(db, "callout", "arrived", str(callout_id), "3").returncode == 0
    data = show(db, callout_id)
    first, third = data["calls"][0], data["calls"][2]
    assert first["status"] == "answered" and first["answered_by"] == "王镇长妻子" and first["answered_at"]
    assert third["status"] == "arrived" and third["answered_by"] == "钱主任" and third["attempts"] == 1
    assert data["progress"] == {"total": 3, "answered": 2, "unanswered": 0, "arrived": 1, "failed": 1,
                                "pending": 0}
    text = run_cli(db, "callout", "show", str(callout_id)).stdout
    assert "叫应 2/3 · 未应 0 · 到位 1" in text and "[未接通] 占线" in text and "[已到岗]" in text
    english = run_cli(db, "--lang", "en", "callout", "show", str(callout_id)).stdout
    assert "rainstorm red" in english and "[at post]" in english
    listed = json.loads(run_cli(db, "callout", "list", "--open", "--json").stdout)
    assert [c["id"] for c in listed] == [callout_id]
    assert f"#{callout_id}" in run_cli(db, "callout", "list").stdout
    log = run_cli(db, "log", "list").stdout
    assert "第 1 号 河口镇 王镇长 已应答(应答人 王镇长妻子) 已转告" in log
    assert "第 2 号 柳湾村 赵书记 未接通:占线,10 分钟后重拨" in log and "第 3 号 石桥村 钱主任 已到岗" in log
    # a failed call answered on the retry; answering twice is refused
    assert run_cli(db, "callout", "answer", str(callout_id), "2").returncode == 0
    assert show(db, callout_id)["calls"][1]["answered_by"] == "赵书记"
    assert show(db, callout_id)["calls"][1]["attempts"] == 2
    before = journal(db)
    again = run_cli(db, "callout", "answer", str(callout_id), "2", "--by", "某人")
    assert again.returncode == 2 and "已应答" in again.stderr
    assert journal(db) == before
    closed = run_cli(db, "callout", "close", str(callout_id))
    assert closed.returncode == 0, closed.stderr
    assert run_cli(db, "callout", "list", "--open", "--json").stdout.strip() == "[]"
    assert show(db, callout_id)["open"] is False


def test_bad_callout_input_exits_2_and_writes_nothing(db, tmp_path):
    imported(db, tmp_path)
    callout_id = run_cli(db, "callout", "start", "--warning", "rainstorm:red", "--areas", "柳湾村").stdout.strip()
    before = journal(db)
    for args in (("callout", "start", "--warning", "rainstorm", "--areas", "河口镇"),
                 ("callout", "start", "--warning", "hail:red", "--areas", "河口镇"),
                 ("callout", "start", "--warning", "rainstorm:purple", "--areas", "河口镇"),
                 ("callout", "start", "--warning", "rainstorm:red", "--areas", "火星村"),
                 ("callout", "start", "--warning", "rainstorm:red", "--areas", " , "),
                 ("callout", "start", "--warning", "rainstorm:red", "--areas", "河口镇", "--levels", "省"),
                 ("callout", "start", "--warning", "rainstorm:red", "--areas", "柳湾村", "--levels", "county"),
                 ("callout", "start", "--warning", "rainstorm:red", "--areas", "河口镇", "--within", "0"),
                 ("callout", "start", "--warning", "rainstorm:red", "--areas", "河口镇", "--within", "2000"),
                 ("callout", "start", "--warning", "rainstorm:red", "--areas", "河口镇", "--text", "x" * 3000),
                 ("callout", "answer", callout_id, "9"), ("callout", "answer", "99", "1"),
                 ("callout", "answer", callout_id, "1", "--by", "  "),
                 ("callout", "fail", callout_id, "1", "--reason", "asleep"),
                 ("callout", "fail", callout_id, "1"), ("callout", "arrived", callout_id, "0"),
                 ("callout", "show", "99"), ("callout", "show", "x"), ("callout", "close", "99"),
                 ("callout", "close", callout_id), ("contact", "list", "--area", "火星村")):
        result = run_cli(db, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("dutyroom:") and "Traceback" not in result.stderr, (args, result.stderr)
    assert journal(db) == before


def test_close_refused_while_pending_unless_the_leader_overrides(db, tmp_path):
    imported(db, tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_now(), encoding="utf-8")
    assert run_cli(db, "roster", "import", str(roster)).returncode == 0
    callout_id = run_cli(db, "callout", "start", "--warning", "rainstorm:red", "--areas", "河口镇").stdout.strip()
    assert run_cli(db, "callout", "answer", callout_id, "1").returncode == 0
    before = journal(db)
    refused = run_cli(db, "callout", "close", callout_id, DUTYROOM_OPERATOR="zhangwei")
    assert refused.returncode == 2 and "2/3 个呼叫未应答" in refused.stderr
    officer = run_cli(db, "callout", "close", callout_id, "--reason", "电话线路中断,已派人上门",
                      DUTYROOM_OPERATOR="zhangwei")
    assert officer.returncode == 2 and "王强" in officer.stderr  # only the leader on duty
    assert journal(db) == before
    closed = run_cli(db, "callout", "close", callout_id, "--reason", "电话线路中断,已派人上门", "--json",
                     DUTYROOM_OPERATOR="wangqiang")
    assert closed.returncode == 0, closed.stderr
    data = json.loads(closed.stdout)
    assert data["open"] is False and data["closed_by"] == "王强"
    assert data["override_reason"] == "电话线路中断,已派人上门"
    assert "带班领导 王强 结束预警叫应 #1,2 个呼叫未应答;原因:电话线路中断,已派人上门" in \
        run_cli(db, "log", "list").stdout
    assert run_cli(db, "callout", "close", callout_id, "--reason", "x", DUTYROOM_OPERATOR="wangqiang").returncode == 2


def test_retries_ordered_by_due_time(db, tmp_path):
    imported(db, tmp_path)
    ctx, clock = past_context(db, 30)
    service = Callouts(ctx)
    callout = service.start("rainstorm:red", ["河口镇"], within=60)
    service.fail(callout.id, 3, "no_answer")  # retry due 20 minutes ago
    clock.advance(minutes=5)
    service.fail(callout.id, 2, "busy")  # retry due 15 minutes ago
    clock.advance(minutes=15)
    service.fail(callout.id, 1, "unreachable")  # retry due in 10 minutes
    ctx.store.close()
    data = show(db, callout.id)
    due = [(c["call_id"], c["next_try_at"]) for c in data["calls"]]
    assert sorted(due, key=lambda pair: pair[1]) == [(3, due[2][1]), (2, due[1][1]), (1, due[0][1])]
    text = run_cli(db, "callout", "show", str(callout.id)).stdout.splitlines()
    assert [line for line in text if line.startswith("→")][0].split()[1] == "3"  # the retry due first
    assert run_cli(db, "callout", "answer", str(callout.id), "3").returncode == 0
    text = run_cli(db, "callout", "show", str(callout.id)).stdout.splitlines()
    assert [line for line in text if line.startswith("→")][0].split()[1] == "2"


def test_escalation_up_the_area_tree_after_within(db, tmp_path):
    imported(db, tmp_path)
    ctx, _clock = past_context(db, 45)
    service = Callouts(ctx)
    callout = service.start("rainstorm:red", ["河口镇"], levels=["village"], within=30)
    service.answer(callout.id, 1)  # 柳湾村 answered; 石桥村 stays silent
    ctx.store.close()
    assert len(show(db, callout.id)["calls"]) == 2  # nothing escalates before the engine looks
    listed = run_cli(db, "escalations", "--json")
    assert listed.returncode == 0, listed.stderr
    escalations = [e for e in json.loads(listed.stdout) if e["reason"] == "callout_unanswered"]
    assert len(escalations) == 1 and "石桥村" in escalations[0]["title"] and "柳湾村" not in escalations[0]["title"]
    data = show(db, callout.id)
    added = data["calls"][2]
    assert (added["call_id"], added["area"], added["name"], added["escalated_from"]) == (3, "河口镇", "王镇长", 2)
    assert added["status"] == "pending" and data["calls"][1]["escalated_at"]
    assert arrow.get(added["due_at"]) > arrow.utcnow().shift(minutes=25)
    log = run_cli(db, "log", "list").stdout
    assert "第 2 号 石桥村 钱主任 超时未应答,上报上级区域 河口镇:加叫 王镇长" in log
    assert "叫应 #1 暴雨红色预警:石桥村 未应答" in run_cli(db, "escalations").stdout
    # looking again adds nobody twice; answering the silent call clears the escalation
    assert run_cli(db, "escalations").returncode == 0
    assert len(show(db, callout.id)["calls"]) == 3
    assert run_cli(db, "callout", "answer", str(callout.id), "2").returncode == 0
    remaining = json.loads(run_cli(db, "escalations", "--json").stdout)
    assert not [e for e in remaining if e["reason"] == "callout_unanswered"]


def test_officers_answering_at_once_lose_nothing(db, tmp_path):
    """Seven sessions record seven calls at the same moment, while two others run the
    escalation engine: every call is answered once, each logged once, nobody added twice."""
    import subprocess
    import sys

    from tests.conftest import ROOT, cli_env

    imported(db, tmp_path)
    ctx, _clock = past_context(db, 40)
    callout = Callouts(ctx).start("rainstorm:red", ["青山县"], within=30)  # 7 calls, all silent now
    ctx.store.close()
    commands = [["callout", "answer", str(callout.id), str(n), "--note", f"第{n}通"] for n in range(1, 8)]
    commands += [["escalations"], ["escalations"]]
    procs = [subprocess.Popen([sys.executable, "-m", "dutyroom", *args], env=cli_env(db), cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for args in commands]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for proc in procs:
        proc.stdout.close()
        proc.stderr.close()
    assert all(code == 0 for code, _err in results), results
    data = show(db, callout.id)
    assert [c["status"] for c in data["calls"][:7]] == ["answered"] * 7
    assert len({(c["area"], c["name"]) for c in data["calls"]}) == len(data["calls"])
    entries = json.loads(run_cli(db, "log", "list", "--json").stdout)
    notes = [e["message"]["params"].get("note") for e in entries if (e.get("message") or {}).get("key")
             == "callout.log.answered"]
    assert sorted(notes) == sorted(f"第{n}通" for n in range(1, 8))
    assert run_cli(db, "verify").returncode == 0
