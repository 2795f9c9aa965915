"""Tamper evidence: check the hash chain, then that the state is what the journal says.

A record edited in the journal breaks its own hash; one inserted or deleted
breaks the sequence or the chain of the next; a state record changed behind
the app's back no longer matches the last journal version of that record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson

from dutyroom.store.journal import GENESIS, body_digest
from dutyroom.store.layout import is_registry
from dutyroom.store.storage import load_json
from dutyroom.store.store import Store, record_digest


@dataclass
class Problem:
    key: str
    params: dict[str, Any]


@dataclass
class VerifyReport:
    lines: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: Store) -> VerifyReport:
    report = VerifyReport()
    expected: dict[tuple[str, int], tuple[str, str | None, bool]] = {}
    if not store.layout.journal.exists():
        _check_state(store, expected, report)
        return report
    prev, seq = GENESIS, 0
    for end, raw in store.journal.raw_lines():
        report.lines += 1
        line_no = report.lines
        try:
            body, digest = body_digest(raw)
            entry = orjson.loads(body)
        except (orjson.JSONDecodeError, ValueError):
            report.problems.append(Problem("verify.unreadable", {"line": line_no}))
            return report
        got_seq = entry.get("seq")
        own_prev = str(entry.get("prev", ""))
        if hashlib.sha256(own_prev.encode() + body).hexdigest() != digest:
            report.problems.append(Problem("verify.edited", {"seq": got_seq, "line": line_no}))
            return report
        if entry.get("prev") != prev or got_seq != seq + 1:
            key = "verify.deleted" if isinstance(got_seq, int) and got_seq > seq + 1 else "verify.inserted"
            report.problems.append(Problem(key, {"seq": got_seq, "expected": seq + 1, "line": line_no}))
            return report
        prev, seq = digest, got_seq
        for op in entry.get("ops", []):
            data = op["data"]
            expected[(op["kind"], op["id"])] = (record_digest(data), op.get("day"), bool(data.get("open")))
    _check_state(store, expected, report)
    return report


def _check_state(store: Store, expected: dict[tuple[str, int], tuple[str, str | None, bool]],
                 report: VerifyReport) -> None:
    seen: set[tuple[str, int]] = set()
    files = [store.layout.registry] + [store.layout.partition(kind, day)
                                       for kind in _kinds(store) for day in store.days(kind)]
    for path in files:
        data = load_json(path) or {}
        for kind, docs in data.items():
            for key, doc in docs.items():
                rid = int(key)
                seen.add((kind, rid))
                _compare(kind, rid, doc, expected, report)
    open_data = load_json(store.layout.open) or {}
    for kind, docs in open_data.items():
        for key, doc in docs.items():
            _compare(kind, int(key), doc, expected, report)
            if not expected.get((kind, int(key)), ("", None, False))[2]:
                report.problems.append(Problem("verify.state_inserted", {"kind": kind, "id": key}))
    for (kind, rid), (_, day, _open) in expected.items():
        if (kind, rid) not in seen:
            report.problems.append(Problem("verify.state_deleted", {"kind": kind, "id": rid}))


def _compare(kind: str, rid: int, doc: dict[str, Any], expected: dict, report: VerifyReport) -> None:
    want = expected.get((kind, rid))
    if want is None:
        report.problems.append(Problem("verify.state_inserted", {"kind": kind, "id": rid}))
    elif record_digest(doc) != want[0]:
        report.problems.append(Problem("verify.state_edited", {"kind": kind, "id": rid}))


def _kinds(store: Store) -> list[str]:
    if not store.layout.state.is_dir():
        return []
    return sorted(p.name for p in store.layout.state.iterdir() if p.is_dir() and not is_registry(p.name))
