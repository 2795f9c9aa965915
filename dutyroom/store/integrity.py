"""The hash chain as an integrity alarm.

A journal line edited, inserted or deleted breaks the chain. Nothing is rebuilt from a
broken chain unless an operator accepts the break (``recover --accept-broken-chain
--reason TEXT``); the acceptance is itself a journal line, ``{"segment": {...}}``,
that names the breaks it accepts and starts a new chain segment after them, so
``verify`` reports an accepted break, not tampering. Until then the alarm stays in
``integrity-alarm.json`` (a key and its values, never a sentence): every running
dashboard shows it in its header, every command warns on stderr. Writes go on: the
duty cannot stop.
"""

from __future__ import annotations

import hashlib
import mmap
import os
from dataclasses import dataclass, field
from typing import Any, Callable

import orjson

from dutyroom.store.atomic import atomic_write
from dutyroom.store.journal import GENESIS, Journal, Line, body_digest
from dutyroom.store.layout import Layout
from dutyroom.store.storage import signature

SEGMENT_MARK = b'"segment":{'


@dataclass
class Break:
    line: int
    end: int
    key: str
    params: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "end": self.end, "key": self.key, "params": self.params}


@dataclass
class ChainScan:
    lines: int = 0
    breaks: list[Break] = field(default_factory=list)
    """Unaccepted breaks, first first."""
    accepted: list[dict[str, Any]] = field(default_factory=list)
    """Breaks an operator accepted: each with ``line``, ``reason``, ``by``, ``at``."""
    unreadable: int | None = None
    """Line number of a line that is not even JSON: nothing past it can be trusted."""


def accepted_breaks(journal: Journal, start: int = 0) -> dict[int, dict[str, Any]]:
    """end offset -> acceptance, from the segment lines (found by a byte search, no line parsed
    but theirs: a season's journal in tens of milliseconds).

    ``start``: only the segment lines after that offset (an acceptance always follows the
    break it accepts, so a scan of the span from ``start`` needs no earlier line)."""
    out: dict[int, dict[str, Any]] = {}
    try:
        handle = open(journal.path, "rb")
    except FileNotFoundError:
        return out
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size <= start:
            return out
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            at = data.find(SEGMENT_MARK, start)
            while at >= 0:
                first = data.rfind(b"\n", 0, at) + 1
                last = data.find(b"\n", at)
                if last < 0:
                    break  # a torn line was never confirmed
                _accept(data[first:last], last + 1, out)
                at = data.find(SEGMENT_MARK, last)
    return out


def _accept(raw: bytes, end: int, out: dict[int, dict[str, Any]]) -> None:
    try:
        body, _ = body_digest(raw)
        entry = orjson.loads(body)
        segment = entry["segment"]
        for item in segment["breaks"]:
            out[int(item["end"])] = {"line": item["line"], "reason": segment.get("reason", ""),
                                     "by": entry.get("operator", ""), "at": entry.get("at", "")}
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return


class Scanner:
    """Checks every line's own hash, its sequence and its link to the one before, in passes
    (``verify`` scans most of a season's journal without the lock, the rest under it).

    ``each`` sees every readable entry (verify collects the records from it). A break
    that was accepted resets the chain at that line and the scan goes on.
    """

    def __init__(self, journal: Journal, each: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.journal = journal
        self.each = each
        self.report = ChainScan()
        self.accepted = accepted_breaks(journal)
        self.prev, self.seq, self.end = GENESIS, 0, 0

    def run(self, upto: int | None = None) -> ChainScan:
        report = self.report
        if report.unreadable is not None or not self.journal.path.exists():
            return report
        for end, raw in self.journal.raw_lines(self.end):
            if upto is not None and end > upto:
                break
            self.end = end
            report.lines += 1
            line_no = report.lines
            try:
                body, digest = body_digest(raw)
                entry = orjson.loads(body)
                if not isinstance(entry, dict):
                    raise ValueError
            except (orjson.JSONDecodeError, ValueError, UnicodeDecodeError):
                report.unreadable = line_no
                report.breaks.append(Break(line_no, end, "verify.unreadable", {"line": line_no}))
                return report
            self._check(entry, body, digest, line_no, end)
            if self.each is not None:
                self.each(entry)
        return report

    def _check(self, entry: dict[str, Any], body: bytes, digest: str, line_no: int, end: int) -> None:
        got_seq = entry.get("seq")
        own_prev = str(entry.get("prev", ""))
        problem: Break | None = None
        if hashlib.sha256(own_prev.encode() + body).hexdigest() != digest:
            problem = Break(line_no, end, "verify.edited", {"seq": got_seq, "line": line_no})
        elif own_prev != self.prev or got_seq != self.seq + 1:
            key = "verify.deleted" if isinstance(got_seq, int) and got_seq > self.seq + 1 else "verify.inserted"
            problem = Break(line_no, end, key, {"seq": got_seq, "expected": self.seq + 1, "line": line_no})
        if problem is not None:
            if end in self.accepted:
                self.report.accepted.append({**self.accepted[end], "key": problem.key,
                                             "params": problem.params})
            else:
                self.report.breaks.append(problem)
        self.prev = digest
        self.seq = got_seq if isinstance(got_seq, int) else self.seq + 1


def scan(journal: Journal) -> ChainScan:
    """The whole journal in one pass."""
    return Scanner(journal).run()


def read_alarm(layout: Layout) -> dict[str, Any] | None:
    try:
        data = orjson.loads(layout.alarm.read_bytes())
    except FileNotFoundError:
        return None
    except (orjson.JSONDecodeError, OSError):
        return {"key": "verify.unreadable", "params": {"line": "?"}}
    return data if isinstance(data, dict) else {"key": "verify.unreadable", "params": {"line": "?"}}


def raise_alarm(layout: Layout, first: Break, at: str) -> None:
    current = read_alarm(layout)
    if current and current.get("line") == first.line and current.get("key") == first.key:
        return
    atomic_write(layout.alarm, orjson.dumps({"key": first.key, "params": first.params,
                                             "line": first.line, "found_at": at}))


def clear_alarm(layout: Layout) -> None:
    layout.alarm.unlink(missing_ok=True)


def segment_entry(breaks: list[Break], reason: str) -> dict[str, Any]:
    """The journal line that accepts ``breaks`` and starts a new chain segment after them."""
    return {"segment": {"breaks": [b.as_dict() for b in breaks], "reason": reason}}


class AlarmMixin:
    """The store's side: read the alarm cheaply; raise it when a checkpoint meets a break."""

    layout: Layout
    journal: Journal
    _alarm_cache: tuple[Any, dict[str, Any] | None] = (None, None)

    def alarm(self) -> dict[str, Any] | None:
        """The unresolved integrity alarm (``key``, ``params``, ``line``), or None: one stat."""
        sig = signature(self.layout.alarm)
        if sig != self._alarm_cache[0]:
            self._alarm_cache = (sig, read_alarm(self.layout) if sig else None)
        return self._alarm_cache[1]

    def chain_breaks_seen(self, lines: list[Line]) -> None:
        accepted = accepted_breaks(self.journal)
        for line in lines:
            if line.end not in accepted:
                number = _line_number(self.journal, line.end)
                raise_alarm(self.layout, Break(number, line.end, "verify.chain_break", {"seq": line.seq}),
                            line.entry.get("at", ""))
                return


def _line_number(journal: Journal, end: int) -> int:
    """Which line of the file ends at ``end`` (counts newlines; only on the rare alarm path)."""
    count = 0
    with open(journal.path, "rb") as handle:
        left = end
        while left > 0:
            chunk = handle.read(min(left, 1 << 20))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count

