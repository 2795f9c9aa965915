"""Immutable segments of the text index: character bigrams -> record ids.

Measured at season scale (200k log entries, ~48 MB of folded text): scanning every
byte of the text costs 40-50 ms a search; a segment lets a search read only the
postings of the needle's grams and check the few candidates on the record itself.

A gram is two adjacent UTF-16 code units of a field's folded text, as the unsigned
32-bit key ``first << 16 | second``; each field ends with U+FFFF, so its last
character has a gram too. A needle of two units or more intersects the postings of
all its bigrams; a one-unit needle ``c`` takes the union of the keys from
``c << 16`` to ``c << 16 | 0xFFFF`` (every bigram starting with it), one contiguous
stretch of the file. Every record whose field contains the needle holds all these
grams, so the candidates are a superset of the hits; grams from two fields or from
an older version of a record only add candidates, never lose one.

File layout (native byte order; ``BYTEORDER`` is recorded in the manifest)::

    b"DRGIX\x02\0\0" nkeys:u32 nposts:u32 nids:u32 pad:u32
    keys:u32[nkeys] (sorted) ends:u32[nkeys] (cumulative) posts:u32[nposts] (ids, sorted per key)
    ids:u32[nids] (sorted) [pad to 8] offsets:u64[nids] (journal offset of the id's line)
"""

from __future__ import annotations

import heapq
import mmap
import struct
import sys
from array import array
from bisect import bisect_left
from itertools import repeat
from pathlib import Path
from typing import Iterable

MAGIC = b"DRGIX\x02\x00\x00"
_HEAD = struct.Struct("=8sIIII")
BYTEORDER = sys.byteorder
_END = "\uffff"
_SWAP = sys.byteorder == "little"


class SegmentDamaged(Exception):
    """A segment file that is not what it says: the index rebuilds itself."""


def _bigrams(text: str, into: set[int]) -> None:
    """Add the key of every pair of adjacent UTF-16 units of ``text`` to ``into``."""
    raw = text.encode("utf-16-be", "surrogatepass")
    size = len(raw)
    for start in (0, 2):
        usable = size - start
        usable -= usable % 4
        if usable >= 4:
            pairs = array("I", raw[start:start + usable])
            if _SWAP:
                pairs.byteswap()
            into.update(pairs)


def text_grams(folded: str, into: set[int]) -> None:
    """Add the keys of one field's folded text (with its end mark) to ``into``."""
    if folded:
        _bigrams(folded + _END, into)


def needle_keys(folded: str) -> tuple[list[int], int | None]:
    """(bigram keys every candidate holds, the unit of a one-unit needle or None)."""
    raw = folded.encode("utf-16-be", "surrogatepass")
    if len(raw) == 2:
        return [], int.from_bytes(raw, "big")
    keys: set[int] = set()
    _bigrams(folded, keys)
    return sorted(keys), None


def _holds(ids: memoryview, record_id: int) -> bool:
    at = bisect_left(ids, record_id)
    return at < len(ids) and ids[at] == record_id


class Builder:
    """Postings of one batch of records, in memory (bounded by the batch)."""

    def __init__(self) -> None:
        self.postings: dict[int, list[int]] = {}
        self.offsets: dict[int, int] = {}
        self._last = -1
        self._ordered = True
        """Ids came in increasing order (new records): every postings list is sorted and unique."""

    def add(self, record_id: int, offset: int, fields: Iterable[str]) -> None:
        """One version of a record; a later version of the same id in the batch wins its offset."""
        keys: set[int] = set()
        for folded in fields:
            text_grams(folded, keys)
        self.offsets[record_id] = offset
        if record_id <= self._last:
            self._ordered = False
        self._last = record_id
        postings = self.postings
        for key in keys:
            found = postings.get(key)
            if found is None:
                postings[key] = [record_id]
            else:
                found.append(record_id)

    def __len__(self) -> int:
        return len(self.offsets)

    def to_parts(self) -> list[bytes | array]:
        keys = sorted(self.postings)
        ends = array("I")
        posts = array("I")
        for key in keys:
            ids = self.postings[key]
            posts.extend(ids if self._ordered else sorted(set(ids)))
            ends.append(len(posts))
        ids_sorted = sorted(self.offsets)
        return pack(array("I", keys), ends, posts, array("I", ids_sorted),
                    array("Q", [self.offsets[i] for i in ids_sorted]))


def pack(keys: array, ends: array, posts: array, ids: array, offsets: array) -> list[bytes | array]:
    """The file's parts, in order (written one after the other: no copy of the whole)."""
    head = _HEAD.pack(MAGIC, len(keys), len(posts), len(ids), 0)
    pad = b"\0" * (-(len(head) + 4 * (len(keys) + len(ends) + len(posts) + len(ids))) % 8)
    return [head, keys, ends, posts, ids, pad, offsets]


