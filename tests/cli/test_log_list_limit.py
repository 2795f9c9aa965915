"""``dutyroom log list --limit N``: the newest N entries (by event time) of what the same
command lists without it, still oldest first; with ``--search`` only those are read."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def _ids(db, *args: str) -> list[int]:
    result = run_cli(db, "log", "list", *args, "--json")
    assert result.returncode == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


def test_limit_keeps_the_newest_by_event_time(db):
    texts = [("沙河水库 巡查 1", "2026-07-20 08:00"), ("沙河水库 巡查 2", "2026-07-21 08:00"),
             ("东湖 巡查", "2026-07-21 09:00"), ("沙河水库 巡查 3", "2026-07-22 08:00"),
             ("沙河水库 补记", "2026-07-21 23:00"),  # written last, back-dated into the day before
             ("沙河水库 巡查 4", "2026-07-22 10:00")]
    for text, at in texts:
        assert run_cli(db, "log", "add", text, "--kind", "patrol", "--at", at).returncode == 0
    everything = _ids(db, "--search", "沙河")
    assert everything == [1, 2, 5, 4, 6]  # oldest first, by event time
    assert _ids(db, "--search", "沙河", "--limit", "3") == everything[-3:]
    assert _ids(db, "--search", "沙", "--limit", "2") == [4, 6]  # one character: the postings alone
    assert _ids(db, "--search", "沙河", "--limit", "99") == everything
    assert _ids(db, "--search", "沙河", "--limit", "0") == []
    assert _ids(db, "--search", "巡查", "--kind", "patrol", "--until", "2026-07-21 12:00", "--limit", "2") == [2, 3]
    assert _ids(db, "--limit", "2") == [4, 6]
    bad = run_cli(db, "log", "list", "--limit", "-1")
    assert bad.returncode == 2 and "-1" in bad.stderr and "Traceback" not in bad.stderr
