"""Times as officers type them, and outside text cleaned at intake."""

from __future__ import annotations

import arrow
import pytest

from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind, new_log_entry
from dutyroom.model.text import clean, strip_controls
from dutyroom.model.timeinput import iso, parse_time

TZ = "Asia/Shanghai"
NOW = arrow.get("2026-07-29T01:00:00+00:00")  # 09:00 local


@pytest.mark.parametrize("text, expected", [
    ("now", "2026-07-29T01:00:00+00:00"),
    ("", "2026-07-29T01:00:00+00:00"),
    ("-15m", "2026-07-29T00:45:00+00:00"),
    ("-2h", "2026-07-28T23:00:00+00:00"),
    ("+1d", "2026-07-30T01:00:00+00:00"),
    ("08:30", "2026-07-29T00:30:00+00:00"),
    ("2026-07-28 23:50", "2026-07-28T15:50:00+00:00"),
    ("2026-07-28T23:50:00+08:00", "2026-07-28T15:50:00+00:00"),
    ("2026/07/28 06:00", "2026-07-27T22:00:00+00:00"),
    ("07-28 06:00", "2026-07-27T22:00:00+00:00"),
])
def test_parse_time(text, expected):
    assert iso(parse_time(text, NOW, TZ)) == expected


def test_clock_time_is_the_nearest_one():
    just_after_midnight = arrow.get("2026-07-28T16:10:00+00:00")  # 00:10 local on the 29th
    assert iso(parse_time("23:50", just_after_midnight, TZ)) == "2026-07-28T15:50:00+00:00"
    assert iso(parse_time("00:30", just_after_midnight, TZ)) == "2026-07-28T16:30:00+00:00"


@pytest.mark.parametrize("bad", ["25:00", "12:61", "yesterday", "-15x", "2026-13-01", "abc"])
def test_bad_times_are_validation_errors(bad):
    with pytest.raises(ValidationError) as info:
        parse_time(bad, NOW, TZ)
    assert info.value.key == "error.bad_time"


def test_strip_controls_removes_what_a_terminal_obeys():
    hostile = "a\x1b]52;c;ZXZpbA==\x07b\x1b[2Jc\x9bd\u202ee\u2066f\x00g\r\nh\tok"
    cleaned = strip_controls(hostile)
    for ch in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\x00", "\r"):
        assert ch not in cleaned
    assert "\n" in cleaned and "\t" in cleaned
    assert clean("[bold]x[/]", "text") == "[bold]x[/]"  # markup is data, kept literally


def test_clean_validates_required_and_length():
    with pytest.raises(ValidationError) as info:
        clean("  \x1b ", "text", required=True)
    assert info.value.key == "error.required" and info.value.field == "text"
    with pytest.raises(ValidationError) as info:
        clean("x" * 11, "text", max_len=10)
    assert info.value.key == "error.too_long"


def test_log_entry_validation():
    entry = new_log_entry(text=" 巡查 ", kind="patrol", at=NOW, author="张伟")
    assert entry.kind is LogKind.PATROL and entry.text == "巡查"
    with pytest.raises(ValidationError):
        new_log_entry(text="x", kind="bogus", at=NOW, author="张伟")
    with pytest.raises(ValidationError):
        new_log_entry(text="x", at=NOW, author="张伟", amends=0)
    round_trip = type(entry).from_dict(entry.to_dict())
    assert round_trip == entry


def test_from_iso_reads_stored_times_as_arrow_get_does():
    import arrow

    from dutyroom.model.timeinput import from_iso

    samples = ["2026-07-29T01:00:00+00:00", "2026-07-29T09:00:00+08:00", "2026-07-29T01:00:00.123456+00:00",
               "2026-07-29T01:00:00Z", "2026-07-29T01:00:00", "2026-07-29", "2026-07-29 09:30:00+08:00",
               arrow.get("2026-07-29T01:00:00+00:00"), 1785286800]
    for value in samples:
        mine, theirs = from_iso(value), arrow.get(value)
        assert isinstance(mine, arrow.Arrow)
        assert mine == theirs and mine.utcoffset() == theirs.utcoffset(), value
