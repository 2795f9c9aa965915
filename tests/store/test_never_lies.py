"""The record never lies: real files, the real CLI in real processes.

An edited, emptied or garbage state file, index or meta; an edited journal line;
a full disk before and after the journal line.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli


def _seed(db: Path, n: int) -> None:
    for i in range(n):
        assert run_cli(db, "log", "add", f"记录 {i}").returncode == 0
    assert run_cli(db, "verify").returncode == 0  # brings the checkpoint up to date


def _rows(db: Path) -> list[dict]:
    result = run_cli(db, "log", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _day_file(db: Path) -> Path:
    return next((db / "state" / "log").glob("*.json"))


def test_edited_state_file_is_never_shown_set_aside_rebuilt_and_logged(db):
    _seed(db, 6)
    day = _day_file(db)
    forged = day.read_bytes().replace("记录 4".encode(), "伪造的记录".encode())
    day.write_bytes(forged)
    shown = run_cli(db, "log", "show", "5")
    assert shown.returncode == 0, shown.stderr
    assert "记录 4" in shown.stdout and "伪造" not in shown.stdout
    aside = list(day.parent.glob(day.name + ".set-aside-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == forged  # set aside, never deleted
    notes = [r for r in _rows(db) if r["system"]]
    assert len(notes) == 1 and day.name in notes[0]["text"] and aside[0].name in notes[0]["text"]
    assert run_cli(db, "verify").returncode == 0


def test_emptied_state_file_is_not_believed_nor_overwritten(db):
    _seed(db, 3)
    day = _day_file(db)
    day.write_text('{"log": []}')
    texts = [r["text"] for r in _rows(db) if not r["system"]]
    assert texts == ["记录 0", "记录 1", "记录 2"]
    assert run_cli(db, "log", "add", "之后").returncode == 0
    assert run_cli(db, "verify").returncode == 0
    assert [r["text"] for r in _rows(db) if not r["system"]] == ["记录 0", "记录 1", "记录 2", "之后"]
    aside = list(day.parent.glob(day.name + ".set-aside-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"log": []}'


def test_garbage_in_the_index_is_named_by_verify_and_never_exit_70(db):
    _seed(db, 3)
    index = db / "state" / "index" / "log.bin"
    index.write_bytes(b"garbage line\n")
    check = run_cli(db, "verify")
    assert check.returncode == 1 and "index/log.bin" in check.stdout
    shown = run_cli(db, "log", "show", "2")
    assert shown.returncode == 0, shown.stderr
    assert "记录 1" in shown.stdout
    assert list(index.parent.glob("log.bin.set-aside-*"))
    assert run_cli(db, "verify").returncode == 0


def test_garbage_meta_is_refused_clearly_and_verify_fails(db):
    _seed(db, 3)
    meta = db / "state" / "meta.json"
    meta.write_text("{not json")
    check = run_cli(db, "verify")
    assert check.returncode == 1 and "meta.json" in check.stdout
    write = run_cli(db, "log", "add", "x")
    assert write.returncode == 3 and "meta.json" in write.stderr and "Traceback" not in write.stderr
    assert meta.read_text() == "{not json"
    assert run_cli(db, "recover").returncode == 0
    assert run_cli(db, "verify").returncode == 0
    assert [r["text"] for r in _rows(db)] == ["记录 0", "记录 1", "记录 2"]


def _edit_line(db: Path, number: int, old: str, new: str) -> None:
    journal = db / "journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[number - 1] = lines[number - 1].replace(old.encode(), new.encode())
    journal.write_bytes(b"".join(lines))


def test_recover_refuses_an_edited_journal_until_the_break_is_accepted(db):
    _seed(db, 12)
    _edit_line(db, 10, "记录 9", "伪造 9")
    state_before = sorted(p.name for p in (db / "state" / "log").iterdir())
    refused = run_cli(db, "recover")
    assert refused.returncode == 1 and "第 10 行" in refused.stderr
    assert sorted(p.name for p in (db / "state" / "log").iterdir()) == state_before
    assert not list(db.glob("state.set-aside-*"))
    # the duty goes on, with a warning on every command until the break is resolved
    write = run_cli(db, "log", "add", "继续值班")
    assert write.returncode == 0 and "完整性警报" in write.stderr
    assert run_cli(db, "recover", "--accept-broken-chain").returncode == 2  # a reason is required
    accepted = run_cli(db, "recover", "--accept-broken-chain", "--reason", "已核对纸质记录")
    assert accepted.returncode == 0, accepted.stderr
    last = json.loads((db / "journal.jsonl").read_bytes().splitlines()[-1])
    assert last["segment"]["reason"] == "已核对纸质记录" and last["segment"]["breaks"][0]["line"] == 10
    check = run_cli(db, "verify")
    assert check.returncode == 0 and "已确认的断链" in check.stdout and "已核对纸质记录" in check.stdout
    after = run_cli(db, "log", "add", "之后")
    assert after.returncode == 0 and "完整性警报" not in after.stderr


def test_verify_raises_the_alarm_for_an_edited_line(db):
    _seed(db, 4)
    _edit_line(db, 2, "记录 1", "伪造 1")
    assert run_cli(db, "verify").returncode == 1
    assert json.loads((db / "integrity-alarm.json").read_text())["line"] == 2
    assert "完整性警报" in run_cli(db, "log", "list").stderr


# ---------------------------------------------------------------- a full disk, for real
@pytest.fixture
def small_disk(tmp_path: Path):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (the ulimit test in test_bad_files covers the journal)")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(mount: Path) -> Path:
    filler = mount / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_full_disk_before_and_after_the_journal_line(small_disk: Path):
    db = small_disk / "db"
    every = {"DUTYROOM_CHECKPOINT_LINES": "1"}  # checkpoint after every write
    long_text = "水位持续上涨," * 300  # a day file of many pages
    for i in range(12):
        assert run_cli(db, "log", "add", f"{i} {long_text}", **every).returncode == 0
    filler = _fill(small_disk)
    with open(filler, "r+b") as handle:  # room for a journal line, not for the checkpoint
        handle.truncate(filler.stat().st_size - 2 * 4096)

    saved = run_cli(db, "log", "add", "满盘时的记录", **every)
    assert saved.returncode == 0, saved.stderr
    assert "已保存" in saved.stderr and "未保存任何内容" not in saved.stderr
    assert "满盘时的记录" in run_cli(db, "log", "list").stdout  # seen at once, from the journal

    _fill(small_disk)  # now not even the journal line fits
    journal = (db / "journal.jsonl").read_bytes()
    refused = run_cli(db, "log", "add", "写不下的记录 " + long_text, **every)
    assert refused.returncode == 3 and "未保存任何内容" in refused.stderr
    assert (db / "journal.jsonl").read_bytes() == journal

    filler.unlink()  # space freed: writes work, the checkpoint catches up, nothing doubled
    assert run_cli(db, "log", "add", "腾出空间后", **every).returncode == 0
    assert run_cli(db, "verify").returncode == 0
    texts = [r["text"] for r in _rows(db)]
    assert texts.count("满盘时的记录") == 1 and "腾出空间后" in texts and len(texts) == 14


def test_garbage_presence_and_draft_files_never_exit_70(db):
    _seed(db, 1)
    for folder in ("presence", "drafts"):
        (db / folder).mkdir(exist_ok=True)
        (db / folder / "junk.json").write_bytes(b"\xff{not json")
    who = run_cli(db, "who")
    assert who.returncode == 0 and "Traceback" not in who.stderr
    assert run_cli(db, "log", "list").returncode == 0


def test_a_line_deleted_from_the_tail_raises_the_alarm_at_the_next_checkpoint(db):
    for i in range(4):
        assert run_cli(db, "log", "add", f"记录 {i}").returncode == 0
    journal = db / "journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[:2] + lines[3:]))  # record 3 removed before any checkpoint
    write = run_cli(db, "log", "add", "继续", DUTYROOM_CHECKPOINT_LINES="1")
    assert write.returncode == 0  # the duty goes on
    alarm = json.loads((db / "integrity-alarm.json").read_text())
    assert alarm["line"] == 3 and alarm["params"]["seq"] == 4
    assert "完整性警报" in run_cli(db, "log", "list").stderr
