"""The escalation provider of stations: a level or rain threshold crossed, a level nearing warning.

One watch per threshold a station is at or above now (``level_above_flood_limit``,
``level_above_warning``, ``level_above_guarantee``; ``rain_above_threshold`` for a rain
gauge), breached at the first reading of the current run above it: the breach instant is
the same on every evaluation, so the escalation keeps its key while the run lasts, and is
cleared by the engine once the station falls back below. A rising level within
``approach_margin_m`` below the warning level raises ``level_approaching_warning``,
breached at the first reading of the run inside that band.
"""

from __future__ import annotations

from typing import Callable

import arrow

from dutyroom.model.escalation import EscalationReason
from dutyroom.model.station import Reading, Station, StationState, rain_state, rain_sum, run_start
from dutyroom.services.context import Context
from dutyroom.services.escalation_engine import Watch
from dutyroom.services.escalation_rules import EscalationRules
from dutyroom.services.record_cache import records_of
from dutyroom.services.record_text import message, subject_ref
from dutyroom.services.stations import Stations, approaching, station_settings

LEVEL_REASONS = {StationState.ABOVE_FLOOD_LIMIT: EscalationReason.LEVEL_ABOVE_FLOOD_LIMIT,
                 StationState.ABOVE_WARNING: EscalationReason.LEVEL_ABOVE_WARNING,
                 StationState.ABOVE_GUARANTEE: EscalationReason.LEVEL_ABOVE_GUARANTEE}
MAX_LOOKBACK_DAYS = 120
"""A season: a run longer than this starts, for the escalation, at its 120th day back."""


def _history(ctx: Context, station_id: int, start: arrow.Arrow, now: arrow.Arrow) -> list[Reading]:
    rows = [r for r in ctx.store.between("reading", start, now) if r.get("station_id") == station_id]
    return sorted((r for r in records_of(ctx.store, Reading, rows) if start <= r.at <= now),
                  key=lambda r: (r.at, r.id or 0))


def _run_start(ctx: Context, station: Station, now: arrow.Arrow, above: Callable[[Reading, list[Reading]], bool],
               warmup_hours: int = 0) -> Reading | None:
    """The first reading of the run up to the latest for which ``above`` holds. The window
    widens until the run begins inside it (``warmup_hours`` of history before each reading)."""
    days = 2
    first_day = min(ctx.store.days("reading") or [now.format("YYYY-MM-DD")])
    while True:
        start = now.shift(days=-days)
        history = _history(ctx, int(station.id or 0), start.shift(hours=-warmup_hours), now)
        eligible = [r for r in history if r.at >= start]
        found = run_start(eligible, lambda r: above(r, history))
        reaches_back = found is not None and eligible and found is eligible[0]
        if not reaches_back or days >= MAX_LOOKBACK_DAYS or start.format("YYYY-MM-DD") < first_day:
            return found
        days = min(days * 4, MAX_LOOKBACK_DAYS)


def _title(station: Station, value: float, what: str, threshold: float) -> dict:
    unit = {"key": "station.unit.mm" if station.is_rain else "station.unit.m", "params": {}}
    return message("escalation.title", subject=subject_ref("station", station.id, station.name),
                   detail=message("station.escalation.detail", value=f"{value:g}", unit=unit,
                                  threshold_name={"key": what, "params": {}}, threshold=f"{threshold:g}"))


def _watch(reason: EscalationReason, station: Station, at: arrow.Arrow, title: dict) -> Watch:
    return Watch(reason, "station", int(station.id or 0), at, at, title)


def station_watches(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    """Every station threshold breached now, and every level nearing its warning level."""
    service = Stations(ctx)
    margin = station_settings(ctx, strict=False)["approach_margin_m"]
    out: list[Watch] = []
    for station, assessment, _recent in service.assessments(now, strict=False):
        latest = assessment.latest
        if latest is None:
            continue
        if station.is_rain:
            if assessment.state != StationState.NORMAL:
                start = _run_start(ctx, station, now, lambda r, h: _rain_above(station, r, h), warmup_hours=24)
                worst = [(hours, thr) for code, hours, thr in station.rain_thresholds()
                         if assessment.sums.get(hours, 0) >= thr]
                hours, threshold = worst[-1] if worst else (24, 0.0)
                out.append(_watch(EscalationReason.RAIN_ABOVE_THRESHOLD, station, (start or latest).at,
                                  _title(station, assessment.sums.get(hours, 0.0), f"field.rain_{hours}h", threshold)))
            continue
        for code, level in station.level_thresholds():
            if latest.value < level:
                continue
            start = _run_start(ctx, station, now, lambda r, h, level=level: r.value >= level)
            field = {"above_flood_limit": "field.flood_limit", "above_warning": "field.warning_level",
                     "above_guarantee": "field.guarantee_level"}[code.value]
            out.append(_watch(LEVEL_REASONS[code], station, (start or latest).at,
                              _title(station, latest.value, field, level)))
        if approaching(station, assessment, margin) and station.warning_level is not None:
            band = station.warning_level - margin - 1e-9
            start = _run_start(ctx, station, now, lambda r, h: band <= r.value < station.warning_level)
            out.append(_watch(EscalationReason.LEVEL_APPROACHING_WARNING, station, (start or latest).at,
                              _title(station, latest.value, "field.warning_level", station.warning_level)))
    return out


def _rain_above(station: Station, reading: Reading, history: list[Reading]) -> bool:
    sums = {hours: rain_sum(history, reading.at, hours) for hours in (1, 3, 24)}
    return rain_state(station, sums)[0] != StationState.NORMAL

