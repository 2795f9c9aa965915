"""The store's read side: checkpoint state files with the journal tail laid over them.

Every read first brings the view up to date (two ``stat`` calls when nothing
changed), so a confirmed write by any process is seen at once.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass
from typing import Any, Iterator

import arrow

from dutyroom.store.dayindex import encode_day
from dutyroom.store.errors import RecordNotFound
from dutyroom.store.journal import Journal
from dutyroom.store.layout import Layout, days_between, is_registry


@dataclass
class Change:
    """What one journal line changed, for the live views of other processes."""

    seq: int
    at: str
    operator: str
    station: str
    records: list[tuple[str, int, str]]  # (kind, id, op)



class ReadingMixin:
    """The read methods of :class:`~dutyroom.store.store.Store`, which provides ``_view``
    (the tail, brought up to date), ``_docs``/``checked_state`` (state files checked
    against the checkpoint's digests) and ``_day_of`` (the id index)."""

    layout: Layout
    journal: Journal

    def get(self, kind: str, record_id: int) -> dict[str, Any] | None:
        """The current record, or None; a copy the caller may keep."""
        hit = self._view().get(kind, record_id)
        if hit is not None:
            return dict(hit[1])
        key = str(record_id)
        if is_registry(kind):
            doc = self._docs(self.layout.registry, kind).get(key)
            return dict(doc) if doc else None
        doc = self._docs(self.layout.open, kind).get(key)
        if doc:
            return dict(doc)
        day = self._day_of(kind, record_id)
        if day is None:
            return None
        doc = self._docs(self.layout.partition(kind, day), kind).get(key)
        return dict(doc) if doc else None

    def require(self, kind: str, record_id: int) -> dict[str, Any]:
        record = self.get(kind, record_id)
        if record is None:
            raise RecordNotFound("error.not_found", kind=kind, id=record_id)
        return record

    def _merged(self, docs: dict[str, Any], kind: str, day: str | None = None,
                open_only: bool = False) -> list[dict[str, Any]]:
        out = dict(docs)
        for rid, rday, data in self._view().of_kind(kind):
            if open_only:
                if rday is None:
                    continue
                if data.get("open"):
                    out[str(rid)] = data
                else:
                    out.pop(str(rid), None)
            elif day is None or rday == day:
                out[str(rid)] = data
        return [dict(out[k]) for k in sorted(out, key=int)]

    def all(self, kind: str) -> list[dict[str, Any]]:
        """Every record of a registry kind, by id."""
        self._view()
        return self._merged(self._docs(self.layout.registry, kind), kind)

    def open_records(self, kind: str) -> list[dict[str, Any]]:
        """Records of a growing kind whose ``open`` flag is set, by id."""
        self._view()
        return self._merged(self._docs(self.layout.open, kind), kind, open_only=True)

    def open_kinds(self) -> list[str]:
        """Kinds of growing records with at least one open record."""
        tail = self._view()
        opened = self.checked_state(self.layout.open)
        kinds = {k for k, docs in opened.items() if docs} | tail.kinds_with_open()
        return sorted(k for k in kinds if self.open_records(k))

    def days(self, kind: str) -> list[str]:
        return sorted(set(self.layout.days(kind)) | self._view().days(kind))

    def day_records(self, kind: str, day: str) -> list[dict[str, Any]]:
        self._view()
        return self._merged(self._docs(self.layout.partition(kind, day), kind), kind, day)

    def between(self, kind: str, start: arrow.Arrow, end: arrow.Arrow) -> list[dict[str, Any]]:
        """Records filed under the UTC days from ``start`` to ``end`` (filter by time yourself)."""
        existing = set(self.days(kind))
        out: list[dict[str, Any]] = []
        for day in days_between(start, end):
            if day in existing:
                out.extend(self.day_records(kind, day))
        return out

    def day_numbers(self, kind: str, ids: list[int]) -> list[int]:
        """Per id, the day it is filed under as days since 2000-01-01 (0: no such record),
        without reading any record: to put many search hits in order a day at a time."""
        tail = self._view()
        raw = self.checked_index(self.layout.index_file(kind))
        table = array("H")
        table.frombytes(raw[:len(raw) - len(raw) % 2])
        if sys.byteorder != "little":
            table.byteswap()
        size = len(table)
        out = [table[i] if 0 <= i < size else 0 for i in ids]
        recent = {rid: encode_day(day) for rid, day, _ in tail.of_kind(kind) if day}
        if recent:
            out = [recent.get(i, n) for i, n in zip(ids, out)]
        return out

    def search(self, kind: str, condition: Any, days: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """A TinyDB query (``tinydb.Query``/``where``) over a whole season or the given days.

        Reads one file at a time without caching it, so a season-wide search neither keeps
        the season in memory nor evicts the files the dashboard is using.
        """
        for day in days if days is not None else self.days(kind):
            self._view()
            docs = self.checked_state(self.layout.partition(kind, day), cache=False).get(kind, {})
            for doc in self._merged(docs, kind, day):
                if condition(doc):
                    yield doc

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
