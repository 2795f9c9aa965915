"""A dropped link: the terminal of a running session is killed (tmux kill-session sends the
app SIGHUP, as sshd does when a connection drops). Nothing confirmed is lost, the open form
is kept as a draft and offered again, no lock is left held, the session leaves the list."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from dutyroom.services.clock import SystemClock
from dutyroom.services.presence import live_sessions
from tests.e2e.harness import DUTYROOM, Tmux, app_env, cli, tmux  # noqa: F401
from dutyroom.i18n import t
from tests.e2e.test_concurrent_sessions import add_from_session, wait_ready


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} not reached within {timeout}s")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _drafts_with(db: Path, token: str) -> list[Path]:
    return [p for p in (db / "drafts").rglob("*.json") if token in p.read_text(encoding="utf-8")]


def test_killed_terminal_loses_nothing_keeps_the_draft_and_no_lock(tmux: Tmux, tmp_path: Path):
    db = tmp_path / "db"
    assert cli(db, "log", "add", "开班").returncode == 0
    env = app_env(db, DUTYROOM_OPERATOR="zhang")
    tmux.start("first", str(DUTYROOM), env=env)
    wait_ready(tmux, "first")
    pid = tmux.pane_pid("first")  # the pane runs the app itself (exec)

    add_from_session(tmux, "first", "巡查 KEPT01 正常")
    _wait(lambda: b"KEPT01" in (db / "journal.jsonl").read_bytes(), 15, "the entry confirmed")
    tmux.keys("first", "n")  # a new log entry form, typed into and never saved
    tmux.wait_screen("first", t("form.log.title", lang="zh"), timeout=15)
    tmux.keys("first", "未保存 DRAFT77 北闸渗水", literal=True)
    tmux.wait_screen("first", "DRAFT77", timeout=15)
    _wait(lambda: _drafts_with(db, "DRAFT77"), 15, "the draft on disk")
    now = SystemClock().now
    _wait(lambda: any(s.pid == pid for s in live_sessions(db, now)), 15, "the heartbeat")

    tmux.kill_session("first")  # the terminal goes away: SIGHUP
    _wait(lambda: not _alive(pid), 15, "the app gone")
    # its SIGHUP handler removed its heartbeat on the way out (others would drop it anyway)
    assert not list((db / "presence").glob(f"*-{pid}.json"))
    with open(db / ".lock", "a+") as lock:  # nobody holds the write lock
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert all(s.pid != pid for s in live_sessions(db, now))
    assert cli(db, "verify").returncode == 0
    assert "KEPT01" in cli(db, "log", "list").stdout
    assert _drafts_with(db, "DRAFT77"), "the draft must survive the hang-up"

    tmux.start("second", str(DUTYROOM), env=env)  # the officer logs in again
    offer = t("draft.offer", lang="zh", title=t("form.log.title", lang="zh"), when="")[:12]
    screen = tmux.wait_screen("second", "KEPT01", offer, timeout=30)  # entry shown, draft offered
    assert t("presence.title", lang="zh", count=1) in screen  # only this session is working
    tmux.keys("second", "y")  # reopen: the form comes back with what was typed
    tmux.wait_screen("second", t("form.log.title", lang="zh"), "DRAFT77", timeout=15)
    tmux.keys("second", "C-s")
    _wait(lambda: b"DRAFT77" in (db / "journal.jsonl").read_bytes(), 15, "the draft saved")
    _wait(lambda: not _drafts_with(db, "DRAFT77"), 15, "the draft removed once saved")
    assert cli(db, "log", "add", "重新连接后 记录").returncode == 0
    assert cli(db, "verify").returncode == 0
