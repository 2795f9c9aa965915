"""``dutyroom.api``: what an SMS gateway or a sensor script does, on real files."""

from __future__ import annotations

import json

import pytest

from dutyroom.api import DataUnavailable, InvalidInput, open_room
from tests.conftest import run_cli


def test_log_add_is_seen_by_the_cli(db, clock):
    with open_room(db, operator="sms-gateway", clock=clock) as room:
        entry = room.log.add("沙河水库 水位 21.3m", kind="reading")
        assert entry.id == 1 and entry.author == "sms-gateway"
        fix = room.log.amend(1, "更正:水位 21.4m")
    rows = json.loads(run_cli(db, "log", "list", "--json").stdout)
    assert [(r["id"], r["kind"], r["author"], r["amends"]) for r in rows] == [
        (1, "reading", "sms-gateway", None), (fix.id, "reading", "sms-gateway", 1)]
    assert rows[0]["text"] == "沙河水库 水位 21.3m" and rows[0]["amended_by"] == [fix.id]


def test_report_add_same_fields_as_cli(db, clock):
    room = open_room(db, operator="sms-gateway", clock=clock)
    report = room.reports.add("积水 50 厘米,一辆车被困", channel="sms", category="waterlogging",
                              location="人民路下穿通道", severity="III", reporter="王建国",
                              phone="138", unit="街道办", trapped=1, told="已通知交警")
    again = room.reports.add("人民路积水", channel="phone", category="waterlogging",
                             location="人民路下穿通道")
    room.close()
    room.close()  # twice is harmless
    assert again.duplicate_of == [report.id]
    shown = json.loads(run_cli(db, "report", "show", str(report.id), "--json").stdout)
    assert shown["location"] == "人民路下穿通道" and shown["severity"] == "III"
    assert shown["channel"] == "sms" and shown["trapped"] == 1 and shown["reporter"] == "王建国"
    log = json.loads(run_cli(db, "log", "list", "--json").stdout)
    assert any(r["report_id"] == report.id and r["author"] == "sms-gateway" for r in log)


@pytest.mark.parametrize("call, field", [
    (lambda room: room.log.add(""), "text"),
    (lambda room: room.log.add("x", kind="nope"), "kind"),
    (lambda room: room.log.add("x", report=99), "report_id"),
    (lambda room: room.log.amend(42, "x"), "amends"),
    (lambda room: room.reports.add("x", channel="pigeon", category="waterlogging", location="A"), "channel"),
    (lambda room: room.reports.add("x", channel="sms", category="waterlogging", location=""), "location"),
])
def test_bad_input_raises_invalid_input_and_writes_nothing(db, clock, call, field):
    with open_room(db, operator="sensor-7", lang="en", clock=clock) as room:
        room.log.add("ok")
        before = (db / "journal.jsonl").read_bytes()
        with pytest.raises(InvalidInput) as caught:
            call(room)
        assert isinstance(caught.value, ValueError)
        assert caught.value.field == field
        assert caught.value.message and "." not in caught.value.message.split()[0]  # a sentence, not a key
        assert (db / "journal.jsonl").read_bytes() == before


def test_operator_is_cleaned_and_required(db, clock):
    with pytest.raises(InvalidInput):
        open_room(db, operator="  \x07\t ", clock=clock)
    with open_room(db, operator="sms\x1b[2J-gateway\n", clock=clock) as room:
        assert room.log.add("x").author == "sms[2J-gateway"


def test_unusable_data_raises_data_unavailable(tmp_path, clock):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    with pytest.raises(DataUnavailable):
        open_room(not_a_dir, operator="sms-gateway", clock=clock)
