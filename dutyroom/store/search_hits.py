"""Search hits as ids: counted from the text index, loaded a page at a time.

A term that matches a large share of the season (one common character typed into the
log pane's filter) used to load every matching record: 208k entries, seconds and half
a gigabyte. The pane shows one page, so :func:`find_hits` returns the ids of every hit
(the count stays exact) and :meth:`Hits.newest` loads only the records of the page asked.

The ids come without reading a record where the postings are the answer: a needle of
one or two UTF-16 units (one unit, or one bigram) in a kind searched in one field whose
records never change (the duty log) holds exactly the ids posted under its key. Any
other search (a longer needle, a time range, a predicate on the record) checks each
candidate's journal line as it streams past and keeps only the ids, so the memory
stays that of the ids either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import orjson

from dutyroom.store.errors import StoreCorrupt
from dutyroom.store.gram_segment import Segment, SegmentDamaged, needle_keys
from dutyroom.store.gram_segment import _END as END_MARK
from dutyroom.store.journal import Line
from dutyroom.store.layout import APPEND_ONLY_KINDS
from dutyroom.store.text_index import (SEARCH_FIELDS, TAIL_BYTES, IndexDamaged, TextIndex, fold, latest_offsets,
                                       matches)

Days = tuple[str | None, str | None]
Where = Callable[[dict[str, Any]], bool]
"""A check on the record itself (its kind, its exact time) besides the text."""


@dataclass
class Hits:
    """Every hit of one search, by id (commit order, oldest first)."""

    index: TextIndex
    kind: str
    needle: str
    ids: list[int] = field(default_factory=list)
    days: Days = (None, None)
    where: Where | None = None
    end: int = 0
    """The journal offset the hits are complete to ..."""
    head: str = ""
    """... and the hash of the line ending there (another journal: search again)."""

    @property
    def total(self) -> int:
        return len(self.ids)

    def refreshed(self) -> "Hits":
        """The same search after more commits: only the journal lines written since are
        read (a live pane reloads on every commit); the whole search again if the journal
        is not the one these hits came from (restored, rewritten)."""
        journal = self.index.journal
        try:
            last = journal.last_line(self.end) if 0 < self.end <= journal.size() else None
        except Exception:  # noqa: BLE001 - a journal we cannot read there: search again
            last = None
        if last is None or last.end != self.end or last.hash != self.head:
            return find_hits(self.index, self.kind, self.needle, *self.days, where=self.where)
        found = set(self.ids)
        end, head = _overlay(self, found, journal.read_from(self.end))
        return Hits(self.index, self.kind, self.needle, sorted(found), self.days, self.where,
                    end or self.end, head or self.head)

    def newest(self, start: int, count: int) -> list[dict[str, Any]]:
        """The records of hits ``start`` .. ``start + count - 1`` counted from the newest
        (the most recently recorded), newest first."""
        end = len(self.ids) - max(0, start)
        wanted = self.ids[max(0, end - count):max(0, end)]
        records = load_records(self.index, self.kind, wanted, self.days)
        return [records[i] for i in reversed(wanted)  # type: ignore[misc]
                if records.get(i) is not None and matches(self.kind, records[i], self.needle)]


def exact_postings(kind: str, folded: str, days: Days, where: Where | None) -> bool:
    """Whether the postings of ``folded``'s key are exactly the hits (see the module doc)."""
    return (kind in APPEND_ONLY_KINDS and len(SEARCH_FIELDS[kind]) == 1 and days == (None, None)
            and where is None and len(folded.encode("utf-16-be", "surrogatepass")) <= 4
            and END_MARK not in folded)  # the mark ends every field's text in the index


def find_hits(index: TextIndex, kind: str, needle: str, first_day: str | None = None,
              last_day: str | None = None, where: Where | None = None) -> Hits:
    """The ids of every current record of ``kind`` whose search fields contain ``needle``
    (filed under the UTC days ``first_day``..``last_day`` if given, passing ``where``)."""
    folded = fold(needle)
    days: Days = (first_day, last_day)
    hits = Hits(index, kind, needle, [], days, where)
    if kind not in SEARCH_FIELDS or not folded.strip():
        return hits
    keys, unit = needle_keys(folded)
    exact = exact_postings(kind, folded, days, where)
    for attempt in (1, 2):
        with index._locked():  # noqa: SLF001 - the index's own lock and files
            applied = index._catch_up(limit=TAIL_BYTES) if attempt == 1 else index._rebuild()  # noqa: SLF001
            try:
                if exact:
                    found = _posted(index, kind, keys, unit, applied.segments.get(kind, []))
                else:
                    found = _verified(index, kind, needle, days, where,
                                      index._candidates(kind, keys, unit, applied))  # noqa: SLF001
            except (IndexDamaged, SegmentDamaged, StoreCorrupt):
                if attempt == 1:
                    continue
                raise IndexDamaged(str(index.folder)) from None
        hits.end, hits.head = applied.offset, applied.head
        end, head = _overlay(hits, found, index.journal.read_from(applied.offset))  # beyond the index
        hits.ids = sorted(found)
        hits.end, hits.head = end or hits.end, head or hits.head
        return hits
    raise AssertionError("unreachable")


