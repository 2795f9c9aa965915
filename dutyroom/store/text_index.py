"""A season-wide text index derived from the journal: search in tens of milliseconds.

Searching the state means parsing every day file of the season (0.4 s to several
seconds). Instead, ``search/`` beside the journal keeps, per kind and UTC day, one
line per journal op on a searchable record::

    <id>\\t<offset of its journal line>\\t<casefolded text fields in GB18030, \\x1f between>\\n

A search reads these small files, finds the needle with ``bytes.find``, and loads
only the matching records, each from its own journal line (the record itself, never
a copy). It is never the record, only a way to find it:

- it is brought up to date from the journal under its own lock (``search/.lock``,
  never the store's lock, so it never holds up a write) before every search, from
  ``applied.json`` (journal offset, hash of the line there, size of each file);
- anything that does not fit (a missing or unparsable ``applied.json``, a journal
  shorter than the offset or with another line there, a file whose size differs from
  the one recorded) makes it rebuild itself from the journal, never fail;
- every hit is checked against the loaded record, so a stale line can only cost time.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import orjson

from dutyroom.store.atomic import atomic_write
from dutyroom.store.journal import Journal, Line, decode

FORMAT = 2
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "log": ("text",),
    "report": ("location", "reporter", "text"),
    "ticket": ("location", "text"),
}
"""The fields a search looks in, per kind (``--search`` on log, report and ticket lists)."""

APPEND_ONLY = frozenset({"log"})
"""Kinds whose records never change after they are written: one index line per record."""
_SEP = "\x1f"
_BLANKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", _SEP: " "})


def fold(text: str) -> str:
    """How text and needles are compared: casefolded, line breaks and tabs as spaces."""
    return text.translate(_BLANKS).casefold()


def encode(text: str) -> bytes:
    """GB18030: two bytes per Chinese character instead of UTF-8's three, so a third less
    to scan. Not self-synchronising (a needle may match across a character boundary),
    which only adds hits that the check on the record drops; never a missed one."""
    return text.encode("gb18030", "replace")


def record_text(kind: str, data: dict[str, Any]) -> str:
    return _SEP.join(fold(str(data.get(name) or "")) for name in SEARCH_FIELDS[kind])


def matches(kind: str, data: dict[str, Any], needle: str) -> bool:
    """The check every hit passes, on the record itself."""
    folded = fold(needle)
    return any(folded in fold(str(data.get(name) or "")) for name in SEARCH_FIELDS[kind])


@dataclass
class _Applied:
    offset: int = 0
    head: str = ""
    sizes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "_Applied | None":
        try:
            data = orjson.loads(path.read_bytes())
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return None
            sizes = {str(k): int(v) for k, v in data["sizes"].items()}
            return cls(offset=int(data["offset"]), head=str(data["head"]), sizes=sizes)
        except Exception:  # noqa: BLE001 - any unreadable file just means "rebuild"
            return None

    def save(self, path: Path) -> None:
        atomic_write(path, orjson.dumps({"format": FORMAT, "offset": self.offset,
                                         "head": self.head, "sizes": self.sizes}))


class TextIndex:
    """The index of one data directory (``root``, where ``journal.jsonl`` lives)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.folder = self.root / "search"
        self.journal = Journal(self.root / "journal.jsonl")
        self._applied_path = self.folder / "applied.json"

    # ----------------------------------------------------------------- searching
    def search(self, kind: str, needle: str, first_day: str | None = None,
               last_day: str | None = None) -> list[dict[str, Any]]:
        """Every current record of ``kind`` whose search fields contain ``needle``, by id;
        only records filed under the UTC days ``first_day``..``last_day`` if given."""
        folded = fold(needle)
        if kind not in SEARCH_FIELDS or not folded.strip():
            return []
        with self._locked():
            applied = self._catch_up()
            hits = self._hits(kind, encode(folded), applied, (first_day, last_day))
            if hits is None:  # a file changed behind our back: rebuild once and look again
                applied = self._rebuild()
                hits = self._hits(kind, encode(folded), applied, (first_day, last_day)) or {}
        records = self._load(kind, hits)
        return [records[i] for i in sorted(records) if matches(kind, records[i], needle)]

    def _hits(self, kind: str, needle: bytes, applied: _Applied,
              days: tuple[str | None, str | None]) -> dict[int, int] | None:
        """id -> journal offset of the record's latest line, for lines containing the needle;
        None when a file is not what ``applied.json`` recorded."""
        folder = self.folder / kind
        first, last = days
        hits: dict[int, int] = {}
        for name, size in applied.sizes.items():
            if not name.startswith(f"{kind}/"):
                continue
            day = name[len(kind) + 1:-4]
            if (first is not None and day < first) or (last is not None and day > last):
                continue
            try:
                with open(folder / f"{day}.idx", "rb") as handle:
                    if os.fstat(handle.fileno()).st_size != size:
                        return None
                    if not size:
                        continue
                    with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                        found = _scan(data, needle, kind in APPEND_ONLY)
            except FileNotFoundError:
                return None
            if found is None:
                return None
            hits.update(found)
        return hits

    def _load(self, kind: str, hits: dict[int, int]) -> dict[int, dict[str, Any]]:
        """The records at their journal lines (each read on its own, in file order)."""
        out: dict[int, dict[str, Any]] = {}
        if not hits:
            return out
        with open(self.journal.path, "rb") as handle:
            for record_id, offset in sorted(hits.items(), key=lambda item: item[1]):
                handle.seek(offset)
                raw = handle.readline()
                if not raw.endswith(b"\n"):
                    continue
                line = decode(raw[:-1], offset + len(raw), self.journal.path)
                for op in line.entry.get("ops", ()):
                    if op.get("kind") == kind and op.get("id") == record_id:
                        out[record_id] = op["data"]
        return out

    # ----------------------------------------------------------------- keeping up
    def catch_up(self) -> int:
        """Bring the index up to the end of the journal; returns the offset reached."""
        with self._locked():
            return self._catch_up().offset

    def _catch_up(self) -> _Applied:
        applied = _Applied.load(self._applied_path)
        if applied is None or not self._still_valid(applied):
            return self._rebuild()
        if self.journal.size() > applied.offset:
            self._apply(applied, self.journal.read_from(applied.offset), applied.offset)
        return applied

    def _still_valid(self, applied: _Applied) -> bool:
        """The journal still holds, at the offset we stopped at, the line we last applied."""
        if applied.offset == 0:
            return applied.head == "" and not applied.sizes
        if self.journal.size() < applied.offset:
            return False
        try:
            last = self.journal.last_line(applied.offset)
        except Exception:  # noqa: BLE001 - a journal we cannot read there: rebuild
            return False
        return last is not None and last.end == applied.offset and last.hash == applied.head

    def _rebuild(self) -> _Applied:
        if self.folder.exists():
            for child in self.folder.iterdir():
                if child.name != ".lock":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
        applied = _Applied()
        self._apply(applied, self.journal.read_from(0), 0)
        if not applied.sizes:
            applied.save(self._applied_path)
        return applied

    def _apply(self, applied: _Applied, lines: Iterator[Line], start: int) -> None:
        """Append the lines' searchable ops to their day files, then record how far we got."""
        pending: dict[str, list[bytes]] = {}
        position = start
        for line in lines:
            for op in line.entry.get("ops", ()):
                kind, data = op.get("kind"), op.get("data")
                if kind in SEARCH_FIELDS and isinstance(data, dict) and op.get("day"):
                    text = record_text(kind, data)
                    pending.setdefault(f"{kind}/{op['day']}.idx", []).append(
                        f"{op['id']}\t{position}\t".encode("ascii") + encode(text) + b"\n")
            position = line.end
            applied.head = line.hash
        if position == applied.offset and not pending:
            return
        for name, rows in pending.items():
            applied.sizes[name] = _append(self.folder / name, rows)
        applied.offset = position
        applied.save(self._applied_path)

    def _locked(self) -> "_FileLock":
        return _FileLock(self.folder / ".lock")


