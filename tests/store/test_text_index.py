"""The text index: derived from the journal, catches up by itself, rebuilt when it does not fit,
and never the record (every hit is checked on the record itself)."""

from __future__ import annotations

import json
import shutil

import arrow
import pytest

from dutyroom.services.duty_log import DutyLog
from dutyroom.services.reports import Reports
from dutyroom.services.search import search_log, search_reports, search_tickets
from dutyroom.services.tickets import Tickets
from dutyroom.store import Store
from dutyroom.store.text_index import TextIndex
from tests.conftest import run_cli


def _ids(rows):
    return [r.id for r in rows]


def _officers(entries):
    """What officers wrote (system entries about reports and tickets repeat their text)."""
    return [e.text for e in entries if not e.system]


@pytest.fixture
def filled(ctx):
    log = DutyLog(ctx)
    log.add("沙河水库 水位 21.3m", kind="reading")
    log.add("Pump station B restarted", kind="action")
    log.add("红星水库 巡查无异常", kind="patrol")
    reports = Reports(ctx)
    reports.add(channel="phone", category="waterlogging", location="人民路下穿通道",
                text="积水 50 厘米", reporter="王建国")
    reports.add(channel="sms", category="embankment", location="江北大堤 K3",
                text="背水坡渗水", reporter="李四")
    tickets = Tickets(ctx)
    tickets.add("坝脚渗水", hazard="reservoir", location="沙河水库大坝")
    return ctx


def test_finds_by_each_field_case_insensitive(filled):
    ctx = filled
    assert _officers(search_log(ctx, "水库")) == ["沙河水库 水位 21.3m", "红星水库 巡查无异常"]
    assert [e.text for e in search_log(ctx, "PUMP")] == ["Pump station B restarted"]
    assert [r.location for r in search_reports(ctx, "王建国")] == ["人民路下穿通道"]  # reporter
    assert [r.location for r in search_reports(ctx, "k3")] == ["江北大堤 K3"]  # location
    assert [r.location for r in search_reports(ctx, "渗水")] == ["江北大堤 K3"]  # text
    assert [t.location for t in search_tickets(ctx, "大坝")] == ["沙河水库大坝"]
    assert search_log(ctx, "nowhere") == [] and search_log(ctx, "   ") == []


def test_catches_up_with_another_process_and_follows_changes(filled, db, clock):
    ctx = filled
    assert len(_officers(search_log(ctx, "水库"))) == 2  # the index exists now
    other = Store(db, now=clock.now, operator="李明", station="local")
    other.open()
    other.create("log", {**DutyLog(ctx).get(1).payload(), "text": "水库 第三条"})
    assert _officers(search_log(ctx, "水库"))[-1] == "水库 第三条"
    ticket = search_tickets(ctx, "大坝")[0]
    other.update("ticket", ticket.id, {"location": "红星水库溢洪道"}, ticket.version)
    assert search_tickets(ctx, "大坝") == []  # the old location no longer matches
    assert _ids(search_tickets(ctx, "溢洪道")) == [ticket.id]


def test_follow_up_finds_its_chain(filled):
    ctx = filled
    head = search_reports(ctx, "王建国")[0]
    Reports(ctx).follow_up(head.id, "车辆已拖离,积水退去")
    assert _ids(search_reports(ctx, "拖离")) == [head.id]


def _segment(db, kind="log"):
    return next((db / "search").glob(f"{kind}-*.gix"))


@pytest.mark.parametrize("damage", ["no_applied", "garbage_applied", "truncated_file", "garbage_appended",
                                    "garbage_header", "missing_segment", "no_folder",
                                    "other_journal_head"])
def test_damaged_index_is_rebuilt_from_the_journal(filled, db, damage):
    ctx = filled
    expected = _ids(search_log(ctx, "水库"))
    folder = db / "search"
    segment = _segment(db)
    if damage == "no_applied":
        (folder / "applied.json").unlink()
    elif damage == "garbage_applied":
        (folder / "applied.json").write_bytes(b"\x00{not json")
    elif damage == "truncated_file":
        segment.write_bytes(segment.read_bytes()[:10])
    elif damage == "garbage_appended":
        with open(segment, "ab") as out:
            out.write(b"\xff\xfe garbage")
    elif damage == "garbage_header":
        segment.write_bytes(b"\xff" * segment.stat().st_size)
    elif damage == "missing_segment":
        segment.unlink()
    elif damage == "no_folder":
        shutil.rmtree(folder)
    elif damage == "other_journal_head":
        applied = json.loads((folder / "applied.json").read_text())
        applied["head"] = "0" * 64
        (folder / "applied.json").write_text(json.dumps(applied))
    assert _ids(search_log(ctx, "水库")) == expected
    assert json.loads((folder / "applied.json").read_text())["offset"] == (db / "journal.jsonl").stat().st_size


def test_a_lying_segment_is_not_believed(filled, db):
    """Offsets altered to point at another record's line (same size, so the search does not
    notice the file) find no false record: every hit is checked on the record itself."""
    ctx = filled
    ctx.store.checkpoint()
    segment = _segment(db)
    data = bytearray(segment.read_bytes())
    offsets = data[-8 * 3:]  # the log segment's three offsets (u64 each), at the end
    data[-8 * 3:] = offsets[8:16] + offsets[:8] + offsets[16:]
    segment.write_bytes(bytes(data))
    texts = _officers(search_log(ctx, "pump"))
    assert texts == ["Pump station B restarted"]


