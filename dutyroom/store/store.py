"""The store: commit changes to the journal, keep the TinyDB state in step, read it.

A commit, under the cross-process lock: catch the state up with the journal
(a crash may have cut a previous commit short after its journal line), check
the versions of the records it updates, append one journal line and fsync it
(from here the write is confirmed), then apply the line to the TinyDB state
and record in ``meta.json`` how far the state has applied the journal.
Readers take no lock: every state file is replaced atomically, and a process
notices another's commit by the journal growing (one ``os.stat``).
"""

from __future__ import annotations

import hashlib
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import arrow
import orjson
from tinydb import Query

from dutyroom.model.timeinput import iso
from dutyroom.store.atomic import clean_temp_files, fsync_dir
from dutyroom.store.errors import AppendOnly, RecordNotFound, StaleRecord, StoreCorrupt, StoreWriteFailed
from dutyroom.store.journal import GENESIS, Journal, Line
from dutyroom.store.layout import APPEND_ONLY_KINDS, Layout, days_between, is_registry, partition_day
from dutyroom.store.lock import locked
from dutyroom.store.storage import load_json, read_json_uncached, save_json, table_docs

META_KEYS = ("id", "version", "created_at", "created_by", "updated_at", "updated_by", "station",
             "created_by_account", "updated_by_account")
FORMAT = 1


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


@dataclass
class Meta:
    applied_seq: int = 0
    applied_offset: int = 0
    head: str = GENESIS
    next_id: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Meta | None":
        data = load_json(path)
        if data is None:
            return None
        try:
            return cls(applied_seq=int(data["applied_seq"]), applied_offset=int(data["applied_offset"]),
                       head=str(data["head"]), next_id={k: int(v) for k, v in data["next_id"].items()})
        except (KeyError, TypeError, ValueError, AttributeError):
            raise StoreCorrupt("error.file_corrupt", path=str(path)) from None

    def save(self, path: Path) -> None:
        save_json(path, {"format": FORMAT, "applied_seq": self.applied_seq,
                         "applied_offset": self.applied_offset, "head": self.head,
                         "next_id": self.next_id})


@dataclass
class Change:
    """What one journal line changed, for the live views of other processes."""

    seq: int
    at: str
    operator: str
    station: str
    records: list[tuple[str, int, str]]  # (kind, id, op)


