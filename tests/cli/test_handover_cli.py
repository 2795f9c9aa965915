"""The shift, roster and handover commands as scripts use them (real subprocesses)."""

from __future__ import annotations

import json

from tests.conftest import run_cli



def roster_now() -> str:
    """A roster for the wall-clock shift and the next one (the CLI runs on the real clock)."""
    import arrow

    now = arrow.utcnow().to("Asia/Shanghai")
    start = now.floor("day").shift(hours=8)
    if now < start:
        start = start.shift(days=-1)
    today, tomorrow = start.format("YYYY-MM-DD"), start.shift(days=1).format("YYYY-MM-DD")
    return f"""date,shift,role,name,phone,os_user
{today},08:00,leader,王强,13800000001,wangqiang
{today},08:00,officer,张伟,13800000002,zhangwei
{tomorrow},08:00,leader,李娜,13800000003,
{tomorrow},08:00,officer,赵敏,13800000004,zhaomin
"""


def cli(db, *args, operator="zhangwei"):
    return run_cli(db, *args, DUTYROOM_OPERATOR=operator)


def test_roster_import_bad_file_lists_lines_and_writes_nothing(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,shift,role,name\n2026-07-29,08:00,leader,王强\n2026-07-29,08:31,officer,张伟\n"
                   "2026-07-29,08:00,chief,刘洋\n", encoding="utf-8")
    result = cli(db, "roster", "import", str(bad))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("dutyroom: 错误:") and "2 处错误" in lines[0]
    assert lines[1].strip().startswith("第 3 行") and lines[2].strip().startswith("第 4 行")
    assert "Traceback" not in result.stderr
    assert not (db / "journal.jsonl").exists() or b"officer" not in (db / "journal.jsonl").read_bytes()
    english = run_cli(db, "--lang", "en", "roster", "import", str(bad))
    assert "line 3:" in english.stderr and "line 4:" in english.stderr


def test_shift_current_json_and_sign_on(db, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_now(), encoding="utf-8")
    assert cli(db, "roster", "import", str(roster)).returncode == 0
    assert cli(db, "roster", "whoami").stdout.strip() == "张伟"
    signed = cli(db, "shift", "sign-on")
    assert signed.returncode == 0, signed.stderr
    data = json.loads(cli(db, "shift", "current", "--json").stdout)
    assert {"id", "start", "end", "leader", "officers", "phones", "on_duty", "minutes_remaining",
            "counts", "carried", "handover_in"} <= set(data)
    assert data["on_duty"] == ["张伟"]
    assert data["counts"]["log_entries"] >= 1
    again = cli(db, "shift", "sign-on")
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1
    log = json.loads(cli(db, "log", "list", "--json").stdout)
    assert any("张伟" in e["text"] and e["system"] for e in log)


def test_handover_flow_refusal_override_seal(db, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_now(), encoding="utf-8")
    assert cli(db, "roster", "import", str(roster)).returncode == 0
    start = cli(db, "handover", "start", "--notes", "夜间有暴雨", "--json")
    assert start.returncode == 0, start.stderr
    assert json.loads(start.stdout)["state"] == "draft"
    # a grave report arrives (written straight into the store, as the reports feature would)
    from dutyroom.services.clock import SystemClock
    from dutyroom.store import Store

    now = SystemClock().now()
    store = Store(db, now=SystemClock().now, operator="zhangwei")
    store.open()
    report = store.create("report", {"received_at": now.isoformat(), "severity": "I", "text": "堤防决口",
                                     "location": "东河", "category": "embankment", "open": True})
    ack = cli(db, "handover", "ack", "--all", operator="zhaomin")
    assert ack.returncode == 0 and f"报告 #{report['id']}" in ack.stdout and "report:" not in ack.stdout
    refused = cli(db, "handover", "sign", "--as", "incoming", operator="zhaomin")
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1 and "带班领导特批" in refused.stderr
    not_leader = cli(db, "handover", "override", "--reason", "同意")
    assert not_leader.returncode == 2
    typed = cli(db, "handover", "override", "--leader", "王强", "--reason", "同意")  # 张伟 typing the name
    assert typed.returncode == 2 and len(typed.stderr.strip().splitlines()) == 1
    override = cli(db, "handover", "override", "--reason", "已电话报告指挥部", operator="wangqiang")
    assert override.returncode == 0, override.stderr
    incoming = cli(db, "handover", "sign", "--as", "incoming", "--json", operator="zhaomin")
    assert incoming.returncode == 0, incoming.stderr
    assert json.loads(incoming.stdout)["state"] == "signed_incoming"
    stranger = cli(db, "handover", "sign", "--as", "outgoing", operator="zhaomin")
    assert stranger.returncode == 2 and "不在该班次排班中" in stranger.stderr
    typed = cli(db, "handover", "sign", "--as", "outgoing", "--name", "赵敏")
    assert typed.returncode == 2 and "本人" in typed.stderr
    sealed = cli(db, "handover", "sign", "--as", "outgoing", "--json")
    assert sealed.returncode == 0, sealed.stderr
    data = json.loads(sealed.stdout)
    assert data["state"] == "sealed" and len(data["seal"]) == 64
    assert [i["kind"] + ":" + str(i["id"]) for i in data["items"]] == [f"report:{report['id']}"]
    assert data["override"]["by"] == "王强"
    assert data["outgoing"] == "张伟" and data["incoming"] == "赵敏"
    assert cli(db, "handover", "verify").returncode == 0
    assert cli(db, "handover", "verify", "--all").returncode == 0
    late = cli(db, "handover", "note", "改一下")
    assert late.returncode == 2 and "已封存" in late.stderr
    shown = json.loads(cli(db, "handover", "show", "--shift", "last", "--json").stdout)
    assert shown["seal"] == data["seal"] and shown["notes"] == "夜间有暴雨"
    # someone edits the sealed handover behind the app's back: verify names it
    from dutyroom.store import Update

    store.commit([Update("handover", data["id"], {"notes": "改过的"})])
    altered = cli(db, "handover", "verify", "--all")
    assert altered.returncode == 1 and f"#{data['id']}" in altered.stdout and "不一致" in altered.stdout
