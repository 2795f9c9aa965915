"""A state file that disagrees with the journal: set it aside, write it again from the journal.

Found when the file is read (its digest is not the one the checkpoint recorded), so
it is never shown. The file is renamed (never deleted) to ``NAME.set-aside-STAMP-PID``
and rebuilt from the journal lines up to the checkpoint's position; the store then
records a system duty-log entry naming the file, and running sessions see it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from dutyroom.store.dayindex import set_days
from dutyroom.store.journal import decode
from dutyroom.store.meta import Meta
from dutyroom.store.storage import forget, save_bytes

if TYPE_CHECKING:
    from dutyroom.store.store import Store


def set_aside(path: Path, stamp: str) -> Path | None:
    if not path.exists():
        return None
    aside = path.with_name(f"{path.name}.set-aside-{stamp}-{os.getpid()}")
    path.rename(aside)
    forget(path)
    return aside


def rebuild_file(store: "Store", meta: Meta, path: Path) -> bytes:
    """Under the lock: replace ``path`` with what the journal says; updates and saves ``meta``."""
    layout = store.layout
    rel = layout.rel(path)
    stamp = store.now().format("YYYYMMDDTHHmmss")
    aside = set_aside(path, stamp)
    raw = replay(store, rel, meta.applied_offset)
    if raw:
        path.parent.mkdir(parents=True, exist_ok=True)
        save_bytes(path, raw)
        meta.digests[rel] = hashlib.sha256(raw).hexdigest()
    else:
        meta.digests.pop(rel, None)
    meta.pending.pop(rel, None)
    meta.save(layout.meta)
    store.note_rebuilt(rel, aside.name if aside else None)
    return raw


def replay(store: "Store", rel: str, upto: int) -> bytes:
    """The bytes of state file ``rel`` as the journal lines up to ``upto`` make it."""
    if rel.startswith("index/"):
        return _replay_index(store, rel[len("index/"):-len(".bin")], upto)
    tables: dict[str, dict[str, Any]] = {}
    if rel in ("registry.json", "open.json"):
        want_day: str | None = None
        match = None
    else:
        kind, _, name = rel.partition("/")
        want_day = name[:-len(".json")]
        match = f'"day":"{want_day}"'.encode()
        kind_match = kind
    for _, entry in _entries(store, upto, match):
        for op in entry.get("ops", ()):
            day, kind, key, data = op.get("day"), op["kind"], str(op["id"]), op["data"]
            if rel == "registry.json":
                if day is None:
                    tables.setdefault(kind, {})[key] = data
            elif rel == "open.json":
                if day is not None:
                    opened = tables.setdefault(kind, {})
                    if data.get("open"):
                        opened[key] = data
                    else:
                        opened.pop(key, None)
            elif day == want_day and kind == kind_match:
                tables.setdefault(kind, {})[key] = data
    if rel == "open.json":
        return orjson.dumps(tables)
    return orjson.dumps(tables) if tables else b""


def _replay_index(store: "Store", kind: str, upto: int) -> bytes:
    entries: dict[int, str] = {}
    for _, entry in _entries(store, upto, b'"op":"create"'):
        for op in entry.get("ops", ()):
            if op["kind"] == kind and op["op"] == "create" and op.get("day"):
                entries[op["id"]] = op["day"]
    return set_days(b"", entries)


def _entries(store: "Store", upto: int, match: bytes | None):
    """(end, entry) of the journal lines up to ``upto``; lines without ``match`` are skipped unparsed."""
    if not store.layout.journal.exists():
        return
    for end, raw in store.journal.raw_lines():
        if end > upto:
            return
        if match is not None and match not in raw:
            continue
        yield end, decode(raw, end, store.layout.journal).entry
