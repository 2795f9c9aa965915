"""Figures per duty day for the reports-upward charts: reports by category, teams deployed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import arrow

from dutyroom.model.timeinput import from_iso
from dutyroom.services.bulletin import duty_day
from dutyroom.services.context import Context
from dutyroom.services.deployments import Deployments


@dataclass
class DailySeries:
    """``days`` are duty-day labels (YYYY-MM-DD); each list has one value per day."""

    days: list[str]
    starts: list[arrow.Arrow]
    reports: dict[str, list[int]] = field(default_factory=dict)
    teams: list[int] = field(default_factory=list)
    deployments: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)


def daily_series(ctx: Context, last_day: str | None, days: int) -> DailySeries:
    """``days`` duty days ending with ``last_day`` (default: the current, still running one)."""
    if last_day is None:
        label, start, end = duty_day(ctx)
        label, start, end = duty_day(ctx, start.shift(days=1).to(ctx.tz).format("YYYY-MM-DD"))
    else:
        label, start, end = duty_day(ctx, last_day)
    starts = [start.shift(days=-i) for i in range(days - 1, -1, -1)]
    labels = [s.to(ctx.tz).format("YYYY-MM-DD") for s in starts]
    first, stop = starts[0], end
    series = DailySeries(days=labels, starts=starts)
    counts: dict[str, Counter[int]] = {}
    for row in ctx.store.between("report", first, stop):
        at = from_iso(row["received_at"])
        if first <= at < stop:
            index = int((at - first).total_seconds() // 86400)
            counts.setdefault(str(row.get("category", "other")), Counter())[index] += 1
    series.reports = {cat: [c[i] for i in range(days)] for cat, c in sorted(counts.items())}
    out = Deployments(ctx).until(stop)
    for s in starts:
        e = s.shift(days=1)
        during = [d for d in out if d.overlaps(s, e)]
        series.teams.append(len({d.unit_id for d in during}))
        series.deployments.append(len(during))
        series.people.append(sum(d.people for d in during))
    return series
