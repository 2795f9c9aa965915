"""Presence: heartbeats of running sessions, never in the journal, dead ones drop out."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from dutyroom.services.clock import FixedClock
from dutyroom.services.presence import Presence, live_sessions
from tests.conftest import ROOT, START


def _presence(db, clock, operator="张伟", station="local", **kw) -> Presence:
    return Presence(db, operator=operator, station=station, now=clock.now, **kw)


def test_beat_is_seen_by_others_and_leave_removes_it(db, store, clock):
    mine = _presence(db, clock, roster_name="张伟(带班)", pid=os.getpid())
    theirs = _presence(db, clock, operator="lina", station="10.0.0.7", pid=os.getppid())
    revision = store.revision()
    mine.beat()
    theirs.beat()
    data = json.loads(mine.path.read_text(encoding="utf-8"))
    assert {"operator", "roster_name", "station", "started", "beat", "host", "pid"} <= set(data)
    assert mine.path.name == f"{mine.host}-{os.getpid()}.json"
    others = mine.others()
    assert [(s.operator, s.station) for s in others] == [("lina", "10.0.0.7")]
    assert [s.name for s in theirs.others()] == ["张伟(带班)"]
    theirs.set_editing("ticket:12")
    assert [s.name for s in mine.editing_same("ticket:12")] == ["lina"]
    theirs.leave()
    assert mine.others() == [] and not theirs.path.exists()
    assert store.revision() == revision, "presence must never reach the journal"


def test_session_without_beats_drops_out_and_is_forgotten(db, clock):
    quiet = _presence(db, clock, operator="lina", pid=os.getppid())
    quiet.beat()
    watcher_clock = FixedClock(START)
    watcher = Presence(db, operator="张伟", station="local", now=watcher_clock.now, pid=os.getpid())
    watcher_clock.advance(seconds=10)
    assert [s.operator for s in watcher.others()] == ["lina"]
    watcher_clock.advance(seconds=6)  # 16 s since the last beat: gone, well inside 30 s
    assert watcher.others() == []
    assert quiet.path.exists()
    watcher_clock.advance(hours=2)
    assert watcher.others() == [] and not quiet.path.exists()


def test_killed_session_disappears_at_once(db, clock):
    """A real process beating, then killed with SIGKILL: no clean-up ran, yet it is gone."""
    code = (
        "import sys, time\n"
        "from dutyroom.services.clock import SystemClock\n"
        "from dutyroom.services.presence import Presence\n"
        "p = Presence(sys.argv[1], operator='wangqiang', station='10.1.1.1', now=SystemClock().now)\n"
        "p.beat(); print('beating', flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(db)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "beating"
        from dutyroom.services.clock import SystemClock

        now = SystemClock().now
        assert [s.operator for s in live_sessions(db, now)] == ["wangqiang"]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        assert live_sessions(db, now) == []
        assert list((db / "presence").glob("*.json")) == []
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_outside_text_in_a_heartbeat_is_defused(db, clock):
    evil = _presence(db, clock, operator="x\x1b]52;c;ZXZpbA==\x07y", pid=os.getppid(),
                     roster_name="\u202eevil")
    evil.beat()
    (session,) = live_sessions(db, clock.now)
    assert "\x1b" not in session.operator and "\x07" not in session.operator
    assert session.roster_name == "evil"


def test_garbage_files_are_ignored(db, clock):
    folder = db / "presence"
    folder.mkdir(parents=True)
    (folder / "junk.json").write_text("{not json", encoding="utf-8")
    (folder / "half.json").write_text('{"pid": 1}', encoding="utf-8")
    assert live_sessions(db, clock.now) == []


def test_who_lists_sessions_from_the_command_line(db, clock):
    from dutyroom.services.clock import SystemClock
    from tests.conftest import run_cli

    assert run_cli(db, "who").stdout.strip() == "此刻没有正在运行的会话。"
    beating = Presence(db, operator="lina", station="10.0.0.7", roster_name="李娜",
                       now=SystemClock().now, pid=os.getppid())
    beating.beat()
    rows = json.loads(run_cli(db, "who", "--json").stdout)
    assert [(r["operator"], r["roster_name"], r["station"]) for r in rows] == [("lina", "李娜", "10.0.0.7")]
    text = run_cli(db, "--lang", "en", "who").stdout
    assert text.startswith("李娜 (lina)\t10.0.0.7\tsince ")
    assert not (db / "journal.jsonl").exists(), "who must not create or touch the journal"
