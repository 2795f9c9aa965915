"""Water-level and rain stations (水位站、雨量站) and their readings.

A level station (river, reservoir, lake, tide) has up to three levels in metres: the
flood limit (汛限水位, reservoirs), the warning level (警戒水位) and the guarantee level
(保证水位). A rain gauge has up to three thresholds in millimetres, for the rain summed
over the last 1, 3 and 24 hours; each of its readings is the rain fallen in the interval
that ends at the reading's time.

Everything here is pure: the service reads the readings and hands them in with ``now``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, ClassVar, Iterable, Sequence

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean


class StationKind(Code):
    RIVER = "river"
    RESERVOIR = "reservoir"
    LAKE = "lake"
    TIDE = "tide"
    RAIN = "rain"


class ReadingSource(Code):
    SENSOR = "sensor"
    PHONE = "phone"
    PATROL = "patrol"
    OTHER = "other"


class StationState(Code):
    """Least to most severe within each family (levels, then rain)."""

    NORMAL = "normal"
    ABOVE_FLOOD_LIMIT = "above_flood_limit"
    ABOVE_WARNING = "above_warning"
    ABOVE_GUARANTEE = "above_guarantee"
    ABOVE_1H = "above_1h"
    ABOVE_3H = "above_3h"
    ABOVE_24H = "above_24h"


class StationTrend(Code):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"
    UNKNOWN = "unknown"


SEVERITY: dict[StationState, int] = {
    StationState.NORMAL: 0, StationState.ABOVE_FLOOD_LIMIT: 1, StationState.ABOVE_WARNING: 2,
    StationState.ABOVE_GUARANTEE: 3, StationState.ABOVE_1H: 1, StationState.ABOVE_3H: 2,
    StationState.ABOVE_24H: 3,
}
LEVEL_FIELDS = (("flood_limit", StationState.ABOVE_FLOOD_LIMIT), ("warning_level", StationState.ABOVE_WARNING),
                ("guarantee_level", StationState.ABOVE_GUARANTEE))
RAIN_FIELDS = (("rain_1h", 1, StationState.ABOVE_1H), ("rain_3h", 3, StationState.ABOVE_3H),
               ("rain_24h", 24, StationState.ABOVE_24H))
MAX_VALUE = 100000.0
"""No level (metres above datum) nor rain (mm) is anywhere near this: a typo."""


@dataclasses.dataclass(kw_only=True)
class Station(Record):
    KIND: ClassVar[str] = "station"

    name: str
    kind: StationKind
    keypoint_id: int | None = None
    warning_level: float | None = None
    guarantee_level: float | None = None
    flood_limit: float | None = None
    rain_1h: float | None = None
    rain_3h: float | None = None
    rain_24h: float | None = None

    @property
    def is_rain(self) -> bool:
        return self.kind == StationKind.RAIN

    def level_thresholds(self) -> list[tuple[StationState, float]]:
        """(state, level) for each level this station has, lowest level first."""
        out = [(state, getattr(self, name)) for name, state in LEVEL_FIELDS if getattr(self, name) is not None]
        return sorted(out, key=lambda pair: pair[1])

    def rain_thresholds(self) -> list[tuple[StationState, int, float]]:
        return [(state, hours, getattr(self, name)) for name, hours, state in RAIN_FIELDS
                if getattr(self, name) is not None]


@dataclasses.dataclass(kw_only=True)
class Reading(Record):
    """One observed value: metres above the station's datum, or millimetres of rain."""

    KIND: ClassVar[str] = "reading"

    station_id: int
    at: arrow.Arrow
    value: float
    source: ReadingSource = ReadingSource.PHONE
    force_reason: str = ""
    """Why a value the plausibility checks refused was recorded anyway (``--force``)."""