def _overlay(hits: Hits, found: set[int], lines: Iterator[Line]) -> tuple[int, str]:
    """Bring ``found`` up to date with ``lines`` (each record's latest version decides);
    returns where the last line read ends and its hash (0, "" when there was none)."""
    first, last = hits.days
    end, head = 0, ""
    for line in lines:
        for op in line.entry.get("ops", ()):
            data, day = op.get("data"), op.get("day")
            if op.get("kind") != hits.kind or not isinstance(data, dict) or not day:
                continue
            if ((first is None or day >= first) and (last is None or day <= last)
                    and matches(hits.kind, data, hits.needle) and (hits.where is None or hits.where(data))):
                found.add(op["id"])
            else:
                found.discard(op["id"])
        end, head = line.end, line.hash
    return end, head


def _posted(index: TextIndex, kind: str, keys: list[int], unit: int | None,
            items: list[dict[str, Any]]) -> set[int]:
    segments = index._open(items)  # noqa: SLF001
    try:
        found: set[int] = set()
        for segment in segments:
            found |= segment.candidates(keys, unit)
        return found
    finally:
        for segment in segments:
            segment.close()


def _verified(index: TextIndex, kind: str, needle: str, days: Days, where: Where | None,
              offsets: dict[int, int]) -> set[int]:
    """The candidates whose journal line really holds a hit; lines read in file order, each
    dropped once checked (a line is checked against its hash when the record itself is
    loaded, by :func:`load_records`)."""
    first, last = days
    folded, names = fold(needle), SEARCH_FIELDS[kind]
    out: set[int] = set()
    if not offsets:
        return out
    with open(index.journal.path, "rb") as handle:
        for offset, record_id in sorted((o, i) for i, o in offsets.items()):
            handle.seek(offset)
            raw = handle.readline()
            try:
                entry = orjson.loads(raw)
            except orjson.JSONDecodeError:
                raise IndexDamaged(kind) from None
            for op in entry.get("ops", ()) if isinstance(entry, dict) else ():
                if op.get("kind") != kind or op.get("id") != record_id:
                    continue
                data, day = op.get("data") or {}, op.get("day") or ""
                if ((first is None or day >= first) and (last is None or day <= last)
                        and any(folded in fold(str(data.get(name) or "")) for name in names)
                        and (where is None or where(data))):
                    out.add(record_id)
    return out


def load_records(index: TextIndex, kind: str, ids: list[int],
                 days: Days = (None, None)) -> dict[int, dict[str, Any] | None]:
    """The current version of each of ``ids`` (a hit found before), from its own journal
    line or the tail beyond the index; None where it is outside ``days``."""
    if not ids:
        return {}
    for attempt in (1, 2):
        with index._locked():  # noqa: SLF001
            applied = index._catch_up(limit=TAIL_BYTES) if attempt == 1 else index._rebuild()  # noqa: SLF001
            tail = index._tail(kind, applied.offset, days)  # noqa: SLF001
            try:
                offsets = _offsets(index._open(applied.segments.get(kind, [])),  # noqa: SLF001
                                   sorted(i for i in ids if i not in tail))
                out = index._load(kind, offsets, days)  # noqa: SLF001
            except (IndexDamaged, SegmentDamaged, StoreCorrupt):
                if attempt == 1:
                    continue
                raise IndexDamaged(str(index.folder)) from None
        out.update((i, tail[i]) for i in ids if i in tail)
        return out
    raise AssertionError("unreachable")


def _offsets(segments: list[Segment], pending: list[int]) -> dict[int, int]:
    """id -> journal offset of its latest indexed line (newest segment first); closes them."""
    try:
        return latest_offsets(segments, pending, "ids")
    finally:
        for segment in segments:
            segment.close()