def _scan(data: "bytes | mmap.mmap", needle: bytes, append_only: bool) -> dict[int, int] | None:
    """id -> offset of the last line for each id whose text contains the needle (None: garbage).

    A record changed later has a later line; a hit on an older version is dropped if its
    latest version does not match (checked on the record anyway).
    """
    hits: dict[int, int] = {}
    latest: dict[int, int] = {}
    start = 0
    while True:
        at = data.find(needle, start)
        if at < 0:
            break
        line_start = data.rfind(b"\n", 0, at) + 1
        line_end = data.find(b"\n", at)
        head = data[line_start:line_start + 40].split(b"\t", 2)
        if len(head) < 3 or line_end < 0:
            return None
        try:
            hits[int(head[0])] = int(head[1])
        except ValueError:
            return None
        start = line_end + 1
    if hits and not append_only:
        # the latest line of each hit record (reports and tickets change; the log does not)
        for raw in bytes(data).split(b"\n"):
            if not raw:
                continue
            rid, _, rest = raw.partition(b"\t")
            try:
                number = int(rid)
            except ValueError:
                return None
            if number in hits:
                latest[number] = int(rest.partition(b"\t")[0])
        return latest
    return hits


def _append(path: Path, rows: list[bytes]) -> int:
    """Append whole lines (after a newline if a crash left half a line) and fsync; the new size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        size = os.fstat(fd).st_size
        prefix = b""
        if size and os.pread(fd, 1, size - 1) != b"\n":
            prefix = b"\n"
        data = prefix + b"".join(rows)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        return size + len(data)
    finally:
        os.close(fd)


class _FileLock:
    """An exclusive ``flock`` on the index's own lock file (released if the process dies)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1

    def __enter__(self) -> "_FileLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)
