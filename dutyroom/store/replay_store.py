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


def parse_at(text: str) -> dt.datetime:
    """A journal line's time (ISO-8601 with offset), fast: a step must stay far below 100 ms."""
    return dt.datetime.fromisoformat(text)


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
        tail = self._tail
        keys = [(op["kind"], op["id"]) for op in line.entry.get("ops", ())]
        self._undo.append((tail.end, tail.seq, tail.head, dict(tail.next_id), tail.lines, tail.bytes,
                           self.at, [(key, tail.records.get(key, _MISSING)) for key in keys]))
        tail.apply(line)
        self.at = line.entry.get("at", self.at)

    def _undo_one(self) -> None:
        tail = self._tail
        end, seq, head, next_id, lines, size, at, before = self._undo.pop()
        for key, old in reversed(before):
            if old is _MISSING:
                tail.records.pop(key, None)
            else:
                tail.records[key] = old
        tail.end, tail.seq, tail.head, tail.next_id, tail.lines, tail.bytes = end, seq, head, next_id, lines, size
        self.at = at

    def goto_time(self, moment: arrow.Arrow) -> None:
        """Stand after the last line written at or before ``moment``."""
        when = moment.datetime
        self.cache.extend(self.journal.complete_size(), past=when, parse=parse_at)
        entry = self.cache.before_time(when, parse_at)
        if (entry["line"] if entry else 0) != self.snap.line:
            self._rebase(entry)
        while self._undo and self.at and parse_at(self.at) > when:
            self._undo_one()
        for line in self._lines():
            if parse_at(line.entry["at"]) > when:
                break
            self._apply(line)

    def step(self, count: int) -> bool:
        """Move ``count`` journal lines forward (or back); False when there is none there."""
        moved = False
        for _ in range(abs(count)):
            if count > 0:
                line = next(self._lines(), None)
                if line is None:
                    break
                self._apply(line)
            elif self._undo:
                self._undo_one()
            elif self.snap.line > 0:
                self._back_past_snapshot()
            else:
                break
            moved = True
        return moved

    def _back_past_snapshot(self) -> None:
        """One line before this snapshot: from the one before it, forward to that line."""
        target = self.snap.offset
        index = self.cache.index
        earlier = [e for e in index if e["offset"] < target]
        self._rebase(earlier[-1] if earlier else None)
        for line in self._lines():
            if line.end >= target:
                break
            self._apply(line)

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
