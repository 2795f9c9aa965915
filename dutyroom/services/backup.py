"""Backups and recovery: a backup is the confirmed journal (the state derives from it)."""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import orjson

from dutyroom.model.errors import ValidationError
from dutyroom.store import Store
from dutyroom.services.output import output_path, write_failed
from dutyroom.store.atomic import fsync_dir
from dutyroom.store.store import copy_journal
from dutyroom.store.verify import verify


@dataclass
class BackupResult:
    path: Path
    lines: int


def default_backup_path(store: Store) -> Path:
    stamp = store.now().format("YYYYMMDDTHHmmss")
    return store.root / "backups" / f"dutyroom-{stamp}.tar.gz"


def backup(store: Store, dest: Path | None) -> BackupResult:
    """Copy the journal as of one instant (fixed under the lock), plus the settings."""
    if dest is None:  # inside the data directory: its backups/ folder may be made
        dest = default_backup_path(store)
        dest.parent.mkdir(parents=True, exist_ok=True)
    else:
        dest = output_path(str(dest))
    try:
        return _write_backup(store, dest)
    except OSError as error:  # full disk, quota: the temp folder goes, no partial archive stays
        raise write_failed(dest, error) from None


def _write_backup(store: Store, dest: Path) -> BackupResult:
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        journal_copy = Path(tmp) / "journal.jsonl"
        length = copy_journal(store, journal_copy)
        data = journal_copy.read_bytes()
        lines = data.count(b"\n")
        manifest = {"format": 1, "created_at": store.now().isoformat(), "lines": lines,
                    "bytes": length, "sha256": hashlib.sha256(data).hexdigest()}
        temp_tar = Path(tmp) / "backup.tar.gz"
        with tarfile.open(temp_tar, "w:gz") as tar:
            tar.add(journal_copy, arcname="journal.jsonl")
            config = store.root / "config.toml"
            if config.is_file():
                tar.add(config, arcname="config.toml")
            blob = orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
            info = tarfile.TarInfo("MANIFEST.json")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
        with open(temp_tar, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp_tar, dest)
        fsync_dir(dest.parent)
    return BackupResult(dest, lines)


def restore(store: Store, source: Path) -> tuple[Path, int]:
    """Set the current journal and state aside (never delete them), restore, rebuild."""
    if not source.is_file():
        raise ValidationError("cli.recover.bad_backup", field="backup", path=str(source), reason="not found")
    stamp = store.now().format("YYYYMMDDTHHmmss")
    with tempfile.TemporaryDirectory(dir=store.root) as tmp:
        staging = Path(tmp) / "restore"
        journal = _extract_journal(source, staging)
        probe = Store(staging, now=store.now, operator=store.operator, station=store.station)
        report = verify(probe) if journal.exists() else None
        if report is not None and not report.ok and report.problems[0].key.startswith("verify.") \
                and not report.problems[0].key.startswith("verify.state_"):
            raise ValidationError("cli.recover.bad_backup", field="backup", path=str(source),
                                  reason=report.problems[0].key)
        aside = store.root / f"set-aside-{stamp}-{os.getpid()}"
        aside.mkdir()
        for name in ("journal.jsonl", "state"):
            if (store.root / name).exists():
                (store.root / name).rename(aside / name)
        os.replace(journal, store.layout.journal)
        fsync_dir(store.root)
    store.layout.state.mkdir(parents=True, exist_ok=True)
    store.open()
    return aside, sum(1 for _ in store.journal.read_from(0))


def _extract_journal(source: Path, staging: Path) -> Path:
    staging.mkdir(parents=True)
    try:
        with tarfile.open(source, "r:gz") as tar:
            member = tar.getmember("journal.jsonl")
            handle = tar.extractfile(member)
            if handle is None:
                raise KeyError("journal.jsonl")
            (staging / "journal.jsonl").write_bytes(handle.read())
    except (tarfile.TarError, KeyError, OSError, EOFError) as error:
        raise ValidationError("cli.recover.bad_backup", field="backup", path=str(source),
                              reason=type(error).__name__) from None
    return staging / "journal.jsonl"
