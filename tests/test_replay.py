"""复盘: ``dutyroom replay --at TIME`` shows the room as the services showed it then.

A small day is scripted through the real services with a fixed clock (real journal on
disk); at chosen moments the live sections are recorded. Later, the real CLI in a
subprocess replays those moments and must print exactly what was recorded: records
created after the moment absent, a chain closed after it open, countdowns as they
stood. Snapshots (the derived cache) give the same answers as a replay from the first
line; stepping by events lands where a jump by time does; an edited journal line is
named on the first line; a bad TIME changes nothing and exits 2; a write is refused.
"""

from __future__ import annotations

import json

import arrow
import pytest

from dutyroom.cli.replay_sections import replay_json
from dutyroom.services.escalation import EscalationService
from dutyroom.services.instructions import Instructions
from dutyroom.services.replay import ReplaySession
from dutyroom.services.reports import Reports
from dutyroom.services.status import StatusService
from dutyroom.services.tickets import Tickets
from dutyroom.store import replay_cache
from dutyroom.store.replay_store import ReadOnlyReplay
from tests.conftest import run_cli

KEYS = ["at", "status", "shift", "reports", "tickets", "escalations", "instructions", "callouts",
        "stations"]


def _report(ctx, place, severity="III"):
    return Reports(ctx).add(channel="phone", category="waterlogging", location=place,
                            text=f"{place} 积水 40 厘米", severity=severity)


def _script(ctx, clock):
    """The scripted day; returns {label: (moment, live sections as of then)}."""
    seen = {}

    def record(label):
        seen[label] = (clock.now(), _sections(ctx))

    a = _report(ctx, "人民路下穿通道", severity="II")
    clock.advance(minutes=20)
    ticket = Tickets(ctx).add("东河堤段渗水", hazard="embankment", severity="III", location="东河 3 号堤段")
    clock.advance(minutes=10)
    StatusService(ctx).set(response="IV", warnings=["rainstorm:orange"])
    Instructions(ctx).add(subject_kind="report", subject_id=a.id, leader="李局长",
                          assignee="水务局", text="立即排涝,30 分钟内反馈", due="+30m")
    clock.advance(minutes=45)  # the instruction and the chain's phone report are overdue now
    EscalationService(ctx).tick()
    clock.advance(minutes=5)
    record("before_close")
    clock.advance(minutes=5)
    Reports(ctx).final(a.id, "积水已退,道路恢复通行")
    Tickets(ctx).set_status(ticket.id, "cancelled", note="误报")
    clock.advance(minutes=10)
    b = _report(ctx, "和平路口")
    clock.advance(minutes=5)
    record("after_close")
    return seen, a, b


def _sections(ctx):
    data = replay_json(ctx, {})
    return {k: data[k] for k in KEYS}


