"""A read-only store as of one journal line: the duty room as it stood at a past moment.

It is a :class:`~dutyroom.store.store.Store` in everything a service reads (``get``,
``all``, ``open_records``, ``days``, ``day_records``, ``between``, ``search``), so the
services compute every pane and every ``list --json`` as they did then, with the clock
set to that moment. Underneath, the checkpoint's part is a replay snapshot
(:mod:`~dutyroom.store.replay_cache`) and the tail is the same
:class:`~dutyroom.store.tail.Tail` every reader lays over the checkpoint, holding the
lines from the snapshot to the moment, applied by the Tail's own code. A record of a
growing kind that is neither open nor in the tail is taken from today's state when its id
existed then and its version is the one the snapshot names; otherwise its version of then
is looked up in the journal (a record corrected long after it was closed: rare).

Stepping forward applies one more line; stepping back undoes the last one (each applied
line keeps what it replaced), so an event-by-event walk never replays from the snapshot.
Every write is refused (:class:`ReadOnlyReplay`). The chain is checked over the whole span
read, lines 1..N: from the snapshot on line by line, and before it by the chain check made
when the snapshot was built, which holds because the cache has hashed the journal's bytes
under the snapshot again and found them unchanged (:meth:`SnapshotCache.verify`).
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import arrow

from dutyroom.store.errors import StoreCorrupt, StoreError
from dutyroom.store.journal import Line
from dutyroom.store.layout import APPEND_ONLY_KINDS
from dutyroom.store.reading import Change
from dutyroom.store.replay_cache import GENESIS_SNAPSHOT, Snapshot, SnapshotCache
from dutyroom.store.store import Store
from dutyroom.store.tail import Tail

_MISSING = object()
_DAY_CACHE = 64


class ReadOnlyReplay(StoreError):
    """A replay shows the record as it stood; it never writes."""


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Applying thousands of lines allocates a dict per record: in an app holding a season
    the collector's full passes would cost more than the lines (measured: 46 against 4 µs a
    line). Nothing applied here is cyclic garbage; collection resumes after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse_at(text: str) -> dt.datetime:
    """A journal line's time (ISO-8601 with offset), fast: a step must stay far below 100 ms."""
    return dt.datetime.fromisoformat(text)


def _apply_to(tail: Tail, undo: list[tuple[Any, ...]], at: str, line: Line) -> str:
    """Apply ``line`` to ``tail``, keeping what it replaced on ``undo``; the line's time."""
    keys = [(op["kind"], op["id"]) for op in line.entry.get("ops", ())]
    undo.append((tail.end, tail.seq, tail.head, dict(tail.next_id), tail.lines, tail.bytes,
                 at, [(key, tail.records.get(key, _MISSING)) for key in keys], line))
    tail.apply(line)
    return line.entry.get("at", at)