def test_verify_names_a_forged_segment_and_rebuilds_it(filled, db):
    """A same-size edit of a segment (postings that could hide a record) is found by verify
    through the digest the index recorded, reported with its name, and the index rebuilt."""
    ctx = filled
    ctx.store.checkpoint()
    segment = _segment(db)
    data = bytearray(segment.read_bytes())
    data[30] ^= 0xFF
    segment.write_bytes(bytes(data))
    result = run_cli(db, "verify")
    assert result.returncode != 0
    assert f"search/{segment.name}" in result.stdout + result.stderr
    assert _officers(search_log(ctx, "水库")) == ["沙河水库 水位 21.3m", "红星水库 巡查无异常"]
    assert run_cli(db, "verify").returncode == 0


def test_journal_replaced_by_an_older_backup(filled, db, ctx):
    backup = db.parent / "backup.jsonl"
    shutil.copy(db / "journal.jsonl", backup)
    DutyLog(ctx).add("水库 备份之后", kind="reading")
    assert len(_officers(search_log(ctx, "水库"))) == 3
    shutil.copy(backup, db / "journal.jsonl")  # the journal is what it was at the backup
    assert _officers(search_log(ctx, "水库")) == ["沙河水库 水位 21.3m", "红星水库 巡查无异常"]


def test_time_range_limits_the_days(ctx, clock):
    log = DutyLog(ctx)
    log.add("水库 第一天")
    clock.advance(days=2)
    log.add("水库 第三天")
    start = clock.now().shift(hours=-1)
    assert [e.text for e in search_log(ctx, "水库", start=start)] == ["水库 第三天"]
    assert [e.text for e in search_log(ctx, "水库", end=start)] == ["水库 第一天"]
    index = TextIndex(ctx.store.root)
    day = arrow.get(clock.now()).format("YYYY-MM-DD")
    assert [r["text"] for r in index.search("log", "水库", first_day=day)] == ["水库 第三天"]


def test_cli_search_on_log_reports_tickets(db):
    def ok(*args):
        result = run_cli(db, *args)
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    ok("log", "add", "沙河水库 水位 21.3m", "--kind", "reading")
    ok("report", "add", "--channel", "phone", "--category", "waterlogging", "--location",
       "人民路下穿通道", "--reporter", "王建国", "积水 50 厘米")
    ok("ticket", "add", "--location", "建设路 12 号", "--hazard", "dilapidated_house", "墙体开裂")
    assert [r["text"] for r in json.loads(ok("log", "list", "--search", "沙河", "--json"))] == ["沙河水库 水位 21.3m"]
    assert [r["location"] for r in json.loads(ok("report", "list", "--search", "王建国", "--json"))] == ["人民路下穿通道"]
    assert json.loads(ok("report", "list", "--search", "nothing", "--json")) == []
    assert [r["id"] for r in json.loads(ok("ticket", "list", "--search", "建设路", "--json"))] == [1]
    assert [r["id"] for r in json.loads(ok("ticket", "list", "--search", "建设路", "--open", "--json"))] == [1]
    (db / "search" / "applied.json").write_bytes(b"garbage")
    result = run_cli(db, "ticket", "list", "--search", "墙体")
    assert result.returncode == 0 and "墙体开裂" in result.stdout
    for segment in (db / "search").glob("*.gix"):
        segment.write_bytes(b"garbage")
    for kind, term, found in (("log", "沙河", "沙河水库"), ("report", "王建国", "人民路"),
                              ("ticket", "墙体", "墙体开裂")):
        result = run_cli(db, kind, "list", "--search", term)
        assert result.returncode == 0, result.stderr
        assert found in result.stdout


def test_an_index_that_cannot_be_written_falls_back_to_reading_the_state(filled, db):
    """An account that may read the data but not create ``search/`` still finds what is there."""
    ctx = filled
    expected = _officers(search_log(ctx, "水库"))
    shutil.rmtree(db / "search")
    (db / "search").write_text("not a folder")  # any OSError on the index: the same path
    assert _officers(search_log(ctx, "水库")) == expected
    assert [r.location for r in search_reports(ctx, "王建国")] == ["人民路下穿通道"]


@pytest.mark.parametrize("state", ["no_manifest", "old_format", "other_journal"])
def test_verify_rebuilds_without_alarm_an_index_that_is_only_missing_or_outdated(filled, db, state):
    """Not tampering: an index never built, one of an older version, one of a restored journal."""
    ctx = filled
    search_log(ctx, "水库")
    manifest = db / "search" / "applied.json"
    if state == "no_manifest":
        manifest.unlink()
    elif state == "old_format":
        manifest.write_text(json.dumps({"format": 2, "offset": 0, "head": "", "sizes": {}}))
    else:
        applied = json.loads(manifest.read_text())
        applied["head"] = "0" * 64
        manifest.write_text(json.dumps(applied))
    result = run_cli(db, "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(manifest.read_text())["offset"] == (db / "journal.jsonl").stat().st_size


def test_verify_names_a_garbage_manifest(filled, db):
    search_log(filled, "水库")
    (db / "search" / "applied.json").write_bytes(b"\x00garbage")
    result = run_cli(db, "verify")
    assert result.returncode != 0 and "search/applied.json" in result.stdout + result.stderr
    assert run_cli(db, "verify").returncode == 0
