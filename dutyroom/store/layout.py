"""Where each kind of record lives inside a data directory.

Small registries (key points, units, roster, shifts, duty status) share one
file. Everything that grows through the season is split into one TinyDB file
per kind and UTC day, so a checkpoint rewrites only the days it touched (measured
here: a season in one TinyDB file costs 3.5 s per insert). Open
records of the growing kinds are mirrored in ``open.json`` so the dashboard
never has to read the whole season.
"""

from __future__ import annotations

from pathlib import Path

import arrow

from dutyroom.model.timeinput import from_iso

REGISTRY_KINDS = frozenset({"keypoint", "unit", "officer", "shift", "status", "setting", "standing_order",
                            "station", "contact", "post", "evacuation"})
"""Small registries: stations, the call-out's responsible persons, pioneer posts and people moved
(issue #15) are set up or counted, not filed by the thousand."""
PARTITION_FIELD = {"log": "at", "report": "received_at", "reading": "at"}
APPEND_ONLY_KINDS = frozenset({"log"})
"""Kinds whose records are never changed once written: a correction is a new record."""
DEFAULT_PARTITION_FIELD = "created_at"


class Layout:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.journal = root / "journal.jsonl"
        self.lock = root / ".lock"
        self.state = root / "state"
        self.meta = self.state / "meta.json"
        self.registry = self.state / "registry.json"
        self.open = self.state / "open.json"
        self.index = self.state / "index"
        self.alarm = root / "integrity-alarm.json"

    def index_file(self, kind: str) -> Path:
        return self.index / f"{kind}.bin"

    def rel(self, path: Path) -> str:
        """A state file's name relative to ``state/``, as the meta records its digest."""
        return path.relative_to(self.state).as_posix()

    def partition(self, kind: str, day: str) -> Path:
        return self.state / kind / f"{day}.json"

    def days(self, kind: str) -> list[str]:
        folder = self.state / kind
        if not folder.is_dir() or kind == "index":
            return []
        return sorted(p.stem for p in folder.glob("*.json") if not p.name.startswith("."))


def is_registry(kind: str) -> bool:
    return kind in REGISTRY_KINDS


def partition_day(kind: str, data: dict) -> str:
    """The UTC day a new record of ``kind`` is filed under; it never moves."""
    value = data.get(PARTITION_FIELD.get(kind, DEFAULT_PARTITION_FIELD)) or data.get("created_at")
    return from_iso(value).to("UTC").format("YYYY-MM-DD")


def days_between(start: arrow.Arrow, end: arrow.Arrow) -> list[str]:
    first = start.to("UTC").floor("day")
    last = end.to("UTC").floor("day")
    out = []
    while first <= last:
        out.append(first.format("YYYY-MM-DD"))
        first = first.shift(days=1)
    return out