def _replayed(db, moment, **env):
    result = run_cli(db, "replay", "--at", moment.isoformat(), "--json", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_replay_cli_shows_each_moment_as_the_services_did_then(ctx, clock, db, store):
    seen, a, b = _script(ctx, clock)
    store.close()
    moment, live = seen["before_close"]
    got = _replayed(db, moment)
    assert {k: got[k] for k in KEYS} == live
    assert [r["id"] for r in got["reports"]] == [a.id]  # b came later: absent
    assert got["reports"][0]["status"] == "open"  # closed after the moment: open
    assert got["tickets"] and got["tickets"][0]["status"] == "open"
    assert got["instructions"] and got["escalations"]
    assert got["status"]["response"] == "IV"
    assert got["callouts"] == [] and got["stations"] == []
    assert got["integrity"]["intact"] is True
    moment, live = seen["after_close"]
    got = _replayed(db, moment)
    assert {k: got[k] for k in KEYS} == live
    assert [r["id"] for r in got["reports"]] == [b.id]
    assert got["tickets"] == []


def test_snapshots_and_steps_agree_with_a_replay_from_the_first_line(ctx, clock, db, store, monkeypatch):
    seen, _a, _b = _script(ctx, clock)
    monkeypatch.setattr(replay_cache, "SNAPSHOT_LINES", 2)
    session = ReplaySession(ctx, seen["before_close"][0])
    assert session.store.cache.index, "snapshots were taken"
    for label, (moment, live) in seen.items():
        session.goto(moment)
        assert _sections(session.ctx) == live, label
    session.goto(seen["after_close"][0])
    line = session.line
    walked = 0
    while session.line > 0:
        assert session.step(-1)
        walked += 1
    assert walked == line and session.ctx.store.open_records("report") == []
    while session.step(1):
        pass
    session.clock.set(seen["after_close"][0])
    assert _sections(session.ctx) == seen["after_close"][1]
    via_cli = _replayed(db, seen["before_close"][0], DUTYROOM_REPLAY_SNAPSHOT_LINES="3")
    assert {k: via_cli[k] for k in KEYS} == seen["before_close"][1]


def test_text_output_starts_with_the_integrity_line(ctx, clock, db, store):
    seen, _a, _b = _script(ctx, clock)
    result = run_cli(db, "replay", "--at", seen["before_close"][0].isoformat())
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("记录完整") and str(ctx.store.journal.complete_size()) not in first
    assert "人民路下穿通道" in result.stdout and "和平路口" not in result.stdout
    assert "report:" not in result.stdout and "deadline_missed" not in result.stdout
    english = run_cli(db, "replay", "--at", seen["before_close"][0].isoformat(), "--lang", "en")
    assert english.stdout.splitlines()[0].startswith("Record intact through line ")


def test_an_edited_journal_line_is_named(ctx, clock, db, store):
    _script(ctx, clock)
    store.close()
    journal = db / "journal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    assert "人民路下穿通道".encode() in lines[0]
    lines[0] = lines[0].replace("人民路下穿通道".encode(), "人民路地下通道".encode(), 1)
    journal.write_bytes(b"\n".join(lines))
    result = run_cli(db, "replay", "--at", clock.now().isoformat())
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("记录不完整") and "第 1 行" in first
    data = _replayed(db, clock.now())
    assert data["integrity"]["intact"] is False
    assert data["integrity"]["breaks"][0]["line"] == 1


@pytest.mark.parametrize("bad", ["昨天下午", "25:99", "2026-13-40 10:00"])
def test_bad_time_exits_2_and_changes_nothing(ctx, clock, db, store, bad):
    _report(ctx, "人民路下穿通道")
    store.close()
    before = (db / "journal.jsonl").read_bytes()
    for args in (["replay", "--at", bad], ["--replay", bad]):  # the command, and the read-only app
        result = run_cli(db, *args)
        assert result.returncode == 2, args
        assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert (db / "journal.jsonl").read_bytes() == before


def test_a_replay_never_writes(ctx, clock, db, store):
    _report(ctx, "人民路下穿通道")
    session = ReplaySession(ctx, clock.now())
    size = (db / "journal.jsonl").stat().st_size
    with pytest.raises(ReadOnlyReplay):
        _report(session.ctx, "和平路口")
    with pytest.raises(ReadOnlyReplay):
        StatusService(session.ctx).set(response="III")
    assert (db / "journal.jsonl").stat().st_size == size
    assert arrow.get(session.moment) == clock.now()


def test_a_damaged_or_stale_cache_only_costs_time(ctx, clock, db, store, monkeypatch):
    seen, _a, _b = _script(ctx, clock)
    monkeypatch.setattr(replay_cache, "SNAPSHOT_LINES", 2)
    moment, live = seen["before_close"]
    ReplaySession(ctx, seen["after_close"][0]).close()  # builds the snapshots
    folder = db / "cache" / "replay"
    files = sorted(p for p in folder.glob("0*.json"))
    assert len(files) >= 3
    for path in files:
        path.write_bytes(b"{not json")
    assert _sections(ReplaySession(ctx, moment).ctx) == live
    index = json.loads((folder / "index.json").read_text())
    index["snapshots"][-1]["head"] = "0" * 64  # a journal restored under it: no longer its line
    (folder / "index.json").write_text(json.dumps(index))
    assert _sections(ReplaySession(ctx, moment).ctx) == live
    (folder / "index.json").write_text("garbage")
    assert _sections(ReplaySession(ctx, moment).ctx) == live


def test_replay_shows_the_call_outs_open_and_the_stations_above_a_threshold_then(ctx, clock, db, store, tmp_path):
    """A river over its warning level and a call-out open at 09:30 are on the 09:30 board; at
    09:05 neither was; at 10:30 the river had fallen back and the call-out was closed."""
    from dutyroom.services.callouts import Callouts
    from dutyroom.services.contacts import Contacts
    from dutyroom.services.stations import Stations

    path = tmp_path / "contacts.csv"
    path.write_text("level,area,parent,name,role,phone\n乡镇,河口镇,,吴镇长,镇长,13900000002\n", encoding="utf-8")
    Contacts(ctx).import_csv(path)
    stations = Stations(ctx)
    stations.add("清水河 城关站", "river", warning_level=4.5)
    stations.add_reading("清水河 城关站", 4.2)
    early = clock.now().shift(minutes=5)
    clock.advance(minutes=20)
    stations.add_reading("清水河 城关站", 4.7)
    callout = Callouts(ctx).start("rainstorm:red", ["河口镇"])
    clock.advance(minutes=10)
    middle, live = clock.now(), _sections(ctx)
    clock.advance(minutes=30)
    Callouts(ctx).answer(callout.id, Callouts(ctx).require(callout.id).calls[0].call_id)
    Callouts(ctx).close(callout.id)
    stations.add_reading("清水河 城关站", 4.3)
    clock.advance(minutes=30)
    late = clock.now()
    store.close()
    got = _replayed(db, middle)
    assert {k: got[k] for k in KEYS} == live
    assert [c["id"] for c in got["callouts"]] == [callout.id]
    assert [(s["name"], s["state"]) for s in got["stations"]] == [("清水河 城关站", "above_warning")]
    before, after = _replayed(db, early), _replayed(db, late)
    assert before["callouts"] == [] and before["stations"] == []
    assert after["callouts"] == [] and after["stations"] == []
    text = run_cli(db, "replay", "--at", middle.isoformat())
    assert text.returncode == 0 and "清水河 城关站" in text.stdout and "河口镇" in text.stdout


def test_a_search_in_the_replay_finds_only_what_was_written_by_then(ctx, clock, db, store):
    """The text index runs to the journal's end; the replay at 02:40 must not find 03:00's entry."""
    from dutyroom.services.duty_log import DutyLog

    DutyLog(ctx).add("沙河水库 巡查:坝体无渗漏", kind="patrol")
    clock.advance(minutes=30)
    moment = clock.now()
    clock.advance(minutes=30)
    DutyLog(ctx).add("沙河水库 巡查:背水坡渗水", kind="patrol")
    _report(ctx, "沙河水库")
    session = ReplaySession(ctx, moment)
    log = DutyLog(session.ctx)
    assert [e.text for e in log.search("沙河水库")] == ["沙河水库 巡查:坝体无渗漏"]
    hits = log.hits("沙河水库")
    assert [e.text for e in hits.entries(hits.ids)] == ["沙河水库 巡查:坝体无渗漏"]
    from dutyroom.services.search import search_reports

    assert search_reports(session.ctx, "沙河水库") == []
    assert len(DutyLog(ctx).search("沙河水库")) == 3  # the live room finds both and the report's entry
