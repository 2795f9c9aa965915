"""Replay snapshots: the state as of every N-th journal line, a derived cache, never the record.

Replaying the duty room as it stood at 02:40 must not replay a season's journal from its
first line. So ``cache/replay/`` beside the journal keeps, every ``SNAPSHOT_LINES`` lines,
what a reader needs to stand at that line: the registries, the open records of the growing
kinds, the version of every changed record of an updatable kind, the next ids, the chain
head, and the chain breaks met so far. A record of a growing kind that is neither open nor
changed since is read from today's state and kept only if its id existed then and its
version is the one the snapshot names (see :mod:`dutyroom.store.replay_store`).

Snapshots are built by laying a :class:`~dutyroom.store.tail.Tail` (the store's own way of
applying journal lines) over the previous snapshot and folding it in as the checkpoint
files it: registries by id, growing kinds into the open set by their ``open`` flag. Every
line read is chain-checked on the way (:class:`~dutyroom.store.integrity.Scanner`).

The chain check of lines 1..N holds only for the bytes it read. So each index entry also
keeps the SHA-256 of the raw journal bytes between the previous snapshot and its own
(``digest``, taken when the snapshot is made), and every cache in use hashes those bytes
again before it trusts a snapshot (:meth:`SnapshotCache.verify`: plain hashlib over the
file, no JSON parsed, the segments on every core: a season in a fraction of a second).
Equal, the bytes the chain check passed are the bytes there now. Different (an old line
edited after the cache was built), the snapshots from that segment on are dropped and
rebuilt from the last one whose bytes are unchanged, so the chain is checked again over
every changed line and the break is named, never hidden.

Anything that does not fit (a missing or unreadable index, a journal that no longer holds
a snapshot's line with its hash, a folder that cannot be written) only costs time: the
snapshot is dropped or kept in memory, and the cache is rebuilt from the journal.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from dutyroom.store import integrity
from dutyroom.store.atomic import atomic_write
from dutyroom.store.errors import StoreCorrupt
from dutyroom.store.journal import GENESIS, Journal
from dutyroom.store.layout import APPEND_ONLY_KINDS
from dutyroom.store.meta import Meta
from dutyroom.store.tail import Tail

SNAPSHOT_LINES = int(os.environ.get("DUTYROOM_REPLAY_SNAPSHOT_LINES", 5000))
FORMAT = 2
"""2: index entries carry the ``digest`` of their segment of the journal (1 had none)."""
_READ = 1 << 20
Docs = dict[str, dict[str, dict[str, Any]]]


@dataclass
class Snapshot:
    """The state as of journal line ``line`` (ending at byte ``offset``)."""

    line: int = 0
    seq: int = 0
    offset: int = 0
    head: str = GENESIS
    at: str = ""
    next_id: dict[str, int] = field(default_factory=dict)
    registry: Docs = field(default_factory=dict)
    open: Docs = field(default_factory=dict)
    versions: dict[str, dict[str, int]] = field(default_factory=dict)
    """Growing, updatable kinds: id -> version, only where the version is not 1."""
    breaks: list[dict[str, Any]] = field(default_factory=list)
    """Unaccepted chain breaks met in lines 1..``line`` when the snapshot was built."""

    def meta(self) -> Meta:
        """Where a tail over this snapshot starts (a Tail takes a checkpoint's meta)."""
        return Meta(applied_seq=self.seq, applied_offset=self.offset, head=self.head,
                    next_id=dict(self.next_id))

    def scanner(self, journal: Journal) -> integrity.Scanner:
        """A chain check that goes on from this snapshot's line."""
        scanner = integrity.Scanner.__new__(integrity.Scanner)
        scanner.journal, scanner.each = journal, None
        scanner.report = integrity.ChainScan(lines=self.line)
        scanner.accepted = integrity.accepted_breaks(journal, self.offset)
        scanner.prev, scanner.seq, scanner.end = self.head, self.seq, self.offset
        return scanner

    def absorbed(self, tail: Tail, at: str, breaks: list[dict[str, Any]]) -> "Snapshot":
        """A new snapshot: this one with ``tail`` folded in, as the checkpoint files it."""
        registry = {k: dict(v) for k, v in self.registry.items()}
        opened = {k: dict(v) for k, v in self.open.items()}
        versions = {k: dict(v) for k, v in self.versions.items()}
        for (kind, rid), (day, data) in tail.records.items():
            key = str(rid)
            if day is None:
                registry.setdefault(kind, {})[key] = data
                continue
            if data.get("open"):
                opened.setdefault(kind, {})[key] = data
            else:
                opened.get(kind, {}).pop(key, None)
            if kind not in APPEND_ONLY_KINDS:
                version = int(data.get("version") or 1)
                if version != 1:
                    versions.setdefault(kind, {})[key] = version
                else:
                    versions.get(kind, {}).pop(key, None)
        return Snapshot(line=self.line + tail.lines, seq=tail.seq, offset=tail.end, head=tail.head,
                        at=at, next_id=dict(tail.next_id), registry=registry, open=opened,
                        versions=versions, breaks=self.breaks + breaks)

    def to_bytes(self) -> bytes:
        return orjson.dumps({"format": FORMAT, **self.__dict__})

    @classmethod
    def from_bytes(cls, raw: bytes) -> "Snapshot":
        data = orjson.loads(raw)
        if data.pop("format", None) != FORMAT:
            raise ValueError("snapshot format")
        return cls(**data)


GENESIS_SNAPSHOT = Snapshot()


def segment_digest(path: Path, start: int, end: int) -> str:
    """SHA-256 of the journal's raw bytes ``[start, end)`` (a short file hashes what is there)."""
    digest = hashlib.sha256()
    buffer = bytearray(_READ)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as handle:
        handle.seek(start)
        left = end - start
        while left > 0:
            got = handle.readinto(view[:min(left, _READ)])
            if not got:
                break
            digest.update(view[:got])
            left -= got
    return digest.hexdigest()


class SnapshotCache:
    """The snapshots of one journal: an index in memory, each snapshot in its own file."""

    def __init__(self, root: Path, journal: Journal) -> None:
        self.folder = root / "cache" / "replay"
        self.journal = journal
        self.index: list[dict[str, Any]] = []
        self._read_to = 0
        """Journal bytes already read for snapshots with none due since (a later call skips them)."""
        self._memory: dict[int, Snapshot] = {}
        """Snapshots that could not be saved (a read-only folder), and the last ones loaded."""
        self._verified = 0
        """How many index entries (from the first) have had their journal bytes hashed again."""
        self.dropped = 0
        """Snapshots dropped because the journal bytes under them changed (an edited old line)."""
        self._load_index()

    # ------------------------------------------------------------------ index
    def _load_index(self) -> None:
        try:
            data = orjson.loads((self.folder / "index.json").read_bytes())
            entries = [e for e in data["snapshots"] if isinstance(e, dict)] if data.get("format") == FORMAT else []
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
            entries = []
        while entries and not self._holds(entries[-1]):
            entries.pop()  # the journal was restored or altered there: rebuild from the last one that fits
        self.index = sorted(entries, key=lambda e: e["line"])

    def _holds(self, entry: dict[str, Any]) -> bool:
        """The journal still ends a line at the snapshot's offset, with the snapshot's hash."""
        try:
            last = self.journal.last_line(before=int(entry["offset"]))
        except Exception:  # noqa: BLE001 - an unreadable line there: the snapshot does not fit
            return False
        return last is not None and last.end == entry["offset"] and last.hash == entry["head"]

    def verify(self, upto_line: int) -> None:
        """Hash again the journal bytes under every snapshot up to line ``upto_line`` not yet
        checked by this cache; from the first segment that differs on, drop the snapshots
        (their chain check read other bytes) so they are rebuilt, and checked, from the
        journal as it is."""
        todo = [(i, e) for i, e in enumerate(self.index) if i >= self._verified and e["line"] <= upto_line]
        if not todo:
            return
        spans = [(self.index[i - 1]["offset"] if i else 0, int(e["offset"])) for i, e in todo]
        path = self.journal.path
        workers = min(len(spans), os.cpu_count() or 1, 8)
        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:  # hashlib lets go of the GIL
                digests = list(pool.map(lambda span: segment_digest(path, *span), spans))
        else:
            digests = [segment_digest(path, *span) for span in spans]
        for (i, entry), digest in zip(todo, digests):
            if entry.get("digest") != digest:
                self._drop_from(i)
                return
            self._verified = i + 1

    def _drop_from(self, position: int) -> None:
        """Forget the snapshots from index ``position`` on (their files too): they are rebuilt."""
        stale, self.index = self.index[position:], self.index[:position]
        self.dropped += len(stale)
        self._verified = min(self._verified, position)
        self._read_to = 0
        for entry in stale:
            self._memory.pop(int(entry["line"]), None)
            try:
                (self.folder / entry["file"]).unlink(missing_ok=True)
            except OSError:
                pass
        self._save_index()

    def _save_index(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.folder / "index.json", orjson.dumps({"format": FORMAT, "snapshots": self.index}))
        except OSError:
            pass

    # ------------------------------------------------------------------ snapshots
    def load(self, entry: dict[str, Any] | None) -> Snapshot:
        """The snapshot of ``entry`` once its journal bytes are verified; if they (or its file)
        no longer fit, the last earlier one that does."""
        if entry is None:
            return GENESIS_SNAPSHOT
        line = int(entry["line"])
        self.verify(line)
        if entry not in self.index:
            earlier = [e for e in self.index if e["line"] < line]
            return self.load(earlier[-1] if earlier else None)
        if line in self._memory:
            return self._memory[line]
        try:
            snap = Snapshot.from_bytes((self.folder / entry["file"]).read_bytes())
        except (OSError, ValueError, TypeError, orjson.JSONDecodeError):
            snap = None
        if snap is None or snap.offset != entry["offset"] or snap.head != entry["head"]:
            self._drop_from(self.index.index(entry))
            return self.load(self.index[-1] if self.index else None)
        if len(self._memory) > 4:
            self._memory.pop(next(iter(self._memory)))
        self._memory[line] = snap
        return snap

    def add(self, snap: Snapshot) -> None:
        """Keep ``snap`` (after every earlier one), with the digest of its segment of the journal."""
        earlier = [e for e in self.index if e["line"] < snap.line]
        start = int(earlier[-1]["offset"]) if earlier else 0
        entry = {"line": snap.line, "seq": snap.seq, "offset": snap.offset, "head": snap.head,
                 "at": snap.at, "file": f"{snap.line:09d}.json",
                 "digest": segment_digest(self.journal.path, start, snap.offset)}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.folder / entry["file"], snap.to_bytes())
        except OSError:
            self._memory[snap.line] = snap
        verified = len(earlier) == self._verified
        self.index = earlier + [entry]
        if verified:  # built from bytes read just now: nothing to hash again
            self._verified = len(self.index)
        self._save_index()

    def before_offset(self, offset: int) -> dict[str, Any] | None:
        """The last snapshot at or before journal byte ``offset``."""
        best = None
        for entry in self.index:
            if entry["offset"] <= offset:
                best = entry
        return best

    def before_time(self, moment: Any, parse: Any) -> dict[str, Any] | None:
        """The last snapshot whose line was written at or before ``moment``."""
        best = None
        for entry in self.index:
            if entry["at"] and parse(entry["at"]) <= moment:
                best = entry
        return best

    def extend(self, upto: int, past: Any = None, parse: Any = None) -> None:
        """Add the snapshots due between the last one and journal byte ``upto`` (or only until
        one is past the moment ``past``: a replay early in the season reads no further)."""
        if upto <= self._read_to:
            return
        snap = self.load(self.index[-1] if self.index else None)
        if upto - snap.offset <= 0:
            return
        scanner = snap.scanner(self.journal)
        tail = Tail(snap.meta())
        at = snap.at
        try:
            for line in self.journal.read_from(snap.offset):
                if line.end > upto:
                    break
                tail.apply(line)
                at = line.entry.get("at", at)
                if tail.lines >= SNAPSHOT_LINES:
                    report = scanner.run(upto=tail.end)
                    snap = snap.absorbed(tail, at, [b.as_dict() for b in report.breaks])
                    report.breaks = []
                    self.add(snap)
                    tail = Tail(snap.meta())
                    if past is not None and at and parse(at) > past:
                        return
        except StoreCorrupt:
            return  # an unreadable line: snapshots stop before it; the replay names it
        self._read_to = upto
