"""A real terminal (tmux): the SSH link drops (SIGHUP) mid-form; the next start offers the draft.

Also checks the real app draws its panes at 80x24 (tabs) and 120x40 (side by side).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli_env, run_cli

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def tmux(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """tmux on this module's own server, with no COLUMNS/LINES: under pytest the inherited C
    environment carries COLUMNS=80 LINES=24, which would pin the app to 80x24 in any pane."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    return subprocess.run(["tmux", "-u", "-L", SOCKET, *args], env=env, **kwargs)


SOCKET = f"dutyroom-sighup-{os.getpid()}"


@pytest.fixture(scope="module", autouse=True)
def _own_tmux_server():
    """This module's tmux server: never anyone else's sessions; gone when the module ends."""
    yield
    tmux("kill-server", capture_output=True)


class Tmux:
    def __init__(self, db: Path, width: int, height: int) -> None:
        self.name = f"dutyroom-test-{uuid.uuid4().hex[:8]}"
        env = cli_env(db, DUTYROOM_OPERATOR="tester", TERM="xterm-256color")
        exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items()
                           if k.startswith(("DUTYROOM_", "PYTHON", "TZ", "LANG", "HOME", "PATH", "TERM")))
        command = (f"exec env -u COLUMNS -u LINES {exports} {sys.executable} -m dutyroom "
                   f"--db {_quote(str(db))}")
        tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command,
             check=True, cwd=ROOT)
        # detached sessions otherwise follow the server's default size (80x24): pin it
        for args in (["set-option", "-t", f"={self.name}:", "window-size", "manual"],
                     ["resize-window", "-t", f"={self.name}:", "-x", str(width), "-y", str(height)]):
            tmux(*args, capture_output=True)

    def screen(self) -> str:
        out = tmux("capture-pane", "-p", "-t", self.name, capture_output=True, text=True)
        return out.stdout

    def wait(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not on screen:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys, check=True)

    def pid(self) -> int:
        out = tmux("list-panes", "-t", self.name, "-F", "#{pane_pid}", capture_output=True,
                   text=True, check=True)
        return int(out.stdout.split()[0])

    def close(self) -> None:
        tmux("kill-session", "-t", self.name, capture_output=True)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sighup_keeps_the_open_form_as_a_draft(db):
    assert run_cli(db, "log", "add", "开班检查 设备正常", "--kind", "other").returncode == 0
    term = Tmux(db, 120, 40)
    try:
        term.wait("值班日志")
        term.keys("n")
        term.wait("记值班日志")
        term.keys("沙河水库 水位 21.6m 超汛限", literal=True)
        folder = db / "drafts" / "tester"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(folder.glob("*.json")):
            time.sleep(0.1)
        time.sleep(0.5)  # the last keystroke's write
        pid = term.pid()
        os.kill(pid, signal.SIGHUP)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
    finally:
        term.close()
    drafts = list((db / "drafts" / "tester").glob("*.json"))
    assert len(drafts) == 1 and "超汛限" in drafts[0].read_text(encoding="utf-8")
    again = Tmux(db, 120, 40)
    try:
        again.wait("恢复")
        again.keys("y")
        again.wait("记值班日志")
        screen = again.wait("21.6m")
        assert "沙河水库 水位 21.6m 超汛限" in screen
        again.keys("C-s")
        again.wait("超汛限")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "超汛限" not in run_cli(db, "log", "list").stdout:
            time.sleep(0.2)
    finally:
        again.close()
    assert "沙河水库 水位 21.6m 超汛限" in run_cli(db, "log", "list").stdout


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_real_terminal_draws_the_dashboard(db, size):
    assert run_cli(db, "status", "set", "--response", "III", "--warning", "rainstorm:orange").returncode == 0
    term = Tmux(db, *size)
    try:
        screen = term.wait("值班日志")
        assert "Ⅲ级" in screen and "暴雨橙色预警" in screen
        if size == (80, 24):
            import re

            from dutyroom.screens.dashboard import PANE_ORDER

            # tabs at 80x24: it opens on the duty log, and Tab moves to the next tab
            assert re.search(r"▶1 值班日志", screen), screen
            assert len(re.findall("▶", screen)) == 1, screen
            term.keys("Tab")
            term.wait("▶2 ")
            assert PANE_ORDER[0] == "log-pane"
        else:  # side by side (the app follows the pane to 120x40 if it started smaller)
            screen = term.wait("待处理升级 (")
            assert "信息接报" in screen and "险情工单" in screen and "▶" not in screen, screen
        term.keys("q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and tmux(
                "has-session", "-t", term.name, capture_output=True).returncode == 0:
            time.sleep(0.1)
    finally:
        term.close()
