"""The store: a confirmed write is one journal line; the TinyDB state is its checkpoint.

A commit, under the cross-process lock: bring this process's view of the journal
tail up to date (reading only the bytes it grew by), check the versions of the
records it updates, append one journal line and fsync it. From there the write is
confirmed and visible to every process, because every reader lays the journal
tail beyond the checkpoint over the state files (see ``tail.py``). The state files
catch up in batches (``checkpoint.py``); every file the checkpoint writes has its
digest in ``meta.json``, so a file changed behind the app's back is set aside and
rebuilt from the journal the first time it is read (``repair.py``), never shown.
"""

from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import arrow
import orjson
from tinydb import Query

from dutyroom.model.timeinput import iso
from dutyroom.store import checkpoint as checkpointing
from dutyroom.store import integrity
from dutyroom.store.atomic import fsync_dir
from dutyroom.store.crash import crash_point
from dutyroom.store.dayindex import day_of, is_valid
from dutyroom.store.errors import (AppendOnly, RecordNotFound, StaleRecord, StoreCorrupt, StoreError,
                                   StoreLocked, StoreWriteFailed)
from dutyroom.store.journal import GENESIS, Journal, Line
from dutyroom.store.layout import APPEND_ONLY_KINDS, Layout, is_registry, partition_day
from dutyroom.store.lock import FileLock
from dutyroom.store.meta import FORMAT, Meta
from dutyroom.store.repair import rebuild_file
from dutyroom.store.storage import forget, load_checked, signature
from dutyroom.store.reading import Change, ReadingMixin
from dutyroom.store.tail import Tail

META_KEYS = ("id", "version", "created_at", "created_by", "updated_at", "updated_by", "station",
             "created_by_account", "updated_by_account")
IDLE_CHECKPOINT_S = 2.0
"""A live session checkpoints a tail of half a batch left unchanged this long ..."""
LONG_IDLE_S = 600.0
"""... and any tail left unchanged this long. Not every short pause: on a storm day each
checkpoint rewrites a day file of megabytes, so a checkpoint per write would bring back
the bytes per write this design removes."""


@dataclass
class Create:
    kind: str
    data: dict[str, Any]


@dataclass
class Update:
    """Change fields of a record; ``expected_version`` None skips the check (app-internal)."""

    kind: str
    id: int
    data: dict[str, Any]
    expected_version: int | None = None


def record_digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