class _Batch:
    """State files loaded for one apply; written once each at the end."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.files: dict[Path, dict[str, Any]] = {}
        self.dirty: set[Path] = set()
        self.index_lines: list[str] = []

    def table(self, path: Path, kind: str) -> dict[str, Any]:
        if path not in self.files:
            current = load_json(path) or {}
            self.files[path] = {name: dict(docs) for name, docs in current.items()}
            if len(self.files) > 16:
                self.flush(keep=path)
        return self.files[path].setdefault(kind, {})

    def flush(self, keep: Path | None = None) -> None:
        if self.index_lines:
            _append_index(self.layout.index, self.index_lines)
            self.index_lines = []
        for path in list(self.files):
            if path in self.dirty:
                path.parent.mkdir(parents=True, exist_ok=True)
                save_json(path, self.files[path])
                self.dirty.discard(path)
                crash_point("mid-state")
            if path != keep:
                del self.files[path]


def _append_index(path: Path, lines: list[str]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, "".join(lines).encode())
        os.fsync(fd)
    except OSError as error:
        raise StoreWriteFailed("error.write_failed", path=str(path),
                               reason=error.strerror or str(error)) from None
    finally:
        os.close(fd)


def record_digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


class Store:
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
        self._index: dict[tuple[str, int], str] = {}
        self._index_read = 0

    # ----------------------------------------------------------------- opening
    def open(self) -> None:
        """Create a new store, or check an existing one and finish a cut-short commit.

        A corrupt or inconsistent file raises StoreCorrupt and is left as it is.
        """
        if self.root.exists() and not self.root.is_dir():
            raise StoreCorrupt("error.not_a_directory", path=str(self.root))
        self.layout.state.mkdir(parents=True, exist_ok=True)
        meta = Meta.load(self.layout.meta)
        if meta is not None and self._quick_consistent(meta):
            return
        with self._lock():
            clean_temp_files(self.layout.state)
            self._set_aside_torn_tail()
            self._catch_up()

    def _quick_consistent(self, meta: Meta) -> bool:
        """True when the journal ends exactly where the state says (the common start)."""
        size = self.journal.size()
        if size != meta.applied_offset:
            return False
        if size == 0:
            return meta.applied_seq == 0
        # The line ending at ``size``, not at the end of the file: another officer may
        # append between the two reads (taken here without the lock), which is no damage.
        # Any doubt goes to the locked check, which names a real mismatch.
        last = self.journal.last_line(before=size)
        return last is not None and last.hash == meta.head and last.seq == meta.applied_seq

    def _set_aside_torn_tail(self) -> None:
        """A line without its newline was never confirmed; keep its bytes, cut it off."""
        size = self.journal.size()
        complete = self.journal.complete_size()
        if size == complete:
            return
        stamp = self.now().format("YYYYMMDDTHHmmss")
        aside = self.root / f"journal.torn-{stamp}-{os.getpid()}"
        with open(self.layout.journal, "rb") as src:
            src.seek(complete)
            aside.write_bytes(src.read())
        with open(self.layout.journal, "r+b") as handle:
            handle.truncate(complete)
            os.fsync(handle.fileno())
        fsync_dir(self.root)

    def _catch_up(self) -> Meta:
        """Apply journal lines the state has not seen (after a crash, or a fresh rebuild)."""
        meta = Meta.load(self.layout.meta)
        if meta is None:
            if any(self.layout.state.iterdir()) and self.layout.registry.exists():
                raise StoreCorrupt("error.meta_missing", path=str(self.layout.meta))
            meta = Meta()
        size = self.journal.complete_size()
        if size < meta.applied_offset:
            raise StoreCorrupt("error.journal_truncated", path=str(self.layout.journal),
                               seq=meta.applied_seq)
        if meta.applied_offset:
            last = self.journal.last_line(before=meta.applied_offset)
            if last is None or last.hash != meta.head or last.seq != meta.applied_seq:
                raise StoreCorrupt("error.journal_mismatch", path=str(self.layout.journal),
                                   seq=meta.applied_seq)
        if size > meta.applied_offset or not self.layout.meta.exists():
            batch = _Batch(self.layout)
            for line in self.journal.read_from(meta.applied_offset):
                if line.seq != meta.applied_seq + 1 or line.entry.get("prev") != meta.head:
                    raise StoreCorrupt("error.journal_chain", path=str(self.layout.journal),
                                       seq=line.seq)
                self._apply(batch, line, meta)
            batch.flush()
            meta.save(self.layout.meta)
        return meta

    # ----------------------------------------------------------------- writing
    def _lock(self):
        return locked(self.layout.lock, timeout=self.lock_timeout,
                      holder=f"{self.operator}@{self.station}")

    def commit(self, ops: Iterable[Create | Update]) -> list[dict[str, Any]]:
        """Confirm ``ops`` as one journal line; returns the records as stored.

        Raises StaleRecord when an update's expected version is not current,
        RecordNotFound for an unknown id, StoreWriteFailed when the disk refuses.
        """
        ops = list(ops)
        with self._lock():
            meta = self._catch_up()
            at = iso(self.now())
            journal_ops, records = self._prepare(ops, meta, at)
            if not journal_ops:
                return records
            entry = {"seq": meta.applied_seq + 1, "at": at, "operator": self.operator,
                     "station": self.station, "ops": journal_ops}
            batch = _Batch(self.layout)
            self._preload(batch, journal_ops)  # a corrupt target file stops us before the journal
            crash_point("before-journal")
            line = self.journal.append(entry, meta.head)
            crash_point("after-journal")
            self._apply(batch, line, meta)
            batch.flush()
            crash_point("before-meta")
            meta.save(self.layout.meta)
        return records

    def create(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        return self.commit([Create(kind, data)])[0]

    def update(self, kind: str, record_id: int, data: dict[str, Any],
               expected_version: int | None = None) -> dict[str, Any]:
        return self.commit([Update(kind, record_id, data, expected_version)])[0]

    def _prepare(self, ops: list[Create | Update], meta: Meta, at: str
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        journal_ops: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        next_id = dict(meta.next_id)
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
                current = self._fresh(op.kind, op.id)
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
            records.append(record)
        return journal_ops, records

    def _preload(self, batch: _Batch, journal_ops: list[dict[str, Any]]) -> None:
        for op in journal_ops:
            if op["day"] is None:
                batch.table(self.layout.registry, op["kind"])
            else:
                batch.table(self.layout.partition(op["kind"], op["day"]), op["kind"])
                batch.table(self.layout.open, op["kind"])

    def _apply(self, batch: _Batch, line: Line, meta: Meta) -> None:
        """Make the state reflect one journal line; idempotent, so replays are safe."""
        for op in line.entry["ops"]:
            kind, rid, data, day = op["kind"], op["id"], op["data"], op.get("day")
            key = str(rid)
            if day is None:
                path = self.layout.registry
                batch.table(path, kind)[key] = data
                batch.dirty.add(path)
            else:
                path = self.layout.partition(kind, day)
                batch.table(path, kind)[key] = data
                batch.dirty.add(path)
                if op["op"] == "create":
                    batch.index_lines.append(f"{kind}\t{rid}\t{day}\n")
                    self._index[(kind, rid)] = day
                open_table = batch.table(self.layout.open, kind)
                if data.get("open"):
                    open_table[key] = data
                    batch.dirty.add(self.layout.open)
                elif key in open_table:
                    del open_table[key]
                    batch.dirty.add(self.layout.open)
            meta.next_id[kind] = max(meta.next_id.get(kind, 1), rid + 1)
        meta.applied_seq = line.seq
        meta.applied_offset = line.end
        meta.head = line.hash

    # ----------------------------------------------------------------- reading
    def _fresh(self, kind: str, record_id: int) -> dict[str, Any] | None:
        return self.get(kind, record_id)

    def _day_of(self, kind: str, record_id: int) -> str | None:
        key = (kind, record_id)
        if key not in self._index:
            self._read_index()
        return self._index.get(key)

    def _read_index(self) -> None:
        try:
            with open(self.layout.index, "rb") as handle:
                handle.seek(self._index_read)
                data = handle.read()
        except FileNotFoundError:
            return
        complete = data.rfind(b"\n") + 1
        for raw in data[:complete].decode().splitlines():
            kind, rid, day = raw.split("\t")
            self._index[(kind, int(rid))] = day
        self._index_read += complete

    def get(self, kind: str, record_id: int) -> dict[str, Any] | None:
        """The current record, or None; a copy the caller may keep."""
        key = str(record_id)
        if is_registry(kind):
            doc = table_docs(self.layout.registry, kind).get(key)
            return dict(doc) if doc else None
        doc = table_docs(self.layout.open, kind).get(key)
        if doc:
            return dict(doc)
        day = self._day_of(kind, record_id)
        if day is None:
            return None
        doc = table_docs(self.layout.partition(kind, day), kind).get(key)
        return dict(doc) if doc else None

    def require(self, kind: str, record_id: int) -> dict[str, Any]:
        record = self.get(kind, record_id)
        if record is None:
            raise RecordNotFound("error.not_found", kind=kind, id=record_id)
        return record

    def all(self, kind: str) -> list[dict[str, Any]]:
        """Every record of a registry kind, by id."""
        docs = table_docs(self.layout.registry, kind)
        return [dict(docs[k]) for k in sorted(docs, key=int)]

    def open_records(self, kind: str) -> list[dict[str, Any]]:
        """Records of a growing kind whose ``open`` flag is set, by id."""
        docs = table_docs(self.layout.open, kind)
        return [dict(docs[k]) for k in sorted(docs, key=int)]

    def days(self, kind: str) -> list[str]:
        return self.layout.days(kind)

    def day_records(self, kind: str, day: str) -> list[dict[str, Any]]:
        docs = table_docs(self.layout.partition(kind, day), kind)
        return [dict(docs[k]) for k in sorted(docs, key=int)]

    def between(self, kind: str, start: arrow.Arrow, end: arrow.Arrow) -> list[dict[str, Any]]:
        """Records filed under the UTC days from ``start`` to ``end`` (filter by time yourself)."""
        existing = set(self.days(kind))
        out: list[dict[str, Any]] = []
        for day in days_between(start, end):
            if day in existing:
                out.extend(self.day_records(kind, day))
        return out

    def search(self, kind: str, condition: Any, days: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """A TinyDB query (``tinydb.Query``/``where``) over a whole season or the given days.

        Reads one file at a time without caching it, so a season-wide search neither keeps
        the season in memory nor evicts the files the dashboard is using.
        """
        for day in days if days is not None else self.days(kind):
            data = read_json_uncached(self.layout.partition(kind, day)) or {}
            for doc in data.get(kind, {}).values():
                if condition(doc):
                    yield dict(doc)

    # ----------------------------------------------------------------- changes
    def revision(self) -> int:
        """Grows with every commit by any process: poll it, it costs one stat."""
        return self.journal.size()

    def changes_since(self, offset: int) -> tuple[list[Change], int]:
        """Commits after ``offset``; if the journal is shorter (restored), start over."""
        if offset > self.journal.size():
            offset = 0
        changes, end = [], offset
        for line in self.journal.read_from(offset):
            entry = line.entry
            changes.append(Change(seq=line.seq, at=entry["at"], operator=entry["operator"],
                                  station=entry["station"],
                                  records=[(op["kind"], op["id"], op["op"]) for op in entry["ops"]]))
            end = line.end
        return changes, end

    def history(self, kind: str, record_id: int) -> list[dict[str, Any]]:
        """Every journal op on one record: the audit trail (reads the whole journal)."""
        out = []
        for line in self.journal.read_from(0):
            for op in line.entry["ops"]:
                if op["kind"] == kind and op["id"] == record_id:
                    out.append({"seq": line.seq, "at": line.entry["at"],
                                "operator": line.entry["operator"],
                                "station": line.entry["station"], "op": op["op"],
                                "changes": op.get("changes")})
        return out

    # ----------------------------------------------------------------- rebuild
    def rebuild(self) -> Path | None:
        """Set the derived state aside (never delete it) and replay the journal into a new one."""
        with self._lock():
            aside = None
            if self.layout.state.exists():
                stamp = self.now().format("YYYYMMDDTHHmmss")
                aside = self.root / f"state.set-aside-{stamp}-{os.getpid()}"
                self.layout.state.rename(aside)
            self.layout.state.mkdir(parents=True)
            self._index.clear()
            self._index_read = 0
            self._catch_up()
            return aside


_crash_counts: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Fault injection for the crash tests: ``DUTYROOM_CRASH_AT=after-journal:3`` kills this
    process with SIGKILL the third time it reaches that point. Unset in real use."""
    spec = os.environ.get("DUTYROOM_CRASH_AT")
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def _without_meta(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in META_KEYS}


def copy_journal(store: Store, dest: Path) -> int:
    """Copy the confirmed journal as of now (a consistent point, taken under the lock)."""
    with store._lock():  # noqa: SLF001 - the lock only fixes the length to copy
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
