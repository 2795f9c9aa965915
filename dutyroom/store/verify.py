"""Tamper evidence: check the hash chain, then that the state is what the journal says.

First the checkpoint is brought up to date under the lock, so a crash between a
journal line and its checkpoint is never reported as tampering. Then, still under
the lock: every journal line's hash, sequence and link (an accepted break is
reported as such, not as tampering); ``meta.json`` (readable, at the end of the
journal, next ids, one digest per state file); every state file against its digest
and, record by record, against the last journal version of each record; the id
indexes against the journal's creates. A state file verify finds different is left
as it is for the officer to look at; the next read sets it aside and rebuilds it.
Last, the text index's files against their digests (named and rebuilt if they differ).
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
    """Most of the journal is scanned without the lock (a season takes seconds and officers
    keep writing); the lines written meanwhile, the meta and the digests of the state files
    are checked under it; the records in the files are then compared without it."""
    report = VerifyReport()
    expected: Expected = {}
    creates: dict[str, dict[int, str]] = {}

    def collect(entry: dict[str, Any]) -> None:
        for op in entry.get("ops", ()):
            data = op.get("data") or {}
            expected[(op["kind"], op["id"])] = (record_digest(data), op.get("day"), bool(data.get("open")))
            if op.get("op") == "create" and op.get("day"):
                creates.setdefault(op["kind"], {})[op["id"]] = op["day"]

    snapshot: dict[str, str] | None = None
    try:
        with store._lock():  # noqa: SLF001 - verify is the store's own check
            meta_ok = _checkpoint(store, report)
        scanner = integrity.Scanner(store.journal, collect)
        scanner.run(upto=store.journal.complete_size())
        with store._lock():  # noqa: SLF001
            if meta_ok:
                meta_ok = _checkpoint(store, report)
            scan = scanner.run()
            report.lines = scan.lines
            report.accepted = scan.accepted
            for item in scan.breaks:
                report.problems.append(Problem(item.key, item.params))
            if scan.breaks:
                integrity.raise_alarm(store.layout, scan.breaks[0], store.now().isoformat())
            else:
                integrity.clear_alarm(store.layout)
            if meta_ok and scan.unreadable is None:
                meta = Meta.load(store.layout.meta) or Meta()
                _check_meta(store, meta, expected, report)
                snapshot = _check_digests(store, meta, creates, report)
    except StoreError as error:
        report.problems.append(Problem(error.key, dict(error.params)))
    if snapshot is not None:
        _check_records(store, snapshot, expected, report)
    _check_text_index(store, report)
    return report


def _check_text_index(store: Store, report: VerifyReport) -> None:
    """The search index's files against the digests it recorded; what differs is named and
    the index rebuilt from the journal (it is derived data, never shown as a record)."""
    from dutyroom.store.text_index import check

    try:
        bad = check(store.root)
    except OSError:
        return  # an account that cannot write search/: searches fall back to the state
    for name in bad:
        report.problems.append(Problem("verify.search_index_rebuilt", {"path": f"search/{name}"}))


def _checkpoint(store: Store, report: VerifyReport) -> bool:
    """Bring the checkpoint up to date (lock held); False when the meta cannot be used."""
    try:
        Meta.load(store.layout.meta)
    except StoreCorrupt:
        report.problems.append(Problem("verify.meta_unreadable", {"path": str(store.layout.meta)}))
        return False
    try:
        store._checkpoint_locked()  # noqa: SLF001
    except StoreCorrupt as error:
        report.problems.append(Problem(error.key, dict(error.params)))
        return False
    return True


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


def _check_digests(store: Store, meta: Meta, creates: dict[str, dict[int, str]],
                   report: VerifyReport) -> dict[str, str]:
    """Every state file against the digest the checkpoint recorded (lock held); returns the
    digests of the files as they are now, for the record-by-record pass."""
    layout = store.layout
    on_disk = _state_files(store)
    snapshot: dict[str, str] = {}
    for rel in on_disk:
        if rel not in meta.digests:
            report.problems.append(Problem("verify.file_unknown", {"path": rel}))
    for rel in sorted(meta.digests):
        path = layout.state / rel
        if not path.exists():
            report.problems.append(Problem("verify.file_missing", {"path": rel}))
            continue
        snapshot[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        if snapshot[rel] != meta.digests[rel]:
            report.problems.append(Problem("verify.file_differs", {"path": rel}))
    for kind, entries in sorted(creates.items()):
        path = layout.index_file(kind)
        raw = path.read_bytes() if path.exists() else b""
        if raw != set_days(b"", entries):
            report.problems.append(Problem("verify.index_differs", {"path": layout.rel(path)}))
    for rel in on_disk:
        if rel not in snapshot:
            path = layout.state / rel
            snapshot[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return snapshot


def _load(store: Store, rel: str, digest: str, report: VerifyReport) -> dict[str, Any] | None:
    """The file as it was under the lock; None when a later checkpoint has replaced it."""
    loaded = load_checked(store.layout.state / rel, cache=False)
    if loaded is None or loaded.digest != digest:
        return None
    if "\0corrupt" in loaded.data:
        report.problems.append(Problem("verify.file_unreadable", {"path": rel}))
        return None
    return loaded.data


def _check_records(store: Store, snapshot: dict[str, str], expected: Expected,
                   report: VerifyReport) -> None:
    """Record by record, the state files against the last journal version of each record."""
    seen: set[tuple[str, int]] = set()
    skipped = False
    for rel, digest in sorted(snapshot.items()):
        if not rel.endswith(".json") or rel == "open.json":
            continue
        data = _load(store, rel, digest, report)
        if data is None:
            skipped = True
            continue
        for kind, docs in data.items():
            for key, doc in (docs or {}).items():
                rid = int(key)
                seen.add((kind, rid))
                _compare(kind, rid, doc, expected, report)
    open_data = _load(store, "open.json", snapshot["open.json"], report) if "open.json" in snapshot else {}
    open_seen: set[tuple[str, int]] = set()
    for kind, docs in (open_data or {}).items():
        for key, doc in (docs or {}).items():
            open_seen.add((kind, int(key)))
            _compare(kind, int(key), doc, expected, report)
            if not expected.get((kind, int(key)), ("", None, False))[2]:
                report.problems.append(Problem("verify.state_inserted", {"kind": kind, "id": key}))
    if skipped or open_data is None:
        return  # a checkpoint replaced a file meanwhile: missing records cannot be judged
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
