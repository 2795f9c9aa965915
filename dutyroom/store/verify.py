"""Tamper evidence: check the hash chain, then that the state is what the journal says.

First the checkpoint is brought up to date under the lock, so a crash between a
journal line and its checkpoint is never reported as tampering. Then, still under
the lock: every journal line's hash, sequence and link (an accepted break is
reported as such, not as tampering); ``meta.json`` (readable, at the end of the
journal, next ids, one digest per state file); every state file against its digest
and, record by record, against the last journal version of each record; the id
indexes against the journal's creates. A state file verify finds different is left
as it is for the officer to look at; the next read sets it aside and rebuilds it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from dutyroom.store import integrity
from dutyroom.store.checkpoint import check_position
from dutyroom.store.dayindex import set_days
from dutyroom.store.errors import StoreCorrupt, StoreError
from dutyroom.store.meta import Meta
from dutyroom.store.storage import load_checked
from dutyroom.store.store import Store, record_digest

Expected = dict[tuple[str, int], tuple[str, str | None, bool]]


@dataclass
class Problem:
    key: str
    params: dict[str, Any]


@dataclass
class VerifyReport:
    lines: int = 0
    problems: list[Problem] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    """Chain breaks an operator accepted (``recover --accept-broken-chain``), with the reason."""

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: Store) -> VerifyReport:
    report = VerifyReport()
    try:
        with store._lock():  # noqa: SLF001 - verify is the store's own check
            _verify_locked(store, report)
    except StoreError as error:
        report.problems.append(Problem(error.key, dict(error.params)))
    return report


def _verify_locked(store: Store, report: VerifyReport) -> None:
    layout = store.layout
    meta: Meta | None = None
    try:
        meta = Meta.load(layout.meta)
    except StoreCorrupt:
        report.problems.append(Problem("verify.meta_unreadable", {"path": str(layout.meta)}))
    if not report.problems:
        try:
            store._checkpoint_locked()  # noqa: SLF001
            meta = Meta.load(layout.meta)
        except StoreCorrupt as error:
            report.problems.append(Problem(error.key, dict(error.params)))
            meta = None
    expected: Expected = {}
    creates: dict[str, dict[int, str]] = {}

    def collect(entry: dict[str, Any]) -> None:
        for op in entry.get("ops", ()):
            data = op.get("data") or {}
            expected[(op["kind"], op["id"])] = (record_digest(data), op.get("day"), bool(data.get("open")))
            if op.get("op") == "create" and op.get("day"):
                creates.setdefault(op["kind"], {})[op["id"]] = op["day"]

    scan = integrity.scan(store.journal, collect)
    report.lines = scan.lines
    report.accepted = scan.accepted
    for item in scan.breaks:
        report.problems.append(Problem(item.key, item.params))
    if scan.breaks:
        integrity.raise_alarm(layout, scan.breaks[0], store.now().isoformat())
    else:
        integrity.clear_alarm(layout)
    if scan.unreadable is not None or meta is None:
        return
    _check_meta(store, meta, expected, report)
    _check_files(store, meta, expected, creates, report)


def _check_meta(store: Store, meta: Meta, expected: Expected, report: VerifyReport) -> None:
    try:
        check_position(store, meta)
    except StoreCorrupt as error:
        report.problems.append(Problem(error.key, dict(error.params)))
    if meta.applied_offset != store.journal.complete_size():
        report.problems.append(Problem("verify.meta_behind", {"seq": meta.applied_seq}))
    want: dict[str, int] = {}
    for kind, rid in expected:
        want[kind] = max(want.get(kind, 1), rid + 1)
    for kind in sorted(set(want) | set(meta.next_id)):
        if meta.next_id.get(kind, 1) != want.get(kind, 1):
            report.problems.append(Problem("verify.meta_next_id", {"kind": kind,
                                                                   "got": meta.next_id.get(kind, 1),
                                                                   "want": want.get(kind, 1)}))


def _state_files(store: Store) -> list[str]:
    state = store.layout.state
    out = []
    for path in sorted(state.rglob("*")):
        if not path.is_file() or path == store.layout.meta or ".set-aside-" in path.name \
                or path.name.startswith("."):
            continue
        out.append(store.layout.rel(path))
    return out


def _check_files(store: Store, meta: Meta, expected: Expected, creates: dict[str, dict[int, str]],
                 report: VerifyReport) -> None:
    layout = store.layout
    on_disk = _state_files(store)
    for rel in on_disk:
        if rel not in meta.digests:
            report.problems.append(Problem("verify.file_unknown", {"path": rel}))
    for rel in sorted(meta.digests):
        path = layout.state / rel
        if not path.exists():
            report.problems.append(Problem("verify.file_missing", {"path": rel}))
            continue
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != meta.digests[rel]:
            report.problems.append(Problem("verify.file_differs", {"path": rel}))
    for kind, entries in sorted(creates.items()):
        path = layout.index_file(kind)
        raw = path.read_bytes() if path.exists() else b""
        if raw != set_days(b"", entries):
            report.problems.append(Problem("verify.index_differs", {"path": layout.rel(path)}))
    seen: set[tuple[str, int]] = set()
    for rel in on_disk:
        if not rel.endswith(".json") or rel == "open.json":
            continue
        loaded = load_checked(layout.state / rel, cache=False)
        if loaded is None or "\0corrupt" in loaded.data:
            report.problems.append(Problem("verify.file_unreadable", {"path": rel}))
            continue
        for kind, docs in loaded.data.items():
            for key, doc in (docs or {}).items():
                rid = int(key)
                seen.add((kind, rid))
                _compare(kind, rid, doc, expected, report)
    loaded = load_checked(layout.open, cache=False)
    open_data = loaded.data if loaded else {}
    if "\0corrupt" in open_data:
        report.problems.append(Problem("verify.file_unreadable", {"path": "open.json"}))
        open_data = {}
    open_seen: set[tuple[str, int]] = set()
    for kind, docs in open_data.items():
        for key, doc in (docs or {}).items():
            open_seen.add((kind, int(key)))
            _compare(kind, int(key), doc, expected, report)
            if not expected.get((kind, int(key)), ("", None, False))[2]:
                report.problems.append(Problem("verify.state_inserted", {"kind": kind, "id": key}))
    for (kind, rid), (_, day, is_open) in expected.items():
        if (kind, rid) not in seen:
            report.problems.append(Problem("verify.state_deleted", {"kind": kind, "id": rid}))
        elif is_open and day is not None and (kind, rid) not in open_seen:
            report.problems.append(Problem("verify.state_deleted", {"kind": kind, "id": rid}))


def _compare(kind: str, rid: int, doc: dict[str, Any], expected: Expected, report: VerifyReport) -> None:
    want = expected.get((kind, rid))
    if want is None:
        report.problems.append(Problem("verify.state_inserted", {"kind": kind, "id": rid}))
    elif record_digest(doc) != want[0]:
        report.problems.append(Problem("verify.state_edited", {"kind": kind, "id": rid}))


def accept_broken_chain(store: Store, reason: str | None) -> tuple[int, integrity.Break | None]:
    """Before a rebuild: (breaks accepted now, first unaccepted break if ``reason`` is None).

    With a reason, one journal line records the breaks, the reason and who accepted
    them, starting a new chain segment; the alarm is then resolved.
    """
    with store._lock():  # noqa: SLF001
        scan = integrity.scan(store.journal)
        if not scan.breaks:
            integrity.clear_alarm(store.layout)
            return 0, None
        if reason is None or scan.unreadable is not None:
            integrity.raise_alarm(store.layout, scan.breaks[0], store.now().isoformat())
            return 0, scan.breaks[0]
        store.append_raw(integrity.segment_entry(scan.breaks, reason.strip()))
        integrity.clear_alarm(store.layout)
        return len(scan.breaks), None
