"""How a station reads on screen: state, trend, margin, latest value and the 24 h sparkline.

Shared by the Water & rain pane and the station screen. Nothing is shown by colour
alone: a state has its words and ``!`` marks, a trend its arrow, and the sparkline's
cells at or above the threshold are underlined as well as red, with the threshold's
own height drawn after a ``┊`` at the end (so it reads with NO_COLOR too).
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import arrow
from rich.text import Text

from dutyroom.i18n import t

BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_CELLS = 12
"""Cells of the dashboard's sparkline: 24 h, two hours a cell."""
RAIN = "rain"
LEVEL_THRESHOLDS = ("flood_limit", "warning_level", "guarantee_level")
"""A level station's thresholds, lowest meaning first."""

STATE_MARK = {"above_guarantee": "!!!", "above_warning": "!!", "above_flood_limit": "!",
              "above_24h": "!!", "above_3h": "!!", "above_1h": "!"}
STATE_STYLE = {"above_guarantee": "bold white on red", "above_warning": "bold white on red",
               "above_flood_limit": "bold yellow", "above_24h": "bold white on red",
               "above_3h": "bold white on red", "above_1h": "bold yellow"}
"""Light text on red, not red text: with NO_COLOR Textual draws in greys, and red text on
the dark background all but vanished there."""
TREND_ARROW = {"rising": "↑", "falling": "↓", "steady": "→", "unknown": "·"}
ABOVE_STYLE = "bold bright_red underline"
"""Brighter than plain red, so in NO_COLOR's greys the cells above still show (mid grey
against the light grey of the others) besides their underline."""


def unit(kind: str) -> str:
    return "mm" if kind == RAIN else "m"


def reading_value(value: Any, kind: str | None) -> str:
    """A reading with its unit: levels to the centimetre, rain to a tenth of a millimetre."""
    return f"{number(value, 1 if kind == RAIN else 2)}{unit(str(kind))}"


def number(value: Any, digits: int = 2) -> str:
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return "-"


def state_text(state: str | None, short: bool = False) -> Text:
    """The state in words, with ``!`` marks and a style for the grave ones; never a code.
    ``short``: the pane's few words ("!! >3 h rain") instead of the full label."""
    code = state or "normal"
    mark = STATE_MARK.get(code, "")
    label = t(f"water.state.{code}" if short else f"enum.station_state.{code}")
    return Text(f"{mark} {label}".strip(), style=STATE_STYLE.get(code, ""), no_wrap=True)


def trend_text(trend: str | None) -> Text:
    code = trend or "unknown"
    return Text(TREND_ARROW.get(code, "·"), style="bold" if code == "rising" else "", no_wrap=True)


def trend_words(trend: str | None) -> str:
    code = trend or "unknown"
    return f"{TREND_ARROW.get(code, '·')} {t(f'enum.station_trend.{code}')}"


def kind_label(kind: str | None) -> str:
    return t(f"enum.station_kind.{kind or 'river'}")


def margin_text(view: dict[str, Any]) -> Text:
    """Distance to the next threshold (``-``: none set, or above the highest)."""
    margin = view.get("margin")
    if margin is None:
        return Text("-", no_wrap=True)
    value = float(margin)
    digits = 1 if view.get("kind") == RAIN else 2
    return Text(f"{value:.{digits}f}{unit(str(view.get('kind')))}", no_wrap=True,
                style="bold" if value <= 0 else "")


def latest_parts(view: dict[str, Any], tz: str, now: arrow.Arrow) -> tuple[Text, Text]:
    """(value with its unit, local time) of the newest reading; ``-`` when there is none."""
    latest = view.get("latest")
    if not latest:
        return Text("-", no_wrap=True), Text("-", no_wrap=True)
    at = arrow.get(latest["at"]).to(tz)
    fmt = "HH:mm" if at.date() == now.to(tz).date() else "MM-DD HH:mm"
    return (Text(reading_value(latest.get("value"), view.get("kind")), no_wrap=True),
            Text(at.format(fmt), no_wrap=True))


def marked_threshold(view: dict[str, Any]) -> tuple[str, float] | None:
    """(field, value) of the threshold the sparkline marks, or None when none is set.

    A level: the highest threshold passed, else the next one above the latest value, else
    the lowest set. Rain: the one-hour amount (the sparkline's cells are hourly totals)."""
    if view.get("kind") == RAIN:
        value = view.get("rain_1h")
        return ("rain_1h", float(value)) if value is not None else None
    set_ = [(name, float(view[name])) for name in LEVEL_THRESHOLDS if view.get(name) is not None]
    if not set_:
        return None
    set_.sort(key=lambda pair: pair[1])
    latest = (view.get("latest") or {}).get("value")
    if latest is None:
        return set_[0]
    passed = [pair for pair in set_ if float(latest) >= pair[1]]
    if passed:
        return passed[-1]
    return next(pair for pair in set_ if pair[1] > float(latest))


def hourly(series: Iterable[tuple[arrow.Arrow, float]], start: arrow.Arrow, hours: int,
           rain: bool) -> list[float | None]:
    """One value per hour from ``start``: a level's highest reading, rain's total."""
    out: list[float | None] = [None] * hours
    for at, value in series:
        index = int((at - start).total_seconds() // 3600)
        if index == hours:  # a reading taken this very moment: the last hour's
            index -= 1
        if 0 <= index < hours:
            old = out[index]
            out[index] = (value if old is None else (old + value if rain else max(old, value)))
    return out


def squeeze(values: Sequence[float | None], cells: int) -> list[float | None]:
    """``values`` into ``cells`` cells, each the highest of its share (None: nothing there)."""
    per = max(1, len(values) // cells)
    out: list[float | None] = []
    for i in range(cells):
        part = [v for v in values[i * per:(i + 1) * per] if v is not None]
        out.append(max(part) if part else None)
    return out


def sparkline(series: Sequence[tuple[arrow.Arrow, float]], view: dict[str, Any],
              now: arrow.Arrow, cells: int = SPARK_CELLS, hours: int = 24) -> Text:
    """The last ``hours`` as ``cells`` block glyphs, oldest left, with the threshold marked.

    Cells at or above the threshold are red and underlined; after ``┊`` the threshold's
    own height on the same scale. No reading in a cell's hours: a blank."""
    rain = view.get("kind") == RAIN
    start = now.shift(hours=-hours)
    values = squeeze(hourly(series, start, hours, rain), cells)
    threshold = marked_threshold(view)
    limit = threshold[1] if threshold else None
    known = [v for v in values if v is not None]
    span = known + ([limit] if limit is not None else [])
    text = Text(no_wrap=True)
    if not span:
        return text.append(" " * cells)
    low = 0.0 if rain else min(span)
    high = max(span)

    def glyph(value: float) -> str:
        if high <= low:
            return BLOCKS[len(BLOCKS) // 2]
        return BLOCKS[round((value - low) / (high - low) * (len(BLOCKS) - 1))]

    for value in values:
        if value is None:
            text.append(" ")
        elif limit is not None and value >= limit:
            text.append(glyph(value), style=ABOVE_STYLE)
        else:
            text.append(glyph(value))
    if limit is not None:
        text.append("┊")
        text.append(glyph(limit), style="bold")
    return text
