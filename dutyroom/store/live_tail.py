"""The journal beyond an offset, with the records it wrote: what a live view applies.

``Store.changes_since`` says which records the new lines touched; a dashboard that
then asked the store for each of them would read day files, and until the state
has caught up with the journal it could read the old version. The journal lines
carry each record as written, so a live view takes them from there: it reads only
the new lines and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutyroom.store.journal import Journal
from dutyroom.store.store import Change


@dataclass
class Tail:
    """The commits after an offset: ``changes`` as ``Store.changes_since`` gives them and
    ``records``, the latest version of every record they wrote, by (kind, id)."""

    changes: list[Change] = field(default_factory=list)
    records: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    end: int = 0
    restarted: bool = False
    """The journal was shorter than the offset (a restored backup): start again from 0."""


def read_tail(journal_path: Path, offset: int) -> Tail:
    journal = Journal(journal_path)
    tail = Tail(end=offset)
    if offset > journal.size():
        tail.restarted, offset, tail.end = True, 0, 0
    for line in journal.read_from(offset):
        entry = line.entry
        touched = []
        for op in entry.get("ops", ()):
            kind, record_id = op["kind"], op["id"]
            touched.append((kind, record_id, op["op"]))
            if isinstance(op.get("data"), dict):
                tail.records[(kind, record_id)] = op["data"]
        tail.changes.append(Change(seq=line.seq, at=entry["at"], operator=entry["operator"],
                                   station=entry["station"], records=touched))
        tail.end = line.end
    return tail
