"""The store on real files: ids, versions, stale updates, partitions, the open mirror."""

from __future__ import annotations

import pytest

from dutyroom.store import Create, RecordNotFound, StaleRecord, Store, Update


def test_create_get_update_versions(store: Store, clock):
    rec = store.create("report", {"received_at": clock.now().isoformat(), "text": "积水",
                                  "open": True})
    assert rec["id"] == 1 and rec["version"] == 1 and rec["created_by"] == "张伟"
    clock.advance(minutes=5)
    new = store.update("report", 1, {"text": "积水 40cm"}, expected_version=1)
    assert new["version"] == 2 and new["updated_at"] != rec["created_at"]
    assert store.get("report", 1)["text"] == "积水 40cm"
    assert [r["id"] for r in store.open_records("report")] == [1]
    store.update("report", 1, {"open": False}, expected_version=2)
    assert store.open_records("report") == []
    assert store.get("report", 1)["open"] is False


def test_stale_update_is_refused_with_who_and_when(store: Store, db, clock):
    store.create("ticket", {"text": "裂缝", "open": True})
    other = Store(db, now=clock.now, operator="李娜", station="10.0.0.7")
    other.open()
    other.update("ticket", 1, {"text": "裂缝扩大"}, expected_version=1)
    with pytest.raises(StaleRecord) as info:
        store.update("ticket", 1, {"text": "我的修改"}, expected_version=1)
    assert info.value.params["by"] == "李娜"
    assert store.get("ticket", 1)["text"] == "裂缝扩大"


def test_unknown_record(store: Store):
    with pytest.raises(RecordNotFound):
        store.update("ticket", 42, {"text": "x"}, expected_version=1)


def test_commit_is_atomic_and_numbers_per_kind(store: Store, clock):
    at = clock.now().isoformat()
    records = store.commit([Create("log", {"at": at, "text": "a"}),
                            Create("log", {"at": at, "text": "b"}),
                            Create("report", {"received_at": at, "text": "c", "open": True})])
    assert [(r["id"]) for r in records] == [1, 2, 1]
    with pytest.raises(RecordNotFound):
        store.commit([Create("log", {"at": at, "text": "d"}), Update("report", 9, {"x": 1})])
    assert store.get("log", 3) is None  # the failed commit wrote nothing


def test_day_partitions_and_between(store: Store, clock):
    for day in range(3):
        store.create("log", {"at": clock.now().shift(days=day).isoformat(), "text": f"d{day}"})
    assert store.days("log") == ["2026-07-29", "2026-07-30", "2026-07-31"]
    got = store.between("log", clock.now().shift(days=1), clock.now().shift(days=2))
    assert [r["text"] for r in got] == ["d1", "d2"]


def test_registry_kinds_live_in_one_file(store: Store, db):
    store.create("keypoint", {"name": "沙河水库", "type": "reservoir"})
    assert [k["name"] for k in store.all("keypoint")] == ["沙河水库"]  # from the journal tail
    store.checkpoint()
    assert (db / "state" / "registry.json").exists()
    assert [k["name"] for k in store.all("keypoint")] == ["沙河水库"]


def test_other_process_sees_change_through_revision(store: Store, db, clock):
    before = store.revision()
    other = Store(db, now=clock.now, operator="李娜")
    other.open()
    other.create("log", {"at": clock.now().isoformat(), "text": "另一进程"})
    assert store.revision() > before
    changes, end = store.changes_since(before)
    assert [c.records for c in changes] == [[("log", 1, "create")]]
    assert changes[0].operator == "李娜" and end == store.revision()
    assert store.get("log", 1)["text"] == "另一进程"


def test_history_records_who_what_where(store: Store, clock):
    store.create("ticket", {"text": "a", "open": True})
    store.update("ticket", 1, {"text": "b"}, expected_version=1)
    history = store.history("ticket", 1)
    assert [h["op"] for h in history] == ["create", "update"]
    assert history[1]["changes"] == {"text": ["a", "b"]}
    assert history[1]["operator"] == "张伟" and history[1]["station"] == "local"


