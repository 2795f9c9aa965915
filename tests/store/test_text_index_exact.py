"""The text index finds exactly what a plain substring scan of the journal finds: for
needles of one character and more, Latin and Chinese mixed, case-insensitive, for records
changed after they were indexed, and for records in the journal tail beyond the index."""

from __future__ import annotations

import json
import random

import orjson
import pytest

from dutyroom.store import Store
from dutyroom.store.text_index import SEARCH_FIELDS, TextIndex

WORDS = ["沙河水库", "水位", "21.3m", "Pump", "station", "B", "K3", "江北大堤", "渗水", "背水坡",
         "巡查", "无异常", "ÉCLUSE", "straße", "#12", "#123", "人民路", "下穿通道", "积水", "50",
         "厘米", "王建国", "李四", "a", "水", "坝", "𠀀", "泵站 B", "tab\there", "行\n换"]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))


def _scan(db, kind: str, needle: str) -> list[int]:
    """Brute force: the latest version of every record in the journal, plain ``in``."""
    latest: dict[int, dict] = {}
    for raw in (db / "journal.jsonl").read_bytes().splitlines():
        body = orjson.loads(raw)
        for op in body.get("ops", ()):
            if op["kind"] == kind and op.get("day"):
                latest[op["id"]] = op["data"]
    want = needle.replace("\n", " ").replace("\t", " ").casefold()
    return sorted(rid for rid, data in latest.items()
                  if any(want in str(data.get(f) or "").replace("\n", " ").replace("\t", " ").casefold()
                         for f in SEARCH_FIELDS[kind]))


def _write(store: Store, rng: random.Random, count: int) -> None:
    for _ in range(count):
        store.create("log", {"at": "2026-06-01T01:00:00+00:00", "kind": "patrol", "text": _text(rng)})
    for _ in range(count // 3):
        store.create("report", {"received_at": "2026-06-01T02:00:00+00:00", "location": _text(rng),
                                "reporter": rng.choice(WORDS), "text": _text(rng), "open": True})
        store.create("ticket", {"opened_at": "2026-06-02T02:00:00+00:00", "location": _text(rng),
                                "text": _text(rng), "open": True})


def _change(store: Store, rng: random.Random, kind: str) -> None:
    """Change some records after they were indexed (a later version, maybe in another segment)."""
    for rid in rng.sample(range(1, store.next_id(kind)), 5):
        doc = store.get(kind, rid)
        store.update(kind, rid, {"location": _text(rng), "text": _text(rng)}, doc["version"])


def _needles(rng: random.Random) -> list[str]:
    out = {"水", "a", "A", "B", "b", "3", "#", " ", "𠀀", "STRASSE", "straße", "écluse", "水库 ", "0 厘",
           "泵站 b", "k3", "江北", "行 换", "tab here", "nowhere", "坝坝"}
    for _ in range(40):
        text = _text(rng)
        start = rng.randrange(len(text))
        out.add(text[start:start + rng.randint(1, 5)])
    return sorted(needle for needle in out if needle.strip())


@pytest.fixture
def season(db, clock, monkeypatch):
    """Several checkpoints (so several segments, merged once), changes, and a journal tail."""
    monkeypatch.setattr("dutyroom.store.text_index.FANOUT", 3)
    monkeypatch.setattr("dutyroom.store.text_index.LEVELS", (40, 200))
    rng = random.Random(12)
    store = Store(db, now=clock.now, operator="张伟", station="local")
    store.open()
    for _ in range(5):
        _write(store, rng, 30)
        store.checkpoint()
    _change(store, rng, "report")
    _change(store, rng, "ticket")
    store.checkpoint()
    _write(store, rng, 12)  # the tail: beyond the last checkpoint
    _change(store, rng, "ticket")
    return store, rng


def test_same_hits_as_a_plain_scan_of_the_journal(season, db):
    store, rng = season
    index = TextIndex(db)
    applied = json.loads((db / "search" / "applied.json").read_text())
    assert 0 < applied["offset"] < (db / "journal.jsonl").stat().st_size  # some lines in the tail
    assert len(applied["segments"]["log"]) >= 2
    checked = 0
    for kind in SEARCH_FIELDS:
        for needle in _needles(rng):
            found = [int(r["id"]) for r in index.search(kind, needle)]
            assert found == _scan(db, kind, needle), (kind, needle)
            checked += bool(found)
    assert checked > 50  # most needles find something
    assert json.loads((db / "search" / "applied.json").read_text())["offset"] == applied["offset"]


def test_the_checkpoint_keeps_the_index_and_writes_only_its_batch(season, db):
    """Each checkpoint adds a segment for its own lines; earlier segments stay as they were
    (only merges replace a few small ones)."""
    store, rng = season
    store.checkpoint()
    manifest = json.loads((db / "search" / "applied.json").read_text())
    assert manifest["offset"] == (db / "journal.jsonl").stat().st_size
    before = {p.name: p.stat().st_mtime_ns for p in (db / "search").glob("*.gix")}
    _write(store, rng, 3)
    store.checkpoint()
    after = {p.name: p.stat().st_mtime_ns for p in (db / "search").glob("*.gix")}
    for kind in SEARCH_FIELDS:  # the big, older segments stay as they were
        first = manifest["segments"][kind][0]["name"]
        assert after[first] == before[first]
    assert len(set(after) - set(before)) >= 1
    assert [int(r["id"]) for r in TextIndex(db).search("log", "水")] == _scan(db, "log", "水")


def test_a_rebuilt_index_finds_the_same(season, db):
    store, rng = season
    needles = _needles(rng)
    before = {(k, n): [r["id"] for r in TextIndex(db).search(k, n)] for k in SEARCH_FIELDS for n in needles}
    (db / "search" / "applied.json").write_bytes(b"{}")
    after = {(k, n): [r["id"] for r in TextIndex(db).search(k, n)] for k in SEARCH_FIELDS for n in needles}
    assert after == before


def test_a_checkpoint_never_waits_for_a_search_nor_rebuilds_a_season(season, db, monkeypatch):
    """Under the store's lock the index only takes a batch: while a search holds the index
    the checkpoint leaves it (the search reads the tail); a far-behind index is left for the
    next search to rebuild, under the index's own lock."""
    import fcntl
    import os

    store, rng = season
    offset = json.loads((db / "search" / "applied.json").read_text())["offset"]
    fd = os.open(db / "search" / ".lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # a search in another process
        store.checkpoint()
        assert json.loads((db / "search" / "applied.json").read_text())["offset"] == offset
    finally:
        os.close(fd)
    assert [r["id"] for r in TextIndex(db).search("log", "水")] == _scan(db, "log", "水")
    monkeypatch.setattr("dutyroom.store.checkpoint.INDEX_MOST", 1000)
    (db / "search" / "applied.json").unlink()
    _write(store, rng, 3)
    store.checkpoint()
    assert not (db / "search" / "applied.json").exists()
    assert [r["id"] for r in TextIndex(db).search("report", "a")] == _scan(db, "report", "a")
    assert (db / "search" / "applied.json").exists()