def number(value: object, field: str, *, positive: bool = False) -> float | None:
    """A finite number from text or a number, None when blank; else a ValidationError naming ``field``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError("error.station_number", field=field, value=str(value))
    try:
        result = float(str(value).strip()) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise ValidationError("error.station_number", field=field, value=str(value)[:40]) from None
    if not math.isfinite(result) or abs(result) > MAX_VALUE or (positive and result <= 0):
        raise ValidationError("error.station_number", field=field, value=str(value)[:40])
    return result


def new_station(*, name: object, kind: str | StationKind, keypoint_id: int | None = None,
                warning_level: object = None, guarantee_level: object = None, flood_limit: object = None,
                rain_1h: object = None, rain_3h: object = None, rain_24h: object = None) -> Station:
    """A validated station: levels only on level stations, rain thresholds only on rain gauges."""
    code = kind if isinstance(kind, StationKind) else StationKind.parse(str(kind or ""), "station_kind")
    levels = {"warning_level": number(warning_level, "warning_level"),
              "guarantee_level": number(guarantee_level, "guarantee_level"),
              "flood_limit": number(flood_limit, "flood_limit")}
    rains = {"rain_1h": number(rain_1h, "rain_1h", positive=True),
             "rain_3h": number(rain_3h, "rain_3h", positive=True),
             "rain_24h": number(rain_24h, "rain_24h", positive=True)}
    wrong = [f for f, v in (rains if code != StationKind.RAIN else levels).items() if v is not None]
    if wrong:
        raise ValidationError("error.station_threshold_kind", field=wrong[0], kind_code=code.value)
    warning, guarantee = levels["warning_level"], levels["guarantee_level"]
    if warning is not None and guarantee is not None and guarantee <= warning:
        raise ValidationError("error.station_guarantee_below", field="guarantee_level",
                              warning=warning, guarantee=guarantee)
    if keypoint_id is not None and (not isinstance(keypoint_id, int) or keypoint_id < 1):
        raise ValidationError("error.bad_id", field="keypoint_id", value=keypoint_id)
    return Station(name=clean(name, "station_name", required=True, max_len=80, single_line=True), kind=code,
                   keypoint_id=keypoint_id, **levels, **rains)


def new_reading(*, station: Station, value: object, at: arrow.Arrow, source: str | ReadingSource = "phone",
                force_reason: object = "") -> Reading:
    value_num = number(value, "value")
    if value_num is None:
        raise ValidationError("error.required", field="value")
    code = source if isinstance(source, ReadingSource) else ReadingSource.parse(str(source or ""), "source")
    return Reading(station_id=int(station.id or 0), at=at.to("UTC").replace(microsecond=0), value=value_num, source=code,
                   force_reason=clean(force_reason, "reason", max_len=500, single_line=True))


DEFAULT_SETTINGS: dict[str, float] = {"approach_margin_m": 0.3, "max_level_step_m": 2.0, "steady_m": 0.02,
                                      "trend_hours": 3}


def settings_from(section: dict[str, object]) -> dict[str, float]:
    """The ``[stations]`` settings over the defaults; a bad value is a ValidationError naming it."""
    out = dict(DEFAULT_SETTINGS)
    for name, value in section.items():
        if name not in DEFAULT_SETTINGS:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValidationError("error.station_setting", field=name, setting=name, value=value)
        out[name] = float(value)
    return out


def check_duplicate(station: Station, existing: Iterable[Station]) -> None:
    """Stations are named by officers: two with one name would make ``reading add NAME`` ambiguous."""
    for other in existing:
        if other.name == station.name:
            raise ValidationError("error.station_duplicate", field="name", name=station.name, id=other.id or "-")


# ---------------------------------------------------------------- plausibility
def implausible(station: Station, value: float, previous: Reading | None, max_step_m: float) -> str | None:
    """Why ``value`` looks wrong (a code), or None: negative rain; a level that jumped more than
    ``max_step_m`` from the reading before it."""
    if station.is_rain:
        return "negative_rain" if value < 0 else None
    if previous is not None and abs(value - previous.value) > max_step_m:
        return "level_jump"
    return None


# ---------------------------------------------------------------- state, trend, margin
@dataclasses.dataclass(frozen=True)
class Assessment:
    latest: Reading | None
    state: StationState
    trend: StationTrend
    margin: float | None
    """Metres (levels) or millimetres (rain) to the next threshold not yet reached; None when
    there is none or no reading."""
    sums: dict[int, float]
    """Rain summed over the last 1, 3 and 24 hours (rain gauges only)."""


def rain_sum(readings: Iterable[Reading], now: arrow.Arrow, hours: int) -> float:
    """The rain of the readings in (now - hours, now]."""
    start = now.shift(hours=-hours)
    return round(sum(r.value for r in readings if start < r.at <= now), 1)


def level_state(station: Station, value: float) -> tuple[StationState, float | None]:
    """The most severe level reached (at or above) and the metres to the next one up."""
    state, margin = StationState.NORMAL, None
    for code, level in station.level_thresholds():
        if value >= level:
            if SEVERITY[code] > SEVERITY[state]:
                state = code
        elif margin is None or level - value < margin:
            margin = level - value
    return state, None if margin is None else round(margin, 2)


def rain_state(station: Station, sums: dict[int, float]) -> tuple[StationState, float | None]:
    state, margin = StationState.NORMAL, None
    for code, hours, threshold in station.rain_thresholds():
        total = sums.get(hours, 0.0)
        if total >= threshold:
            if SEVERITY[code] > SEVERITY[state]:
                state = code
        elif margin is None or threshold - total < margin:
            margin = threshold - total
    return state, None if margin is None else round(margin, 1)


def trend(readings: Sequence[Reading], now: arrow.Arrow, hours: int, steady: float) -> StationTrend:
    """Rising / falling when the last reading of the last ``hours`` differs from the first by
    more than ``steady``; unknown with fewer than two readings in that span."""
    start = now.shift(hours=-hours)
    window = sorted((r for r in readings if start <= r.at <= now), key=lambda r: r.at)
    if len(window) < 2:
        return StationTrend.UNKNOWN
    change = window[-1].value - window[0].value
    if abs(change) <= steady:
        return StationTrend.STEADY
    return StationTrend.RISING if change > 0 else StationTrend.FALLING


def assess(station: Station, readings: Sequence[Reading], now: arrow.Arrow, *, trend_hours: int = 3,
           steady: float = 0.02) -> Assessment:
    """Where ``station`` stands at ``now`` given its recent ``readings`` (at least the last 24 h,
    and its latest reading whenever that was)."""
    past = [r for r in readings if r.at <= now]
    latest = max(past, key=lambda r: (r.at, r.id or 0)) if past else None
    if station.is_rain:
        sums = {hours: rain_sum(past, now, hours) for hours in (1, 3, 24)}
        state, margin = rain_state(station, sums) if latest else (StationState.NORMAL, None)
    else:
        sums = {}
        state, margin = level_state(station, latest.value) if latest else (StationState.NORMAL, None)
    return Assessment(latest, state, trend(past, now, trend_hours, steady), margin, sums)


def run_start(readings: Sequence[Reading], above: Callable[[Reading], bool]) -> Reading | None:
    """The first reading of the run, up to the latest, for which ``above`` holds (None if the
    latest does not hold). ``readings`` must be in time order."""
    start = None
    for reading in reversed(readings):
        if not above(reading):
            break
        start = reading
    return start