class Segment:
    """A segment file, memory-mapped read-only; close it when done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "rb") as handle:
            size = handle.seek(0, 2)
            if size < _HEAD.size:
                raise SegmentDamaged(str(path))
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        magic, nkeys, nposts, nids, _ = _HEAD.unpack_from(self._map, 0)
        at = _HEAD.size
        body = 4 * (2 * nkeys + nposts + nids)
        pad = -(at + body) % 8
        if magic != MAGIC or size != at + body + pad + 8 * nids:
            self.close()
            raise SegmentDamaged(str(path))
        view = memoryview(self._map)
        self._views = [view]
        self.keys = self._cast(view, at, nkeys, "I")
        self.ends = self._cast(view, at + 4 * nkeys, nkeys, "I")
        self.posts = self._cast(view, at + 8 * nkeys, nposts, "I")
        self.ids = self._cast(view, at + 4 * (2 * nkeys + nposts), nids, "I")
        self.offsets = self._cast(view, at + body + pad, nids, "Q")

    def _cast(self, view: memoryview, start: int, count: int, code: str) -> memoryview:
        width = 8 if code == "Q" else 4
        part = view[start:start + count * width].cast(code)
        self._views.append(part)
        return part

    def postings(self, key: int) -> memoryview | None:
        at = bisect_left(self.keys, key)
        if at == len(self.keys) or self.keys[at] != key:
            return None
        return self.postings_at(at)

    def postings_at(self, at: int) -> memoryview:
        start = self.ends[at - 1] if at else 0
        end = self.ends[at]
        if not start <= end <= len(self.posts):
            raise SegmentDamaged(str(self.path))
        return self.posts[start:end]

    def candidates(self, keys: list[int], unit: int | None = None) -> set[int]:
        """Ids holding every key (smallest postings first; a small set is probed in the
        larger sorted lists instead of reading them), or any bigram starting with ``unit``."""
        if unit is not None:
            return set(self.posts[self._start(bisect_left(self.keys, unit << 16)):
                                  self._start(bisect_left(self.keys, (unit + 1) << 16))])
        lists = []
        for key in keys:
            found = self.postings(key)
            if found is None:
                return set()
            lists.append(found)
        lists.sort(key=len)
        out = set(lists[0])
        for more in lists[1:]:
            if not out:
                break
            if len(out) * 24 < len(more):
                out = {i for i in out if _holds(more, i)}
            else:
                out.intersection_update(more)
        return out

    def _start(self, at: int) -> int:
        return self.ends[at - 1] if at else 0

    def offset_of(self, record_id: int) -> int | None:
        ids = self.ids
        if not ids or record_id < ids[0] or record_id > ids[-1]:
            return None
        at = bisect_left(ids, record_id)
        return self.offsets[at] if at < len(ids) and ids[at] == record_id else None

    def close(self) -> None:
        """Unmap now; if a slice is still referenced (a traceback holding one), the map goes
        with the last reference instead."""
        try:
            for view in reversed(getattr(self, "_views", [])):
                view.release()
            self._map.close()
        except BufferError:
            pass
        self._views = []


def merge(segments: list[Segment]) -> list[bytes | array]:
    """One segment holding what ``segments`` (oldest first) hold; a later offset wins.

    Key by key in one pass over all of them (``heapq.merge``), so the memory is the new
    file's, not a table of every key; where the segments' ids do not overlap (the duty
    log, whose records never change) each key's postings are simply concatenated."""
    disjoint = all(not a.ids or not b.ids or a.ids[-1] < b.ids[0] for a, b in zip(segments, segments[1:]))
    keys = array("I")
    ends = array("I")
    posts = array("I")
    parts: list[memoryview] = []
    current = -1
    for key, order, at in heapq.merge(*(zip(s.keys, repeat(i), range(len(s.keys)))
                                        for i, s in enumerate(segments))):
        if key != current:
            _merged(parts, posts, disjoint)
            if current >= 0:
                keys.append(current)
                ends.append(len(posts))
            current, parts = key, []
        parts.append(segments[order].postings_at(at))
    _merged(parts, posts, disjoint)
    if current >= 0:
        keys.append(current)
        ends.append(len(posts))
    offsets: dict[int, int] = {}
    for segment in segments:
        offsets.update(zip(segment.ids, segment.offsets))
    ids = sorted(offsets)
    return pack(keys, ends, posts, array("I", ids), array("Q", [offsets[i] for i in ids]))


def _merged(parts: list[memoryview], posts: array, disjoint: bool) -> None:
    if len(parts) == 1 or disjoint:
        for part in parts:
            posts.extend(part)
    elif parts:
        posts.extend(sorted(set().union(*parts)))