class Store(ReadingMixin, integrity.AlarmMixin):
    """One data directory. Cheap to construct; :meth:`open` checks and repairs leftovers."""

    def __init__(self, root: Path, *, now: Callable[[], arrow.Arrow], operator: str,
                 station: str = "local", lock_timeout: float = 10.0, account: str = "") -> None:
        self.root = Path(root)
        self.layout = Layout(self.root)
        self.journal = Journal(self.layout.journal)
        self.now = now
        self.operator = operator  # the roster name where known; ``account`` the OS login behind it
        self.account = account or operator
        self.station = station
        self.lock_timeout = lock_timeout
        self._meta = Meta()
        self._meta_sig: Any = None
        self._tail: Tail | None = None
        self._index_cache: dict[str, tuple[Any, bytes]] = {}
        self._depth = 0
        self._file_lock = FileLock(self.layout.lock)
        self._notes: list[dict[str, Any]] = []
        self._seen_end = (-1, 0.0)
        self.rebuilt: list[dict[str, Any]] = []
        """State files this process set aside and rebuilt (for a notice in the UI)."""
        self.behind: StoreError | None = None
        """Why the last checkpoint after a confirmed write failed: saved, the view catches up."""

    # ----------------------------------------------------------------- opening
    def open(self) -> None:
        """Create a new store, or check an existing one and finish a cut-short write.

        An unreadable meta or a journal that no longer holds what the checkpoint applied
        raises StoreCorrupt and is left as it is; state files are checked as they are read.
        """
        if self.root.exists() and not self.root.is_dir():
            raise StoreCorrupt("error.not_a_directory", path=str(self.root))
        self.layout.state.mkdir(parents=True, exist_ok=True)
        meta = Meta.load(self.layout.meta)
        if meta is not None and meta.format != FORMAT:
            self.rebuild()  # a data directory of the previous layout: derive the state anew
            return
        if meta is None and self.layout.registry.exists():
            raise StoreCorrupt("error.meta_missing", path=str(self.layout.meta))
        if not self._torn():
            checkpointing.check_position(self, meta or Meta())
            tail = self._view()
            if tail.lines < checkpointing.CHECKPOINT_LINES and not (meta and meta.pending):
                return
        with self._lock():
            self._set_aside_torn_tail()
            try:
                self._checkpoint_locked()
            except StoreWriteFailed as error:  # a full disk: reads still see the journal tail
                self.behind = error

    def _torn(self) -> bool:
        size = self.journal.size()
        if size == 0:
            return False
        with open(self.layout.journal, "rb") as handle:
            handle.seek(size - 1)
            return handle.read(1) != b"\n"

    def _set_aside_torn_tail(self) -> None:
        """A line without its newline was never confirmed; keep its bytes, cut it off."""
        size = self.journal.size()
        complete = self.journal.complete_size()
        if size == complete:
            return
        stamp = self.now().format("YYYYMMDDTHHmmss")
        aside = self.root / f"journal.torn-{stamp}-{os.getpid()}"
        try:
            with open(self.layout.journal, "rb") as src, open(aside, "wb") as out:
                src.seek(complete)
                out.write(src.read())
                out.flush()
                os.fsync(out.fileno())
            with open(self.layout.journal, "r+b") as handle:
                handle.truncate(complete)
                os.fsync(handle.fileno())
            fsync_dir(self.root)
        except OSError as error:  # a full disk: the torn bytes stay until there is room
            raise StoreWriteFailed("error.write_failed", path=str(aside),
                                   reason=error.strerror or str(error)) from None
        self._tail = None

    # ----------------------------------------------------------------- the view
    def _load_meta(self) -> Meta:
        meta = Meta.load(self.layout.meta)
        if meta is None:
            if self.layout.registry.exists() or self.layout.index.exists():
                raise StoreCorrupt("error.meta_missing", path=str(self.layout.meta))
            return Meta()
        if meta.format != FORMAT:
            raise StoreCorrupt("error.state_format", path=str(self.layout.meta))
        return meta

    def _view(self) -> Tail:
        """Checkpoint meta + journal tail as of now: two ``stat`` calls when nothing changed."""
        sig = signature(self.layout.meta)
        if sig != self._meta_sig or self._tail is None:
            self._meta = self._load_meta()
            self._meta_sig = sig
            self._tail = Tail(self._meta)
        tail = self._tail
        size = self.journal.size()
        if size < tail.end:
            if size < self._meta.applied_offset:
                raise StoreCorrupt("error.journal_truncated", path=str(self.layout.journal),
                                   seq=self._meta.applied_seq)
            self._tail = tail = Tail(self._meta)
        if size > tail.end:
            tail.catch_up(self.journal)
        return tail

    def _reload(self) -> Tail:
        self._meta_sig = None
        return self._view()

    # ----------------------------------------------------------------- checked state files
    def checked_state(self, path: Path, meta: Meta | None = None, cache: bool = True) -> dict[str, Any]:
        """A state file as the checkpoint wrote it; anything else is set aside and rebuilt."""
        meta = meta or self._meta
        loaded = load_checked(path, cache)
        if meta.accepts(self.layout.rel(path), loaded.digest if loaded else None):
            return loaded.data if loaded else {}
        raw = self._suspect(path, meta)
        return orjson.loads(raw) if raw else {}

    def checked_index(self, path: Path, meta: Meta | None = None) -> bytes:
        meta = meta or self._meta
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raw = None
        digest = hashlib.sha256(raw).hexdigest() if raw is not None else None
        if raw is not None and is_valid(raw) and meta.accepts(self.layout.rel(path), digest):
            return raw
        if raw is None and meta.accepts(self.layout.rel(path), None):
            return b""
        return self._suspect(path, meta)

    def _suspect(self, path: Path, meta: Meta) -> bytes:
        """Recheck under the lock (a checkpoint may be mid-way); then set aside and rebuild."""
        rel = self.layout.rel(path)
        with self._lock():
            if meta is self._meta:  # a reader: its meta may be stale, take the current one
                self._reload()
                meta = self._meta
            forget(path)
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                raw = None
            digest = hashlib.sha256(raw).hexdigest() if raw is not None else None
            if meta.accepts(rel, digest) and (raw is None or not rel.endswith(".bin") or is_valid(raw)):
                return raw or b""
            raw = rebuild_file(self, meta, path)
            self._meta_sig = None
            self._index_cache.clear()
            return raw

    def note_rebuilt(self, rel: str, aside: str | None) -> None:
        at = iso(self.now())
        note = {"file": rel, "aside": aside or "-", "at": at}
        self.rebuilt.append(note)
        self._notes.append(note)

    def _write_notes(self) -> None:
        """One system duty-log entry per rebuilt file: a message key and its values."""
        notes, self._notes = self._notes, []
        ops = [Create("log", {"at": note["at"], "kind": "notice", "text": "", "author": self.operator,
                              "system": True, "amends": None,
                              "message": {"key": "system.state_rebuilt", "params": note}})
               for note in notes]
        try:
            self.commit(ops)
        except StoreError:
            self._notes = notes + self._notes

    def _docs(self, path: Path, kind: str) -> dict[str, Any]:
        return self.checked_state(path).get(kind, {})

    def _day_of(self, kind: str, record_id: int) -> str | None:
        hit = self._view().get(kind, record_id)
        if hit is not None:
            return hit[0]
        path = self.layout.index_file(kind)
        sig = signature(path)
        cached = self._index_cache.get(kind)
        if cached is None or cached[0] != sig:
            cached = (sig, self.checked_index(path))
            self._index_cache[kind] = (signature(path), cached[1])
        return day_of(cached[1], record_id)

    # ----------------------------------------------------------------- writing
    @contextmanager
    def _lock(self) -> Iterator[None]:
        """The cross-process write lock; re-entrant within this store object."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._file_lock.hold(timeout=self.lock_timeout, holder=f"{self.operator}@{self.station}"):
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
        if self._notes:
            self._write_notes()

    def commit(self, ops: Iterable[Create | Update]) -> list[dict[str, Any]]:
        """Confirm ``ops`` as one journal line; returns the records as stored.

        Raises StaleRecord when an update's expected version is not current,
        RecordNotFound for an unknown id, StoreWriteFailed when the disk refuses
        (then nothing was written). A checkpoint failing after the line is fsynced
        does not raise: the write is saved, :attr:`behind` says why the view lags.
        """
        ops = list(ops)
        with self._lock():
            tail = self._view()
            if self.journal.size() != tail.end:
                self._set_aside_torn_tail()
                tail = self._view()
            at = iso(self.now())
            journal_ops, records = self._prepare(ops, tail, at)
            if not journal_ops:
                return records
            entry = {"seq": tail.seq + 1, "at": at, "operator": self.operator,
                     "station": self.station, "ops": journal_ops}
            crash_point("before-journal")
            line = self.journal.append(entry, tail.head, start=tail.end)
            tail.apply(line)
            crash_point("after-journal")
        if tail.lines >= checkpointing.CHECKPOINT_LINES or tail.bytes >= checkpointing.CHECKPOINT_BYTES:
            self.checkpoint(quiet=True)
        return records

    def commit_checked(self, build: Callable[[], Iterable[Create | Update]]) -> list[dict[str, Any]]:
        """Check, then write, as one step: ``build`` runs under the write lock and its ops
        are committed before anyone else can write.

        ``build`` reads the state it checks through this store (every read lays the whole
        journal over the checkpoint, so it sees every commit confirmed before the lock was
        taken) and either raises a domain error (nothing is written) or returns the ops,
        possibly none. For checks whose outcome is a refusal rather than a retry ("the
        station already has a reading at this minute"); a check another session may pass
        a moment later uses a guard record instead (see the services' guards).
        """
        with self._lock():
            return self.commit(build())

    def append_raw(self, entry: dict[str, Any]) -> Line:
        """Append a line that changes no record (an accepted chain break); lock held by caller."""
        self._set_aside_torn_tail()
        last = self.journal.last_line()
        line = self.journal.append({**entry, "seq": (last.seq if last else 0) + 1, "at": iso(self.now()),
                                    "operator": self.operator, "station": self.station, "ops": []},
                                   last.hash if last else GENESIS)
        self._tail = None
        return line

    def create(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        return self.commit([Create(kind, data)])[0]

    def update(self, kind: str, record_id: int, data: dict[str, Any],
               expected_version: int | None = None) -> dict[str, Any]:
        return self.commit([Update(kind, record_id, data, expected_version)])[0]

    def next_id(self, kind: str) -> int:
        """The id the next created record of ``kind`` will get (if nobody writes first)."""
        return self._view().next_id.get(kind, 1)

    def _prepare(self, ops: list[Create | Update], tail: Tail, at: str
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        journal_ops: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        next_id = dict(tail.next_id)
        pending: dict[tuple[str, int], dict[str, Any]] = {}
        for op in ops:
            stamp = {"updated_at": at, "updated_by": self.operator, "updated_by_account": self.account,
                     "station": self.station}
            if isinstance(op, Create):
                new_id = next_id.get(op.kind, 1)
                next_id[op.kind] = new_id + 1
                record = {**_without_meta(op.data), "id": new_id, "version": 1,
                          "created_at": at, "created_by": self.operator,
                          "created_by_account": self.account, **stamp}
                day = None if is_registry(op.kind) else partition_day(op.kind, record)
                journal_ops.append({"op": "create", "kind": op.kind, "id": new_id, "day": day,
                                    "data": record})
            else:
                if op.kind in APPEND_ONLY_KINDS:
                    raise AppendOnly("error.append_only", kind=op.kind, id=op.id)
                current = pending.get((op.kind, op.id)) or self.get(op.kind, op.id)
                if current is None:
                    raise RecordNotFound("error.not_found", kind=op.kind, id=op.id)
                if op.expected_version is not None and current["version"] != op.expected_version:
                    raise StaleRecord("error.stale", kind=op.kind, id=op.id,
                                      by=current.get("updated_by", "?"),
                                      at=current.get("updated_at", "?"))
                merged = {**current, **_without_meta(op.data)}
                changes = {k: [current.get(k), v] for k, v in merged.items()
                           if k not in META_KEYS and current.get(k) != v}
                if not changes:
                    records.append(current)
                    continue
                record = {**merged, "version": current["version"] + 1, **stamp}
                day = None if is_registry(op.kind) else self._day_of(op.kind, op.id)
                journal_ops.append({"op": "update", "kind": op.kind, "id": op.id, "day": day,
                                    "data": record, "changes": changes})
            pending[(op.kind, record["id"])] = record
            records.append(record)
        return journal_ops, records

    # ----------------------------------------------------------------- checkpoint
    def checkpoint(self, quiet: bool = False) -> None:
        """Bring the state files up to date with the journal (takes the lock).

        ``quiet``: after a confirmed write, a failure (full disk, lock busy) is kept in
        :attr:`behind` instead of raised; the next checkpoint catches up.
        """
        try:
            with self._lock():
                self._checkpoint_locked()
            self.behind = None
        except StoreLocked:
            if not quiet:
                raise
        except StoreError as error:
            if not quiet or isinstance(error, StoreCorrupt):
                raise
            self.behind = error

    def _checkpoint_locked(self) -> None:
        meta = self._load_meta()
        self._meta = checkpointing.run(self, meta)
        self._meta_sig = None
        self._tail = None

    def idle(self, clock: Callable[[], float] = time.monotonic) -> None:
        """Call now and then from a live session: checkpoints a tail left alone for a while."""
        tail = self._view()
        if not tail.lines:
            return
        end, since = self._seen_end
        if end != tail.end:
            self._seen_end = (tail.end, clock())
        else:
            quiet = clock() - since
            if quiet >= LONG_IDLE_S or (quiet >= IDLE_CHECKPOINT_S
                                        and tail.lines >= checkpointing.CHECKPOINT_LINES // 2):
                self._seen_end = (tail.end, clock())  # a failed attempt waits as long again
                self.checkpoint(quiet=True)

    def close(self) -> None:
        """At the end of a session: leave the state files up to date, release the journal."""
        try:
            if self._view().lines:
                self.checkpoint(quiet=True)
        except StoreError:
            pass
        self.journal.close()
        self._file_lock.close()

    # ----------------------------------------------------------------- rebuild
    def rebuild(self) -> Path | None:
        """Set the derived state aside (never delete it) and replay the journal into a new one."""
        with self._lock():
            return self._rebuild_locked()

    def _rebuild_locked(self) -> Path | None:
        aside = None
        if self.layout.state.exists():
            stamp = self.now().format("YYYYMMDDTHHmmss")
            aside = self.root / f"state.set-aside-{stamp}-{os.getpid()}"
            self.layout.state.rename(aside)
        self.layout.state.mkdir(parents=True)
        self._index_cache.clear()
        self._tail = None
        self._meta = checkpointing.run(self, Meta())
        if not self.layout.meta.exists():
            self._meta.save(self.layout.meta)
        self._meta_sig = None
        return aside


def _without_meta(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in META_KEYS}


def copy_journal(store: Store, dest: Path) -> int:
    """Copy the confirmed journal as of now (a consistent point, taken under the lock),
    bringing the checkpoint up to date first."""
    with store._lock():  # noqa: SLF001 - the lock fixes the length to copy
        store._checkpoint_locked()  # noqa: SLF001
        length = store.journal.complete_size()
    with open(store.layout.journal, "rb") as src, open(dest, "wb") as out:
        remaining = length
        while remaining:
            chunk = src.read(min(remaining, 1 << 20))
            if not chunk:
                break
            out.write(chunk)
            remaining -= len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return length


__all__ = ["Change", "Create", "Meta", "Query", "Store", "Update", "copy_journal", "record_digest"]
