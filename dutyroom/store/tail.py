"""The journal lines beyond the checkpoint, held as records: what every reader adds to the state.

A confirmed write is only its journal line; the state files catch up in batches.
So a reader (app, CLI, service) takes the checkpoint and lays this tail over it:
the newest version of each record touched after ``meta.applied_offset``. It is
built once per process and then extended by reading only the bytes the journal
grew by (one ``stat`` per read when nothing changed). Bounded: the checkpoint
runs every ``CHECKPOINT_LINES`` lines, so the tail never holds more than that.
"""

from __future__ import annotations

from typing import Any, Iterator

from dutyroom.store.journal import Journal, Line
from dutyroom.store.meta import Meta

Key = tuple[str, int]


class Tail:
    def __init__(self, meta: Meta) -> None:
        self.base = meta.applied_offset
        self.end = meta.applied_offset
        self.seq = meta.applied_seq
        self.head = meta.head
        self.next_id = dict(meta.next_id)
        self.records: dict[Key, tuple[str | None, dict[str, Any]]] = {}
        self.lines = 0
        self.bytes = 0

    def catch_up(self, journal: Journal) -> None:
        """Read the complete lines the journal grew by since ``end``."""
        for line in journal.read_from(self.end):
            self.apply(line)

    def apply(self, line: Line) -> None:
        for op in line.entry.get("ops", ()):
            kind, rid = op["kind"], op["id"]
            self.records[(kind, rid)] = (op.get("day"), op["data"])
            if self.next_id.get(kind, 1) <= rid:
                self.next_id[kind] = rid + 1
        self.bytes += line.end - self.end
        self.end = line.end
        self.seq = line.seq
        self.head = line.hash
        self.lines += 1

    def get(self, kind: str, record_id: int) -> tuple[str | None, dict[str, Any]] | None:
        return self.records.get((kind, record_id))

    def of_kind(self, kind: str) -> Iterator[tuple[int, str | None, dict[str, Any]]]:
        for (k, rid), (day, data) in self.records.items():
            if k == kind:
                yield rid, day, data

    def days(self, kind: str) -> set[str]:
        return {day for _, day, _ in self.of_kind(kind) if day is not None}

    def kinds_with_open(self) -> set[str]:
        return {k for (k, _), (day, data) in self.records.items() if day is not None and data.get("open")}
