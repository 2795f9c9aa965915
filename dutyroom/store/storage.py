"""A TinyDB storage that writes atomically and reads through a stat-checked cache.

TinyDB's stock ``JSONStorage`` rewrites its file in place (seek, write,
truncate): a crash or a full disk mid-write leaves a broken file. This one
writes a temp file and renames it over the old one. Reads parse the file only
when its (inode, size, mtime) changed, so a process never acts on another
process's stale data but does not re-parse an unchanged file either.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from dutyroom.store.atomic import atomic_write
from dutyroom.store.errors import StoreCorrupt, StoreWriteFailed

Signature = tuple[int, int, int]

_cache: dict[str, tuple[Signature, dict[str, Any]]] = {}
_cache_lock = threading.Lock()
_CACHE_LIMIT = 24


def signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def load_json(path: Path) -> dict[str, Any] | None:
    """Parsed contents of ``path`` (cached by signature); None when it does not exist."""
    key = str(path)
    sig = signature(path)
    if sig is None:
        return None
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] == sig:
            return hit[1]
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        raise StoreCorrupt("error.file_corrupt", path=key) from None
    if not isinstance(data, dict):
        raise StoreCorrupt("error.file_corrupt", path=key)
    with _cache_lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (sig, data)
    return data


def read_json_uncached(path: Path) -> dict[str, Any] | None:
    """Parse ``path`` without touching the cache (for one-off scans of old files)."""
    with _cache_lock:
        hit = _cache.get(str(path))
    sig = signature(path)
    if hit and hit[0] == sig:
        return hit[1]
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        raise StoreCorrupt("error.file_corrupt", path=str(path)) from None
    if not isinstance(data, dict):
        raise StoreCorrupt("error.file_corrupt", path=str(path))
    return data


def save_json(path: Path, data: dict[str, Any]) -> None:
    """Atomically replace ``path``; the cache then holds what was written."""
    try:
        atomic_write(path, orjson.dumps(data))
    except OSError as error:
        with _cache_lock:
            _cache.pop(str(path), None)
        raise StoreWriteFailed("error.write_failed", path=str(path),
                               reason=error.strerror or str(error)) from None
    sig = signature(path)
    with _cache_lock:
        if sig:
            _cache[str(path)] = (sig, data)


def forget(path: Path) -> None:
    with _cache_lock:
        _cache.pop(str(path), None)


class AtomicJSONStorage(Storage):
    """TinyDB storage on top of :func:`load_json` / :func:`save_json`.

    ``read`` hands TinyDB a copy of each table, because TinyDB updates
    documents in place and the cached dict is shared with readers.
    """

    def __init__(self, path: str | Path, create_dirs: bool = True) -> None:
        self.path = Path(path)
        if create_dirs:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = load_json(self.path)
        if data is None:
            return None
        return {name: {doc_id: dict(doc) for doc_id, doc in table.items()}
                for name, table in data.items()}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        save_json(self.path, data)

    def close(self) -> None:
        pass


def open_db(path: Path) -> TinyDB:
    """A fresh TinyDB on ``path``: never a long-lived one whose id counter or
    query cache could go stale behind another process's write."""
    return TinyDB(path, storage=AtomicJSONStorage)


def table_docs(path: Path, table: str) -> dict[str, Any]:
    """The raw documents of one table, read-only, straight from the cache."""
    data = load_json(path)
    if not data:
        return {}
    return data.get(table, {})
