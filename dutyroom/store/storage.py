"""Whole-file JSON state: atomic writes, and reads through a bounded, stat-checked cache.

TinyDB's stock ``JSONStorage`` rewrites its file in place (seek, write,
truncate): a crash or a full disk mid-write leaves a broken file. State files
are written as a temp file renamed over the old one. Reads parse a file only
when its (inode, size, mtime) changed, so a process never acts on another
process's stale data; each parse also yields the SHA-256 of the bytes, which the
store compares with what the checkpoint recorded. The cache is an LRU bounded by
the size of the files it holds, so a long session never grows with the season.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from dutyroom.store.atomic import atomic_write
from dutyroom.store.errors import StoreCorrupt, StoreWriteFailed

Signature = tuple[int, int, int]
CACHE_BYTES = int(os.environ.get("DUTYROOM_CACHE_BYTES", 6 << 20))
"""Bytes of JSON files kept parsed (~8x that in Python objects); the newest file always stays."""


class Loaded(NamedTuple):
    data: dict[str, Any]
    digest: str


_cache: "OrderedDict[str, tuple[Signature, Loaded]]" = OrderedDict()
_cached_bytes = 0
_cache_lock = threading.Lock()


def signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _parse(path: Path) -> Loaded | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreCorrupt("error.file_corrupt", path=str(path)) from None
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data = orjson.loads(raw)
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        return Loaded({"\0corrupt": True}, digest)
    if not isinstance(data, dict):
        return Loaded({"\0corrupt": True}, digest)
    return Loaded(data, digest)


def _remember(key: str, sig: Signature, loaded: Loaded) -> None:
    global _cached_bytes
    with _cache_lock:
        old = _cache.pop(key, None)
        if old:
            _cached_bytes -= old[0][1]
        _cache[key] = (sig, loaded)
        _cached_bytes += sig[1]
        while _cached_bytes > CACHE_BYTES and len(_cache) > 1:
            _, (gone_sig, _) = _cache.popitem(last=False)
            _cached_bytes -= gone_sig[1]


def load_checked(path: Path, cache: bool = True) -> Loaded | None:
    """Contents and digest of ``path``; None when it does not exist.

    A file that does not parse comes back with its digest and a ``"\\0corrupt"``
    marker, so the caller can tell the store's own file from a damaged one.
    """
    key = str(path)
    sig = signature(path)
    if sig is None:
        return None
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] == sig:
            _cache.move_to_end(key)
            return hit[1]
    loaded = _parse(path)
    if loaded is not None and cache:
        _remember(key, sig, loaded)
    return loaded


def load_json(path: Path) -> dict[str, Any] | None:
    """Parsed contents of ``path`` (cached by signature); None when it does not exist."""
    loaded = load_checked(path)
    if loaded is None:
        return None
    if "\0corrupt" in loaded.data:
        raise StoreCorrupt("error.file_corrupt", path=str(path))
    return loaded.data


def read_json_uncached(path: Path) -> dict[str, Any] | None:
    """Parse ``path`` without filling the cache (one-off scans, files that must be fresh)."""
    loaded = load_checked(path, cache=False)
    if loaded is None:
        return None
    if "\0corrupt" in loaded.data:
        raise StoreCorrupt("error.file_corrupt", path=str(path))
    return loaded.data


def save_json(path: Path, data: dict[str, Any]) -> str:
    """Atomically replace ``path``; returns the SHA-256 of the bytes written."""
    raw = orjson.dumps(data)
    save_bytes(path, raw)
    return hashlib.sha256(raw).hexdigest()


def save_bytes(path: Path, raw: bytes) -> None:
    try:
        atomic_write(path, raw)
    except OSError as error:
        raise StoreWriteFailed("error.write_failed", path=str(path),
                               reason=error.strerror or str(error)) from None
    finally:
        forget(path)


def forget(path: Path) -> None:
    global _cached_bytes
    with _cache_lock:
        old = _cache.pop(str(path), None)
        if old:
            _cached_bytes -= old[0][1]


def cached_bytes() -> int:
    return _cached_bytes


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
