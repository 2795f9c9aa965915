"""``dutyroom order add|list|end``: standing orders as records, logged in the same commit,
carried by every handover until ended (real subprocesses, real files)."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def last_commit_kinds(db) -> list[str]:
    line = (db / "journal.jsonl").read_text(encoding="utf-8").strip().splitlines()[-1]
    return [op["kind"] for op in json.loads(line)["ops"]] if "ops" in line else []


def test_order_add_list_end_and_the_handover(db):
    added = run_cli(db, "order", "add", "每两小时报告沙河水库水位")
    assert added.returncode == 0, added.stderr
    first = int(added.stdout.strip())
    assert last_commit_kinds(db) == ["standing_order", "log"]
    second = int(run_cli(db, "order", "add", "关注江北大堤渗水", "--until", "+1d").stdout.strip())
    listing = json.loads(run_cli(db, "order", "list", "--json").stdout)
    assert [o["id"] for o in listing] == [first, second]
    assert listing[1]["until"] and listing[0]["until"] is None and listing[0]["in_force"] is True
    assert set(listing[0]) >= {"id", "text", "issued_at", "issued_by", "until", "ended_at", "ended_by"}
    assert run_cli(db, "handover", "start").returncode == 0
    shown = run_cli(db, "handover", "show", "--json")
    assert "每两小时报告沙河水库水位" in shown.stdout and "关注江北大堤渗水" in shown.stdout
    text = run_cli(db, "handover", "print", "--format", "txt")
    assert f"#{first} 每两小时报告沙河水库水位" in text.stdout

    ended = run_cli(db, "order", "end", str(first))
    assert ended.returncode == 0 and str(first) in ended.stdout
    assert last_commit_kinds(db) == ["standing_order", "log"]
    assert [o["id"] for o in json.loads(run_cli(db, "order", "list", "--json").stdout)] == [second]
    everything = json.loads(run_cli(db, "order", "list", "--all", "--json").stdout)
    assert everything[0]["ended_at"] and everything[0]["in_force"] is False
    log = run_cli(db, "log", "list").stdout
    assert "新常设指令:每两小时报告沙河水库水位" in log and f"常设指令 #{first} 终止" in log
    assert "每两小时报告沙河水库水位" not in run_cli(db, "handover", "start").stdout + \
        run_cli(db, "handover", "print", "--format", "txt").stdout


def test_bad_order_input_writes_nothing(db):
    run_cli(db, "order", "add", "一条")
    before = (db / "journal.jsonl").read_bytes()
    for args in (("order", "add", "  "), ("order", "add", "x", "--until", "-1h"),
                 ("order", "add", "x", "--until", "明天"), ("order", "end", "99"),
                 ("order", "end", "0")):
        result = run_cli(db, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.startswith("dutyroom:")
    assert (db / "journal.jsonl").read_bytes() == before
    assert run_cli(db, "order", "end", "1").returncode == 0
    assert run_cli(db, "order", "end", "1").returncode == 2  # already ended
