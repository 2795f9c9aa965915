"""A reading from the quick-entry line: ``~沙河水库 21.4`` (optionally ``@08:30``).

The station is named exactly (or by its number); the value is the last number before an
optional ``@time``. Anything else is a clear error and nothing is written: the line
stays in the input for the officer to fix. The reading is recorded as the form records
it (``Stations.add_reading``, source ``phone``), with its duty-log entry.
"""

from __future__ import annotations

import re
from typing import Any

from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.services.context import Context
from dutyroom.services.stations import Stations

PREFIX = "~"
REFUSALS = {"error.reading_negative_rain": "water.refused.negative_rain",
            "error.reading_level_jump": "water.refused.level_jump"}
"""The service's refusals of an implausible value (a reason can override them), and how
the app words them (the service's own words tell a command-line user to add --force)."""
_LINE = re.compile(r"^~\s*(?P<name>.+?)\s+(?P<value>[-+]?\d+(?:\.\d+)?)(?:\s+@(?P<at>\S+))?\s*$")


def is_reading_line(line: str) -> bool:
    return line.lstrip().startswith(PREFIX)


def parse_reading_line(line: str) -> tuple[str, float, str | None]:
    """(station name, value, time text or None); a ValidationError when the line is not one."""
    match = _LINE.match(line.strip())
    if match is None:
        raise ValidationError("water.quick.format", field="text", line=line.strip())
    return " ".join(match.group("name").split()), float(match.group("value")), match.group("at")


def record_quick_reading(ctx: Context, line: str) -> tuple[Any, Any]:
    """(station, reading) recorded from ``line``; nothing is written on any error."""
    name, value, at_text = parse_reading_line(line)
    stations = Stations(ctx)
    try:
        station = stations.require(name)
    except DomainError as error:
        raise ValidationError("water.error.no_station", field="station", value=name) from error
    at = ctx.parse_time(at_text, "at") if at_text else ctx.now()
    return station, stations.add_reading(station.id, value, at=at, source="phone")
