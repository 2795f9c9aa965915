"""The quick-entry line: #kind, ^R/^T links, @time; unrecognised stays in the text."""

from __future__ import annotations

import pytest

from dutyroom.model.errors import ValidationError
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.quick_entry import log_quick_line, parse_quick_line


def test_parse_tokens():
    line = parse_quick_line("#patrol 沙河水库 水位正常 ^R12 ^t7 @08:30")
    assert (line.kind.value, line.text, line.report_id, line.ticket_id, line.at) == (
        "patrol", "沙河水库 水位正常", 12, 7, "08:30")
    assert parse_quick_line("#巡查 堤防正常").kind.value == "patrol"
    assert parse_quick_line("#pat 堤防").kind.value == "patrol"


def test_unrecognised_stays_in_the_text():
    line = parse_quick_line("#foo 发现 ^X3 @张三 #patrol a@b ^R ^R1x")
    assert line.kind.value == "other"
    assert line.text == "#foo 发现 ^X3 @张三 #patrol a@b ^R ^R1x"


def test_empty_after_tokens_is_an_error():
    with pytest.raises(ValidationError):
        parse_quick_line("#patrol ^R1")


def test_logging_and_errors_write_nothing(ctx):
    entry = log_quick_line(ctx, "#reading 红星水库 34.2m @08:45")
    assert entry.kind.value == "reading" and ctx.local(entry.at).format("HH:mm") == "08:45"
    size = ctx.store.revision()
    for bad in ("文字 ^R99", "文字 @25:99", "#patrol"):
        with pytest.raises(ValidationError):
            log_quick_line(ctx, bad)
    assert ctx.store.revision() == size
    assert len(DutyLog(ctx).all()) == 1


def test_k_links_a_keypoint(ctx):
    assert parse_quick_line("#patrol ^K12 ok ^k3").keypoint_id == 12
    assert parse_quick_line("#patrol ^K12 ok ^k3").text == "ok ^k3"
    size = ctx.store.revision()
    with pytest.raises(ValidationError):
        log_quick_line(ctx, "#patrol ^K99 ok")  # no such key point: nothing written
    assert ctx.store.revision() == size
    point = ctx.store.create("keypoint", {"type": "reservoir", "name": "沙河水库"})
    entry = log_quick_line(ctx, f"#巡查 ^K{point['id']} 坝体正常")
    assert (entry.kind.value, entry.keypoint_id, entry.text) == ("patrol", point["id"], "坝体正常")
