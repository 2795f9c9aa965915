"""The demo's stations (issue #15): a river that passed its warning level in the night, a
reservoir that has just gone above its flood limit, and three rain gauges read every two hours.

Readings are written as the service writes them (a reading and its duty-log entry in one
commit), stamped with their time and the officer on duty. The reservoir's crossing, 20
minutes before "now", is the one threshold escalation the engine finds at the end of the day.
"""

from __future__ import annotations

import math
from typing import Any

from dutyroom.model.station import Reading, ReadingSource, Station, StationKind
from dutyroom.services.demo.day import Day
from dutyroom.services.stations import Stations
from dutyroom.store.store import Create

RIVER = ("清水河 水文站", StationKind.RIVER, 12, {"warning_level": 28.0, "guarantee_level": 29.5})
RESERVOIR = ("沙河水库", StationKind.RESERVOIR, 0, {"flood_limit": 21.5, "guarantee_level": 23.2})
GAUGES = [("江北区 东湖雨量站", [2, 4, 6, 10, 18, 32, 24, 12, 6, 3, 2, 1]),
          ("青山区 红星雨量站", [1, 2, 3, 6, 10, 14, 12, 8, 4, 2, 1, 0]),
          ("江南区 城南雨量站", [0, 1, 2, 4, 8, 16, 20, 18, 9, 4, 2, 1])]
"""Rain in each two hours, from 22 h ago to now: the storm's heart in the night."""
RAIN_THRESHOLDS = {"rain_1h": 30.0, "rain_3h": 50.0, "rain_24h": 150.0}


def river_level(hours_ago: float) -> float:
    """Above 28.0 m from about 9 to 7 hours ago, 28.5 m at the crest 8 hours ago."""
    return round(26.6 + 1.9 * math.exp(-((hours_ago - 8) / 3.5) ** 2), 2)


def reservoir_level(hours_ago: float) -> float:
    """Rising slowly all day, over its 21.5 m limit at the last reading."""
    return round(21.54 - 0.03 * hours_ago, 2)


def stations(day: Day) -> None:
    """Register the stations before the day, then every reading through it."""
    specs: list[tuple[str, StationKind, int | None, dict[str, float]]] = [RIVER, RESERVOIR]
    specs += [(name, StationKind.RAIN, None, RAIN_THRESHOLDS) for name, _ in GAUGES]
    made: dict[str, Station] = {}

    def build() -> list[Any]:
        return [Create("station", Station(name=name, kind=kind, keypoint_id=day.ids["keypoint"].get(point)
                                          if point is not None else None, **levels).payload())
                for name, kind, point, levels in specs]

    def after(stored: list[dict[str, Any]]) -> None:
        for row in stored:
            made[row["name"]] = Station.from_dict(row)

    day.add(day.start.shift(minutes=-30), build, after)
    river_hours = [h for h in range(22, 0, -2)] + [9, 7, 1]
    for hours in sorted(set(river_hours), reverse=True):
        _reading(day, made, RIVER[0], hours, river_level(hours), ReadingSource.SENSOR)
    for hours in range(22, 0, -2):
        _reading(day, made, RESERVOIR[0], hours + 0.1, reservoir_level(hours), ReadingSource.PHONE)
    _reading(day, made, RESERVOIR[0], 20 / 60, reservoir_level(0.33), ReadingSource.PHONE)
    for offset, (name, rain) in enumerate(GAUGES):
        for index, value in enumerate(rain):
            hours = 22 - 2 * index + 0.25 + 0.05 * offset
            if hours > 0:
                _reading(day, made, name, hours, float(value), ReadingSource.SENSOR)


def _reading(day: Day, made: dict[str, Station], name: str, hours_ago: float, value: float,
             source: ReadingSource) -> None:
    moment = day.at(hours_ago)
    day.log_count += 1

    def build() -> list[Any]:
        station = made[name]
        reading = Reading(station_id=int(station.id or 0), at=moment, value=value, source=source)
        entry = Stations(day.ctx).reading_entry(station, reading, author=day.officer(moment))
        return [Create("reading", reading.payload()), Create("log", entry)]

    day.add(moment, build)
