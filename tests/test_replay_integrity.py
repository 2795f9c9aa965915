"""Every replay checks the whole span it reads, lines 1..N, even where a snapshot covers it.

The day of ``tests/test_replay.py`` is scripted (real journal), the replay cache is built
with a snapshot every 2 lines (``DUTYROOM_REPLAY_SNAPSHOT_LINES``), and only then is an old
line (line 1, long before the newest snapshot) edited in the journal file, keeping its
length, so every snapshot's line and hash still fit. ``replay --at`` (the real CLI), the
read-only app's banner and the ``timeline`` must name the break at line 1, not say
"record intact"; with the edit reverted they say intact again.
"""

from __future__ import annotations

import json

from dutyroom.i18n import set_language
from dutyroom.replay_app import ReplayApp
from dutyroom.services.replay import ReplaySession
from dutyroom.store import replay_cache
from dutyroom.widgets.replay_banner import ReplayBanner
from tests.conftest import run_cli
from tests.test_replay import _script

PLACE, EDITED = "人民路下穿通道".encode(), "人民路地下通道".encode()
SMALL = {"DUTYROOM_REPLAY_SNAPSHOT_LINES": "2"}


def _replay(db, moment, *extra):
    result = run_cli(db, "replay", "--at", moment.isoformat(), *extra, **SMALL)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _timeline_first_line(db, start, end):
    result = run_cli(db, "timeline", "--from", start.isoformat(), "--to", end.isoformat(),
                     "--format", "csv", **SMALL)
    assert result.returncode == 0, result.stderr
    return result.stdout.lstrip("\ufeff").splitlines()[0]


def _edit_line_one(db, old: bytes, new: bytes) -> None:
    journal = db / "journal.jsonl"
    data = journal.read_bytes()
    first = data.index(b"\n")
    assert old in data[:first] and len(old) == len(new)
    journal.write_bytes(data[:first].replace(old, new, 1) + data[first:])


def _snapshots(db):
    return json.loads((db / "cache" / "replay" / "index.json").read_text())["snapshots"]


def test_an_old_line_edited_after_the_cache_was_built_is_named(ctx, clock, db, store):
    seen, _a, _b = _script(ctx, clock)
    start, moment = seen["before_close"][0].shift(hours=-2), clock.now()
    store.close()
    assert _replay(db, moment).splitlines()[0].startswith("记录完整")  # builds the cache
    snapshots = _snapshots(db)
    assert len(snapshots) >= 3 and all(s["digest"] for s in snapshots)

    _edit_line_one(db, PLACE, EDITED)
    first = _replay(db, moment).splitlines()[0]
    assert first.startswith("记录不完整") and "第 1 行" in first, first
    data = json.loads(_replay(db, moment, "--json"))
    assert data["integrity"]["intact"] is False and data["integrity"]["breaks"][0]["line"] == 1
    assert data["integrity"]["checked_from_line"] == 1
    english = _replay(db, moment, "--lang", "en").splitlines()[0]
    assert english.startswith("Record NOT intact: the hash chain breaks at line 1 "), english
    timeline = _timeline_first_line(db, start, moment)
    assert "记录不完整" in timeline and "第 1 行" in timeline, timeline

    _edit_line_one(db, EDITED, PLACE)  # reverted: the same bytes the chain check passed
    assert _replay(db, moment).splitlines()[0].startswith("记录完整")
    assert json.loads(_replay(db, moment, "--json"))["integrity"]["intact"] is True
    assert _timeline_first_line(db, start, moment).startswith("记录完整")


async def test_the_replay_app_banner_names_an_old_edited_line(ctx, clock, db, store, monkeypatch):
    seen, _a, _b = _script(ctx, clock)
    monkeypatch.setattr(replay_cache, "SNAPSHOT_LINES", 2)
    set_language("en")
    moment = clock.now()
    ReplaySession(ctx, moment).close()  # builds the cache
    assert len(_snapshots(db)) >= 3

    async def banner() -> str:
        app = ReplayApp(ReplaySession(ctx, moment))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return app.screen.query_one(ReplayBanner).line

    _edit_line_one(db, PLACE, EDITED)
    assert "record NOT intact (line 1)" in await banner()
    _edit_line_one(db, EDITED, PLACE)
    assert "NOT intact" not in await banner()
