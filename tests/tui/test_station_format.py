"""The sparkline marks its threshold in shape, not colour alone; states read as words."""

from __future__ import annotations

import arrow

from dutyroom.i18n import set_language
from dutyroom.widgets.station_format import BLOCKS, marked_threshold, sparkline, state_text

NOW = arrow.get("2026-07-29T01:00:00+00:00")


def test_cells_above_the_threshold_are_underlined_and_the_threshold_is_drawn_after_it():
    view = {"kind": "river", "warning_level": 27.5, "guarantee_level": 29.0, "latest": {"value": 27.9}}
    series = [(NOW.shift(hours=h), v) for h, v in ((-23, 26.0), (-12, 26.8), (-3, 27.0), (0, 27.9))]
    text = sparkline(series, view, NOW, cells=12)
    plain = text.plain
    assert len(plain) == 14 and plain[12] == "┊"
    assert plain[11] == BLOCKS[-1]  # the reading taken now is in the last cell, at the top
    assert plain[-1] in BLOCKS  # the threshold's own height on the same scale
    underlined = [span for span in text.spans if "underline" in str(span.style)]
    assert [(s.start, s.end) for s in underlined] == [(11, 12)]  # only the cell above 27.5
    assert plain[1] == " "  # no reading in those hours: a blank, not a made-up value


def test_the_marked_threshold_is_the_one_passed_else_the_next():
    levels = {"kind": "reservoir", "flood_limit": 21.0, "warning_level": 22.5}
    assert marked_threshold({**levels, "latest": {"value": 21.2}}) == ("flood_limit", 21.0)
    assert marked_threshold({**levels, "latest": {"value": 20.0}}) == ("flood_limit", 21.0)
    assert marked_threshold({**levels, "latest": {"value": 23.0}}) == ("warning_level", 22.5)
    assert marked_threshold({"kind": "rain", "rain_1h": 30.0}) == ("rain_1h", 30.0)
    assert marked_threshold({"kind": "river"}) is None


def test_rain_adds_up_each_hour_against_the_one_hour_amount():
    view = {"kind": "rain", "rain_1h": 30.0}
    series = [(NOW.shift(minutes=-50), 20.0), (NOW.shift(minutes=-20), 15.0)]  # 35 mm in the hour
    text = sparkline(series, view, NOW, cells=12)
    assert any("underline" in str(s.style) and s.start == 11 for s in text.spans)


def test_states_are_words_in_both_languages():
    set_language("en")
    assert state_text("above_warning").plain == "!! above warning"
    assert state_text("above_3h", short=True).plain == "!! >3 h rain"
    set_language("zh")
    assert state_text("above_flood_limit").plain == "! 超汛限"
    assert state_text("normal").plain == "正常"