def test_crash_after_journal_is_completed_and_leftovers_cleaned(db, clock):
    """Killed after the journal line (confirmed) but before the state: the next open finishes it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DUTYROOM_CRASH_AT": "after-journal:2"}
    proc = subprocess.run([sys.executable, "tests/store/writer.py", str(db), "5", "w"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == -9
    confirmed = [line.split()[1] for line in proc.stdout.splitlines()]
    assert confirmed == ["1"]  # the second commit's line is on disk but was never reported
    leftover = db / "state" / "log" / ".2026-07-29.json.tmp-999-abcd"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_text("{half")
    s = Store(db, now=clock.now, operator="x")
    s.open()
    assert s.get("log", 1) is not None and s.get("log", 2) is not None
    s.checkpoint()  # the next checkpoint clears what a crash left behind
    assert not leftover.exists()
    assert s.get("log", 1) is not None and s.get("log", 2) is not None


def test_duty_log_entries_cannot_be_changed(store: Store, clock):
    from dutyroom.store.errors import AppendOnly

    store.create("log", {"at": clock.now().isoformat(), "text": "原始记录"})
    with pytest.raises(AppendOnly):
        store.update("log", 1, {"text": "偷偷改掉"})
    assert store.get("log", 1)["text"] == "原始记录"


def test_a_data_directory_of_the_previous_layout_is_rebuilt_and_the_old_state_kept(db, clock):
    """Before the checkpoint design: meta.json without digests, state/index.txt."""
    import orjson

    from dutyroom.store.verify import verify

    old = Store(db, now=clock.now, operator="张伟")
    old.open()
    old.create("log", {"at": clock.now().isoformat(), "text": "旧格式的记录"})
    old.create("report", {"received_at": clock.now().isoformat(), "text": "积水", "open": True})
    old.checkpoint()
    (db / "state" / "meta.json").write_bytes(orjson.dumps(
        {"format": 1, "applied_seq": 2, "applied_offset": old.journal.size(),
         "head": old.journal.last_line().hash, "next_id": {"log": 2, "report": 2}}))
    (db / "state" / "index.txt").write_text("log\t1\t2026-07-29\nreport\t1\t2026-07-29\n")
    s = Store(db, now=clock.now, operator="李娜")
    s.open()
    assert list(db.glob("state.set-aside-*/index.txt"))
    assert s.get("log", 1)["text"] == "旧格式的记录"
    assert [r["id"] for r in s.open_records("report")] == [1]
    assert verify(s).ok


def test_the_read_cache_is_bounded_by_size(store: Store, clock):
    """A season of day files read one after another: the cache keeps at most its byte limit."""
    from dutyroom.store import storage

    for day in range(30):
        at = clock.now().shift(days=day).isoformat()
        store.commit([Create("log", {"at": at, "text": "长" * 2000}) for _ in range(20)])
    store.checkpoint()
    limit = storage.CACHE_BYTES
    storage.CACHE_BYTES = 200_000
    try:
        for day in store.days("log"):
            assert len(store.day_records("log", day)) == 20
            assert storage.cached_bytes() <= 200_000 + 130_000  # the newest file always stays
    finally:
        storage.CACHE_BYTES = limit


def test_a_live_session_checkpoints_a_big_tail_when_quiet_never_each_write(store: Store, clock, db):
    from dutyroom.store import checkpoint, store as store_module

    ticks = [0.0]
    store.create("log", {"at": clock.now().isoformat(), "text": "一条"})
    store.idle(lambda: ticks[0])
    ticks[0] += store_module.IDLE_CHECKPOINT_S + 1
    store.idle(lambda: ticks[0])
    assert not (db / "state" / "meta.json").exists()  # one write is not worth a day file
    for i in range(checkpoint.CHECKPOINT_LINES // 2):
        store.create("log", {"at": clock.now().isoformat(), "text": f"{i}"})
    store.idle(lambda: ticks[0])
    ticks[0] += store_module.IDLE_CHECKPOINT_S + 1
    store.idle(lambda: ticks[0])
    assert (db / "state" / "meta.json").exists()
