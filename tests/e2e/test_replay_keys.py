"""复盘 from the live dashboard in a real terminal (tmux): ``R``, a moment, the read-only replay
in the same terminal, ``[`` a step back, ``q``, and the live dashboard again, the journal
untouched by the replay. Pilot cannot hand its terminal to a child process; tmux can."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from dutyroom.i18n import t
from tests.e2e.harness import DUTYROOM, Tmux, app_env, cli, tmux  # noqa: F401 - fixture


def _line(screen: str) -> int:
    found = re.search(r"复盘 REPLAY .*第 (\d+) 行", screen)
    assert found, screen
    return int(found.group(1))


def _title_line(screen: str, log_title: str) -> str:
    return next(line for line in screen.splitlines() if log_title in line)


def _settled(journal: Path, timeout: float = 30.0) -> bytes:
    """The journal once it has not grown for a second."""
    deadline = time.monotonic() + timeout
    data = journal.read_bytes()
    while time.monotonic() < deadline:
        time.sleep(1.0)
        again = journal.read_bytes()
        if again == data:
            return data
        data = again
    raise AssertionError(f"the journal kept growing for {timeout}s")


def _wait_gone(tmux: Tmux, text: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while text in tmux.screen("live"):
        assert time.monotonic() < deadline, f"{text!r} still on screen:\n{tmux.screen('live')}"
        time.sleep(0.1)


def _wait_live(tmux: Tmux, log_title: str, timeout: float = 30.0) -> str:
    """The live dashboard again: its log pane on screen, and no replay banner."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux.screen("live")
        if log_title in screen and "复盘 REPLAY" not in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"the live dashboard did not come back within {timeout}s:\n{screen}")


def test_replay_key_round_trip_in_a_real_terminal(tmux: Tmux, db: Path):
    from dutyroom.widgets.log_pane import LogPane

    assert cli(db, "demo").returncode == 0  # a day of journal lines spread over 24 hours
    assert cli(db, "roster", "identify", "张伟").returncode == 0  # no first-start question
    # heartbeats every half second, a session taken as gone after 2 s without one
    (db / "config.toml").write_text("[presence]\ninterval = 0.5\nstale_after = 2\n", encoding="utf-8")
    journal = db / "journal.jsonl"
    log_title = t(LogPane.TITLE_KEY, lang="zh")
    tmux.start("live", str(DUTYROOM), width=80, height=24, env=app_env(db))
    tmux.wait_screen("live", log_title, timeout=60)
    before = _settled(journal)  # the live app's own start-up commits (the escalation engine) done
    shown = _title_line(tmux.screen("live"), log_title)

    tmux.keys("live", "R")
    tmux.wait_screen("live", t("review.replay.title", lang="zh"))
    tmux.keys("live", "昨天", literal=True)  # not a time: said under the field, nothing opens
    tmux.keys("live", "Enter")
    tmux.wait_screen("live", "昨天", "✗")
    tmux.keys("live", "C-u")  # the field emptied (ctrl+u): its error goes with the text
    _wait_gone(tmux, "✗")
    tmux.keys("live", "--", "-1h", literal=True)
    tmux.wait_screen("live", "-1h")
    tmux.keys("live", "Enter")
    screen = tmux.wait_screen("live", "复盘 REPLAY", "只读", timeout=60)
    line = _line(screen)
    tmux.keys("live", "[")
    tmux.wait_screen("live", f"第 {line - 1} 行")
    assert journal.read_bytes() == before  # the replay reads; the live app waits, suspended
    time.sleep(3)  # longer than stale_after: the others still see this officer working
    sessions = json.loads(cli(db, "who", "--json").stdout)
    assert [s["pid"] for s in sessions] == [tmux.pane_pid("live")]

    tmux.keys("live", "q")
    screen = _wait_live(tmux, log_title)
    assert "Traceback" not in screen
    assert _title_line(screen, log_title) == shown  # the same log, as many entries as before
    assert not tmux.pane_dead("live")  # the live app is back, not gone
    assert journal.read_bytes()[: len(before)] == before
    tmux.keys("live", "q")
    tmux.wait_dead("live", timeout=40)
    assert not (db / "crash-reports").exists()
