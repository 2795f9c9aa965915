"""Stations above a threshold in a span, with their peak: for the handover and the daily bulletin.

A level station counts when any reading of the span, or the last one before it (a level
stands until it is read again), is at or above one of its levels; a rain gauge when its 1, 3
or 24 h rain at any reading of the span reached a threshold. The peak is the highest of
those readings (for a rain gauge: the heaviest single reading).
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.model.station import SEVERITY, Reading, Station, StationState, level_state, rain_state, rain_sum
from dutyroom.model.timeinput import iso


def _state_at(station: Station, reading: Reading, history: list[Reading]) -> StationState:
    if station.is_rain:
        sums = {h: rain_sum(history, reading.at, h) for h in (1, 3, 24)}
        return rain_state(station, sums)[0]
    return level_state(station, reading.value)[0]


def stations_above(service: Any, since: arrow.Arrow, until: arrow.Arrow) -> list[dict[str, Any]]:
    """The view of each station that was above a threshold in [since, until], plus ``peak``,
    ``peak_at`` and ``peak_state`` (the most severe state of the span), most severe first."""
    store = service.ctx.store
    stations = {int(s.id or 0): s for s in service.all()}
    if not stations:
        return []
    from dutyroom.services.record_cache import records_of

    rows = [r for r in store.between("reading", since.shift(hours=-24), until) if r.get("station_id") in stations]
    history: dict[int, list[Reading]] = {}
    for reading in records_of(store, Reading, rows):
        if since.shift(hours=-24) <= reading.at <= until:
            history.setdefault(reading.station_id, []).append(reading)
    views = {v["id"]: v for v in service.views()}
    out: list[dict[str, Any]] = []
    for sid, station in stations.items():
        readings = history.get(sid, [])
        span = [r for r in readings if since <= r.at <= until]
        if not station.is_rain:  # a level stands until the next reading: the one before the span counts
            before = service.previous(sid, since)
            span = ([before] if before is not None else []) + span
        worst = StationState.NORMAL
        for reading in span:
            state = _state_at(station, reading, readings)
            if SEVERITY[state] > SEVERITY[worst]:
                worst = state
        if worst == StationState.NORMAL or not span:
            continue
        peak = max(span, key=lambda r: (r.value, -r.at.timestamp()))
        out.append({**views[sid], "peak": peak.value, "peak_at": iso(peak.at), "peak_state": worst.value})
    return sorted(out, key=lambda v: (-SEVERITY[StationState(v["peak_state"])], v["name"], v["id"]))
