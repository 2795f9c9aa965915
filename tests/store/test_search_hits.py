"""Search hits as ids (what the log pane pages through): exactly the records a plain scan
of the journal finds, for needles answered by the postings alone (one or two characters
in the duty log) and for those checked line by line; a page loads only its own records."""

from __future__ import annotations

from datetime import datetime

import orjson

from dutyroom.store.search_hits import exact_postings, find_hits
from dutyroom.store.text_index import SEARCH_FIELDS, TextIndex, fold
from tests.store.test_text_index_exact import _needles, _scan, season  # noqa: F401 - the fixture


def test_hit_ids_are_a_plain_scan_of_the_journal(season, db):  # noqa: F811
    _store, rng = season
    index = TextIndex(db)
    needles = _needles(rng)
    assert any(exact_postings("log", fold(n), (None, None), None) for n in needles)
    assert any(not exact_postings("log", fold(n), (None, None), None) for n in needles)
    for kind in SEARCH_FIELDS:
        for needle in needles:
            hits = find_hits(index, kind, needle)
            assert hits.ids == _scan(db, kind, needle), (kind, needle)
            assert hits.total == len(hits.ids)


def test_pages_run_newest_first_and_load_only_their_records(season, db):  # noqa: F811
    _store, _rng = season
    hits = find_hits(TextIndex(db), "log", "水")
    assert hits.total > 40
    pages = [hits.newest(start, 15) for start in range(0, hits.total, 15)]
    assert all(len(page) == 15 for page in pages[:-1]) and 0 < len(pages[-1]) <= 15
    assert [r["id"] for page in pages for r in page] == sorted(hits.ids, reverse=True)
    assert all("水" in r["text"] for page in pages for r in page)
    assert hits.newest(hits.total, 15) == [] and hits.newest(0, 0) == []


def test_days_and_a_check_on_the_record_narrow_the_hits(season, db):  # noqa: F811
    store, _rng = season
    store.create("log", {"at": "2026-06-03T05:00:00+00:00", "kind": "action", "text": "水 泵站 开启"})
    store.create("log", {"at": "2026-06-03T09:00:00+00:00", "kind": "patrol", "text": "水 巡查"})
    index = TextIndex(db)
    everywhere = find_hits(index, "log", "水").ids
    on_day = find_hits(index, "log", "水", "2026-06-03", "2026-06-03")
    assert len(on_day.ids) == 2 and set(on_day.ids) < set(everywhere)
    early = datetime.fromisoformat("2026-06-03T06:00:00+00:00")
    actions = find_hits(index, "log", "水", where=lambda d: d["kind"] == "action"
                        and datetime.fromisoformat(d["at"]) < early)
    journal = [orjson.loads(raw) for raw in (db / "journal.jsonl").read_bytes().splitlines()]
    expected = sorted(op["id"] for line in journal for op in line.get("ops", ())
                      if op["kind"] == "log" and "水" in op["data"]["text"] and op["data"]["kind"] == "action")
    assert actions.ids == expected and actions.ids[-1] == on_day.ids[0]


def test_refreshed_catches_up_with_the_commits_since_and_stays_exact(season, db):  # noqa: F811
    store, rng = season
    index = TextIndex(db)
    before = {(kind, needle): find_hits(index, kind, needle) for kind in SEARCH_FIELDS
              for needle in ("水", "水库", "巡查 ", "b")}
    store.create("log", {"at": "2026-06-04T01:00:00+00:00", "kind": "patrol", "text": "水库 巡查 B"})
    report = next(r for r in store.open_records("report") if "水" in (r.get("text") or ""))
    store.update("report", report["id"], {"text": "已处置", "location": "-", "reporter": "-"}, report["version"])
    for (kind, needle), hits in before.items():
        refreshed = hits.refreshed()
        assert refreshed.ids == _scan(db, kind, needle) == find_hits(index, kind, needle).ids, (kind, needle)
        assert refreshed.end == (db / "journal.jsonl").stat().st_size
    assert before[("report", "水")].total == len(before[("report", "水")].refreshed().ids) + 1
    stale = before[("log", "水")]
    stale.head = "0" * 64  # not the journal these hits came from (a restored backup)
    assert stale.refreshed().ids == _scan(db, "log", "水")


def test_a_needle_holding_the_index_end_mark_is_checked_line_by_line(season, db):  # noqa: F811
    """The index marks the end of each field's text with U+FFFF; a needle holding it (a
    hostile or garbled argument) must not be answered by the postings of "x" + mark."""
    store, _rng = season
    store.create("log", {"at": "2026-06-04T01:00:00+00:00", "kind": "patrol", "text": "巡查 水"})
    store.checkpoint()
    assert find_hits(TextIndex(db), "log", "水\uffff").ids == []
