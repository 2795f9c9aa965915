"""Corrupt, truncated, tampered and full-disk data: refused, reported, never overwritten."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.conftest import run_cli


def _tree_digest(db: Path) -> dict[str, str]:
    return {str(p.relative_to(db)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(db.rglob("*")) if p.is_file() and p.name != ".lock"}


def _seed(db: Path, n: int = 3) -> None:
    for i in range(n):
        assert run_cli(db, "log", "add", f"记录 {i}").returncode == 0
    assert run_cli(db, "verify").returncode == 0  # verify brings the checkpoint up to date


def test_corrupt_state_file_is_set_aside_and_rebuilt_never_shown(db):
    _seed(db)
    day = next((db / "state" / "log").glob("*.json"))
    cut = day.read_bytes()[:40]
    day.write_bytes(cut)  # truncated by a crash of some other tool
    result = run_cli(db, "log", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["text"] for r in rows if not r["system"]] == ["记录 0", "记录 1", "记录 2"]
    aside = list(day.parent.glob(day.name + ".set-aside-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == cut  # kept, never deleted
    notes = [r for r in rows if r["system"]]
    assert len(notes) == 1 and "log/" in notes[0]["text"] and "重建" in notes[0]["text"]
    assert run_cli(db, "verify").returncode == 0


def test_corrupt_meta_refused(db):
    _seed(db)
    meta = db / "state" / "meta.json"
    meta.write_text("{not json")
    before = _tree_digest(db)
    assert run_cli(db, "log", "add", "x").returncode == 3
    assert _tree_digest(db) == before


def test_truncated_journal_refused(db):
    _seed(db)
    journal = db / "journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[:-1]))
    before = _tree_digest(db)
    result = run_cli(db, "log", "add", "x")
    assert result.returncode == 3 and "截断" in result.stderr
    assert _tree_digest(db) == before


def test_full_disk_leaves_old_data_intact(db):
    """A file-size limit hit while writing: the write fails clearly, the old data stays."""
    _seed(db, 2)
    before = _tree_digest(db)
    size_kb = max(1, (db / "journal.jsonl").stat().st_size // 1024)
    big = "很长的记录" * 600
    result = run_cli_limited(db, size_kb, "log", "add", big)
    assert result.returncode == 3, result.stderr
    assert "无法写入" in result.stderr
    assert _tree_digest(db) == before
    assert run_cli(db, "verify").returncode == 0
    assert run_cli(db, "log", "add", "之后的记录").returncode == 0


def run_cli_limited(db: Path, kb: int, *args: str):
    import subprocess
    import sys

    from tests.conftest import ROOT, cli_env

    cmd = f'ulimit -f {kb}; exec "{sys.executable}" -m dutyroom "$@"'
    return subprocess.run(["bash", "-c", cmd, "bash", *args], capture_output=True, text=True,
                          env=cli_env(db), cwd=ROOT, timeout=60)


def test_torn_last_line_is_set_aside_not_lost(db):
    _seed(db, 2)
    journal = db / "journal.jsonl"
    with open(journal, "ab") as handle:
        handle.write(b'{"seq":3,"half')
    assert run_cli(db, "log", "add", "继续").returncode == 0
    torn = list(db.glob("journal.torn-*"))
    assert torn and torn[0].read_bytes() == b'{"seq":3,"half'
    assert run_cli(db, "verify").returncode == 0


def test_verify_names_edited_inserted_deleted_records(db):
    _seed(db, 4)
    assert run_cli(db, "verify").returncode == 0
    journal = db / "journal.jsonl"
    original = journal.read_bytes()
    lines = original.splitlines(keepends=True)

    journal.write_bytes(b"".join(lines[:2] + [lines[2].replace("记录 2".encode(), "记录 X".encode())] + lines[3:]))
    result = run_cli(db, "verify")
    assert result.returncode == 1 and "第 3 条" in result.stdout and "改动" in result.stdout

    journal.write_bytes(b"".join(lines[:1] + lines[2:]))
    result = run_cli(db, "verify")
    assert result.returncode == 1 and "第 2 条被删除" in result.stdout

    journal.write_bytes(b"".join(lines[:2] + [lines[1]] + lines[2:]))
    result = run_cli(db, "verify")
    assert result.returncode == 1 and "插入" in result.stdout

    journal.write_bytes(original)
    day = next((db / "state" / "log").glob("*.json"))
    day.write_bytes(day.read_bytes().replace("记录 1".encode(), "记录 Y".encode()))
    result = run_cli(db, "--lang", "en", "verify")
    assert result.returncode == 1 and "log #2" in result.stdout.replace("duty-log entry", "log")


def test_backup_and_restore(db, tmp_path):
    _seed(db, 3)
    backup = tmp_path / "b.tar.gz"
    result = run_cli(db, "backup", "-o", str(backup))
    assert result.returncode == 0 and backup.exists()
    assert run_cli(db, "log", "add", "备份之后").returncode == 0
    (db / "journal.jsonl").write_bytes(b"garbage\n")
    assert run_cli(db, "log", "list").returncode == 3
    restored = run_cli(db, "recover", "--from-backup", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert run_cli(db, "verify").returncode == 0
    assert "记录 2" in run_cli(db, "log", "list").stdout
    aside = list(db.glob("set-aside-*"))
    assert aside and (aside[0] / "journal.jsonl").read_bytes() == b"garbage\n"
    bad = run_cli(db, "recover", "--from-backup", str(tmp_path / "missing.tar.gz"))
    assert bad.returncode == 2


def test_export_csv_defuses_formulas(db, tmp_path):
    assert run_cli(db, "log", "add", "=HYPERLINK(\"http://x\",\"点我\")").returncode == 0
    assert run_cli(db, "log", "add", "+1 @SUM(A1)").returncode == 0
    out = tmp_path / "log.csv"
    assert run_cli(db, "export", "--format", "csv", "-o", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'+1 @SUM" in text
    jsonl = run_cli(db, "export", "--format", "jsonl").stdout.splitlines()
    assert len(jsonl) == 2 and jsonl[0].startswith("{")
