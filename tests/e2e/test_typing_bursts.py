"""Keys that arrive together stay in order (a remote station's SSH packet often carries
several keystrokes): an editing key (backspace, ctrl+u) followed by characters in one
terminal write is applied before them, in a one-line field and in a text area.
Textual alone applies the characters first (its issue #6605): ``ctrl+u`` then ``34``
left the field empty."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.harness import DUTYROOM, Tmux, app_env, cli, tmux  # noqa: F401 - fixture


def _burst(tmux: Tmux, name: str, data: bytes) -> None:
    """``data`` written to the terminal in one go, as one packet of keystrokes."""
    tmux.cmd("send-keys", "-t", f"={name}:", "-H", *(f"{b:02x}" for b in data))


def _row(tmux: Tmux, name: str, needle: str) -> str:
    return next((line for line in tmux.screen(name).splitlines() if needle in line), "")


def test_editing_keys_keep_their_place_in_a_burst(tmux: Tmux, db: Path):
    assert cli(db, "demo").returncode == 0  # a roster (and a day) to open on
    assert cli(db, "roster", "identify", "张伟").returncode == 0  # no first-start question
    tmux.start("t", str(DUTYROOM), width=100, height=30, env=app_env(db))
    tmux.wait_screen("t", "值班日志", timeout=60)

    tmux.keys("t", ":")  # the quick-entry line: a one-line field
    tmux.wait_screen("t", "回车记录")
    tmux.keys("t", "xyzq", literal=True)
    tmux.wait_screen("t", "xyzq")
    _burst(tmux, "t", b"\x7f12")  # backspace, then 1 and 2
    tmux.wait_screen("t", "xyz12")
    _burst(tmux, "t", b"\x1534")  # ctrl+u, then 3 and 4
    tmux.wait_screen("t", "34")
    assert "xyz" not in _row(tmux, "t", "34"), tmux.screen("t")
    tmux.keys("t", "Escape")
    tmux.wait_screen("t", "内容保留")  # (a key right after Esc would read as Alt+key)

    tmux.keys("t", "n")  # the log entry form: its text is a text area
    tmux.wait_screen("t", "Ctrl+S")
    tmux.keys("t", "abcq", literal=True)
    tmux.wait_screen("t", "abcq")
    _burst(tmux, "t", b"\x7fd")
    tmux.wait_screen("t", "abcd")
