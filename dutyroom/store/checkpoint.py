"""Bring the TinyDB state (the checkpoint) up to date with the journal, in one batch.

Runs under the store lock: after ``CHECKPOINT_LINES`` confirmed writes, at idle, at
exit, before a backup, in ``verify`` and ``recover``. Each state file a batch touches
is written once (temp file, fsync, rename), whatever the number of lines, so the
bytes written per confirmed write stay a small share of a day file.

Steps, each a ``DUTYROOM_CRASH_AT`` point: ``checkpoint-start``; the new digests are
announced in ``meta.pending`` (``checkpoint-pending``); every file is replaced
(``mid-state`` after each, ``checkpoint-index`` after the id indexes); ``before-meta``;
the meta records the new position and digests (``checkpoint-done``). A crash at any
step leaves files that match ``digests`` or ``pending``; the next checkpoint replays
the same lines from the old position, which is idempotent. Then the text index takes
the same lines (``checkpoint-search``, :func:`index_text`): it never waits for a
search holding it, and a failure there costs the next search time, never a write.
"""

from __future__ import annotations

import hashlib
import os
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from dutyroom.store.atomic import clean_temp_files
from dutyroom.store.crash import crash_point
from dutyroom.store.dayindex import set_days
from dutyroom.store.errors import StoreCorrupt
from dutyroom.store.journal import Line
from dutyroom.store.meta import Meta
from dutyroom.store.storage import save_bytes

if TYPE_CHECKING:
    from dutyroom.store.store import Store

CHECKPOINT_LINES = int(os.environ.get("DUTYROOM_CHECKPOINT_LINES", 256))
CHECKPOINT_BYTES = 1 << 20
INDEX_MOST = 8 * CHECKPOINT_BYTES
"""The most journal the checkpoint indexes for search (more, or a rebuild: the next search)."""
CHUNK_LINES = 5000
"""Lines per batch when catching up a long tail (a rebuild): bounds the memory it takes."""


def check_position(store: "Store", meta: Meta) -> None:
    """The journal still holds, at ``applied_offset``, the line the checkpoint applied last."""
    size = store.journal.size()
    if size < meta.applied_offset:
        raise StoreCorrupt("error.journal_truncated", path=str(store.layout.journal), seq=meta.applied_seq)
    if meta.applied_offset:
        last = store.journal.last_line(before=meta.applied_offset)
        if last is None or last.hash != meta.head or last.seq != meta.applied_seq \
                or last.end != meta.applied_offset:
            raise StoreCorrupt("error.journal_mismatch", path=str(store.layout.journal),
                               seq=meta.applied_seq)


def run(store: "Store", meta: Meta) -> Meta:
    """Apply every journal line beyond ``meta``; returns the meta now on disk. Lock held."""
    check_position(store, meta)
    clean_temp_files(store.layout.state)
    crash_point("checkpoint-start")
    while True:
        lines = list(islice(store.journal.read_from(meta.applied_offset), CHUNK_LINES))
        if lines:
            meta = _apply(store, meta, lines)
        if len(lines) < CHUNK_LINES:
            index_text(store)
            return meta


def index_text(store: "Store") -> None:
    """Bring the text index up to the journal's end, if no search holds it right now and
    it is a batch's work (a missing or far-behind index is the next search's work)."""
    from dutyroom.store.text_index import TextIndex

    crash_point("checkpoint-search")
    try:
        TextIndex(store.root).catch_up(wait=False, most=INDEX_MOST)
    except (OSError, StoreCorrupt):
        pass  # derived data: the next search catches up or rebuilds it


def _apply(store: "Store", meta: Meta, lines: list[Line]) -> Meta:
    layout = store.layout
    files: dict[Path, dict[str, Any]] = {}
    created: dict[str, dict[int, str]] = {}
    new = meta.copy()

    def table(path: Path, kind: str) -> dict[str, Any]:
        if path not in files:
            current = store.checked_state(path, meta)
            files[path] = {name: dict(docs) for name, docs in current.items()}
        return files[path].setdefault(kind, {})

    breaks: list[Line] = []
    for line in lines:
        if line.entry.get("prev") != new.head or line.seq != new.applied_seq + 1:
            breaks.append(line)
        for op in line.entry.get("ops", ()):
            kind, rid, data, day = op["kind"], op["id"], op["data"], op.get("day")
            key = str(rid)
            if day is None:
                table(layout.registry, kind)[key] = data
            else:
                table(layout.partition(kind, day), kind)[key] = data
                if op["op"] == "create":
                    created.setdefault(kind, {})[rid] = day
                opened = table(layout.open, kind)
                if data.get("open"):
                    opened[key] = data
                else:
                    opened.pop(key, None)
            if new.next_id.get(kind, 1) <= rid:
                new.next_id[kind] = rid + 1
        new.applied_seq, new.applied_offset, new.head = line.seq, line.end, line.hash
    out = {path: orjson.dumps(data) for path, data in files.items()}
    index_paths = []
    for kind, entries in created.items():
        path = layout.index_file(kind)
        out[path] = set_days(store.checked_index(path, meta), entries)
        index_paths.append(path)
    digests = {layout.rel(path): hashlib.sha256(raw).hexdigest() for path, raw in out.items()}
    announce = meta.copy()
    announce.pending = digests
    announce.save(layout.meta)
    crash_point("checkpoint-pending")
    for path, raw in out.items():
        if path in index_paths:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        save_bytes(path, raw)
        crash_point("mid-state")
    for path in index_paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        save_bytes(path, out[path])
    crash_point("checkpoint-index")
    new.digests.update(digests)
    new.pending = {}
    crash_point("before-meta")
    new.save(layout.meta)
    crash_point("checkpoint-done")
    if breaks:
        store.chain_breaks_seen(breaks)
    return new