class ReplayStore(Store):
    """The store as of a journal line; move it with :meth:`goto_time` and :meth:`step`."""

    read_only = True

    def __init__(self, live: Store, now: Callable[[], arrow.Arrow] | None = None) -> None:
        super().__init__(live.root, now=now or live.now, operator=live.operator,
                         station=live.station, account=live.account)
        self.live = live
        self.cache = SnapshotCache(self.root, self.journal)
        self.snap: Snapshot = GENESIS_SNAPSHOT
        self._undo: list[tuple[Any, ...]] = []
        self._day_docs: dict[tuple[str, str], dict[str, Any]] = {}
        self._older: dict[tuple[str, int, int], dict[str, Any]] = {}
        self._tail = Tail(self.snap.meta())
        self._scanner: Any = None
        self.stepped: list[Line] = []
        """The journal lines the last :meth:`step` passed over, applied or undone."""
        self.stepped_back = False
        self._prepared: tuple[Any, ...] | None = None
        """(snapshot offset, the snapshot before it, tail, undo, time, the line at the offset)."""
        self._preparing: tuple[int, Iterator[None]] | None = None
        self.unreadable = False
        self.at: str = ""
        """The time of the last line applied (the snapshot's, or "" before the first line)."""

    # ------------------------------------------------------------------ position
    @property
    def line(self) -> int:
        """How many journal lines the view stands after."""
        return self.snap.line + self._tail.lines

    @property
    def end(self) -> int:
        return self._tail.end

    def _rebase(self, entry: dict[str, Any] | None) -> None:
        self.snap = self.cache.load(entry)
        self._tail = Tail(self.snap.meta())
        self._undo = []
        self._day_docs.clear()
        self._scanner = None
        self.at = self.snap.at

    def _lines(self) -> Iterator[Line]:
        try:
            yield from self.journal.read_from(self._tail.end)
        except StoreCorrupt:
            self.unreadable = True  # the chain check names the line; the view stops before it

    def _apply(self, line: Line) -> None:
        self.at = _apply_to(self._tail, self._undo, self.at, line)

    def _undo_one(self) -> Line:
        tail = self._tail
        end, seq, head, next_id, lines, size, at, before, line = self._undo.pop()
        for key, old in reversed(before):
            if old is _MISSING:
                tail.records.pop(key, None)
            else:
                tail.records[key] = old
        tail.end, tail.seq, tail.head, tail.next_id, tail.lines, tail.bytes = end, seq, head, next_id, lines, size
        self.at = at
        return line

    def goto_time(self, moment: arrow.Arrow) -> None:
        """Stand after the last line written at or before ``moment``."""
        when = moment.datetime
        self.cache.extend(self.journal.complete_size(), past=when, parse=parse_at)
        entry = self.cache.before_time(when, parse_at)
        if (entry["line"] if entry else 0) != self.snap.line:
            self._rebase(entry)
        while self._undo and self.at and parse_at(self.at) > when:
            self._undo_one()
        with _no_gc_pauses():
            for line in self._lines():
                if parse_at(line.entry["at"]) > when:
                    break
                self._apply(line)

    def goto_line(self, number: int) -> None:
        """Stand after journal line ``number`` (clamped to the journal), from the last snapshot
        at or before it: never a replay from the first line."""
        self.cache.extend(self.journal.complete_size())
        earlier = [e for e in self.cache.index if e["line"] <= number]
        entry = earlier[-1] if earlier else None
        if (entry["line"] if entry else 0) != self.snap.line:
            self._rebase(entry)
        while self._undo and self.line > number:
            self._undo_one()
        if self.line < number:
            with _no_gc_pauses():
                for line in self._lines():
                    self._apply(line)
                    if self.line >= number:
                        break
        self.stepped = []

    def step(self, count: int) -> bool:
        """Move ``count`` journal lines forward (or back); False when there is none there.
        :attr:`stepped` holds the lines passed over (applied or undone)."""
        self.stepped = []
        self.stepped_back = count < 0
        for _ in range(abs(count)):
            if count > 0:
                line = next(self._lines(), None)
                if line is None:
                    break
                self._apply(line)
            elif self._undo:
                line = self._undo_one()
            elif self.snap.line > 0:
                line = self._back_past_snapshot()
            else:
                break
            self.stepped.append(line)
        return bool(self.stepped)

    def _back_past_snapshot(self) -> Line:
        """One line before this snapshot: the one before it with the lines up to that line
        applied (made ahead by :meth:`prepare_back` where the app had the time), and the line
        stepped over returned."""
        while not self.prepare_back(1 << 30):
            pass
        _target, snap, tail, undo, at, line = self._prepared
        self._prepared = None
        self.snap, self._tail, self._undo, self.at = snap, tail, undo, at
        self._day_docs.clear()
        self._scanner = None
        return line

    def prepare_back(self, budget: int) -> bool:
        """Work, ``budget`` lines at a time, toward the state one line before this snapshot,
        so that a step back across it is a swap, not 5,000 lines read and applied while the
        officer waits; True once it is ready (or there is no snapshot to cross)."""
        target = self.snap.offset
        if self.snap.line == 0 or (self._prepared is not None and self._prepared[0] == target):
            return True
        if self._preparing is None or self._preparing[0] != target:
            self._preparing = (target, self._prepare(target))
        with _no_gc_pauses():
            for _ in range(budget):
                try:
                    next(self._preparing[1])
                except StopIteration:
                    self._preparing = None
                    return True
        return False

    def _prepare(self, target: int) -> Iterator[None]:
        earlier = [e for e in self.cache.index if e["offset"] < target]
        snap = self.cache.load(earlier[-1] if earlier else None)
        tail, undo, at = Tail(snap.meta()), [], snap.at
        for line in self.journal.read_from(tail.end):
            if line.end >= target:
                self._prepared = (target, snap, tail, undo, at, line)
                return
            at = _apply_to(tail, undo, at, line)
            yield
        raise StoreCorrupt("error.journal_line", path=str(self.journal.path), offset=target)

    def stepped_changes(self) -> tuple[list[Change], dict[tuple[str, int], dict[str, Any]],
                                       dict[tuple[str, int], dict[str, Any]]]:
        """What the last :meth:`step` changed, as a live reader hands a commit to the panes:
        a :class:`Change` per line passed over, each record it touched as this view has it
        now, and (stepping back) the records those lines wrote that the view no longer holds,
        as written then, so a pane updates in place."""
        changes: list[Change] = []
        records: dict[tuple[str, int], dict[str, Any]] = {}
        undone: dict[tuple[str, int], dict[str, Any]] = {}
        for line in self.stepped:
            entry = line.entry
            touched = [(op["kind"], op["id"], op["op"]) for op in entry.get("ops", ())]
            changes.append(Change(seq=line.seq, at=entry.get("at", ""), operator=entry.get("operator", ""),
                                  station=entry.get("station", ""), records=touched))
            for op in entry.get("ops", ()):
                key = (op["kind"], op["id"])
                if key not in records:
                    current = self.get(*key)
                    if current is not None:
                        records[key] = current
                    elif self.stepped_back:
                        undone[key] = op["data"]
        return changes, records, undone

    # ------------------------------------------------------------------ integrity
    def integrity(self) -> dict[str, Any]:
        """The chain over lines 1..N this view stands on: ``intact``, ``through_line``, ``breaks``
        (lines 1..``snapshot_line`` as checked when the snapshot was built, over bytes verified
        unchanged since; the rest read now)."""
        if self._scanner is None:
            self._scanner = self.snap.scanner(self.journal)
        report = self._scanner.run(upto=self._tail.end)
        breaks = list(self.snap.breaks) + [b.as_dict() for b in report.breaks if b.end <= self._tail.end]
        if self.unreadable and report.unreadable is None:
            breaks.append({"line": self.line + 1, "end": self._tail.end, "key": "verify.unreadable",
                           "params": {"line": self.line + 1}})
        alarm = self.live.alarm()
        if alarm and isinstance(alarm.get("line"), int) and alarm["line"] <= self.line \
                and all(b.get("line") != alarm["line"] for b in breaks):
            breaks.append({"line": alarm["line"], "end": 0, "key": alarm.get("key", "verify.chain_break"),
                           "params": alarm.get("params") or {}})
        breaks.sort(key=lambda b: b.get("line", 0))
        return {"intact": not breaks, "through_line": self.line, "checked_from_line": 1,
                "snapshot_line": self.snap.line, "breaks": breaks, "accepted": list(report.accepted)}

    # ------------------------------------------------------------------ the read side
    def _view(self) -> Tail:
        return self._tail

    def _load_meta(self):  # type: ignore[no-untyped-def]
        return self.snap.meta()

    def checked_state(self, path: Path, meta: Any = None, cache: bool = True) -> dict[str, Any]:
        """Registries and open records from the snapshot; a day file as it stood then."""
        if path == self.layout.registry:
            return self.snap.registry
        if path == self.layout.open:
            return self.snap.open
        kind, day = path.parent.name, path.stem
        return {kind: self._as_of_day(kind, day)}

    def _as_of_day(self, kind: str, day: str) -> dict[str, Any]:
        key = (kind, day)
        hit = self._day_docs.get(key)
        if hit is not None:
            return hit
        limit = self.snap.next_id.get(kind, 1)
        opened = self.snap.open.get(kind, {})
        versions = self.snap.versions.get(kind, {})
        out: dict[str, Any] = {}
        for doc in self.live.day_records(kind, day):
            rid = int(doc["id"])
            if rid >= limit:
                continue
            name = str(rid)
            if name in opened:
                out[name] = opened[name]
            elif kind in APPEND_ONLY_KINDS or int(doc.get("version") or 1) == versions.get(name, 1):
                out[name] = doc
            else:
                out[name] = self._version_of(kind, rid, versions.get(name, 1))
        if len(self._day_docs) >= _DAY_CACHE:
            self._day_docs.pop(next(iter(self._day_docs)))
        self._day_docs[key] = out
        return out

    def _version_of(self, kind: str, rid: int, version: int) -> dict[str, Any]:
        """A record as it stood at ``version``, from its own journal line (reads up to the snapshot)."""
        key = (kind, rid, version)
        if key not in self._older:
            for line in self.journal.read_from(0):
                if line.end > self.snap.offset:
                    break
                for op in line.entry.get("ops", ()):
                    if op["kind"] == kind and op["id"] == rid and op["data"].get("version", 1) == version:
                        self._older[key] = op["data"]
        return self._older.get(key) or {}

    def _day_of(self, kind: str, record_id: int) -> str | None:
        hit = self._tail.get(kind, record_id)
        if hit is not None:
            return hit[0]
        if record_id >= self.snap.next_id.get(kind, 1):
            return None
        return self.live._day_of(kind, record_id)  # noqa: SLF001 - a record's day never changes

    def days(self, kind: str) -> list[str]:
        return sorted(set(self.live.days(kind)) | self._tail.days(kind))

    def revision(self) -> int:
        return self._tail.end

    def changes_since(self, offset: int) -> tuple[list[Change], int]:
        changes, end = [], offset
        for line in self.journal.read_from(offset):
            if line.end > self._tail.end:
                break
            entry = line.entry
            changes.append(Change(seq=line.seq, at=entry["at"], operator=entry["operator"],
                                  station=entry["station"],
                                  records=[(op["kind"], op["id"], op["op"]) for op in entry["ops"]]))
            end = line.end
        return changes, end

    def history(self, kind: str, record_id: int) -> list[dict[str, Any]]:
        return [h for h in self.live.history(kind, record_id) if h["seq"] <= self._tail.seq]

    # ------------------------------------------------------------------ never writes
    def open(self) -> None:
        return None

    def commit(self, ops: Any) -> list[dict[str, Any]]:
        raise ReadOnlyReplay("replay.read_only")

    def append_raw(self, entry: dict[str, Any]) -> Line:
        raise ReadOnlyReplay("replay.read_only")

    def checkpoint(self, quiet: bool = False) -> None:
        return None

    def idle(self, clock: Callable[[], float] = lambda: 0.0) -> None:
        return None

    def rebuild(self) -> Path | None:
        raise ReadOnlyReplay("replay.read_only")

    def close(self) -> None:
        self.journal.close()
