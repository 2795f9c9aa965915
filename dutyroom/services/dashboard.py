"""What the dashboard reads: the current shift and its window, counts, reports per hour.

No Textual here; the panes call these and only format the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import arrow

from dutyroom.model.report import IncomingReport, Severity
from dutyroom.model.shift import Shift
from dutyroom.services.context import Context

DEFAULT_SHIFT_START_HOUR = 8
"""Without a roster, a shift runs 08:00 to 08:00 local (the usual 24-hour duty)."""


@dataclass
class ShiftWindow:
    start: arrow.Arrow
    end: arrow.Arrow
    shift: Shift | None = None

    def remaining(self, now: arrow.Arrow) -> float:
        return (self.end - now).total_seconds()


def current_shift(ctx: Context) -> ShiftWindow:
    """The rostered shift that holds ``now``, else the day's 08:00–08:00 window."""
    now = ctx.now()
    best: Shift | None = None
    for data in ctx.store.all("shift"):
        shift = Shift.from_dict(data)
        if shift.start <= now < shift.end and (best is None or shift.start > best.start):
            best = shift
    if best is not None:
        return ShiftWindow(best.start.to("UTC"), best.end.to("UTC"), best)
    section = ctx.settings.section("dashboard")
    hour = int(section.get("shift_start_hour", DEFAULT_SHIFT_START_HOUR))
    local = ctx.local(now)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if start > local:
        start = start.shift(days=-1)
    return ShiftWindow(start.to("UTC"), start.shift(days=1).to("UTC"), None)


@dataclass
class ShiftCounts:
    log: int = 0
    reports: int = 0
    tickets: int = 0


def shift_counts(ctx: Context, window: ShiftWindow) -> ShiftCounts:
    """Entries, reports and tickets created within the shift so far."""
    end = min(window.end, ctx.now().shift(days=1))
    out = ShiftCounts()
    for kind, stamp, attr in (("log", "at", "log"), ("report", "received_at", "reports"),
                              ("ticket", "created_at", "tickets")):
        n = 0
        for rec in ctx.store.between(kind, window.start, end):
            value = rec.get(stamp) or rec.get("created_at")
            if value and window.start <= arrow.get(value) < window.end:
                n += 1
        setattr(out, attr, n)
    return out


SEVERITY_ORDER = [Severity.I, Severity.II, Severity.III, Severity.IV, Severity.UNKNOWN]


@dataclass
class HourlyReports:
    """Reports received per hour over the last ``hours`` hours, by severity."""

    start: arrow.Arrow
    hours: int
    counts: list[dict[Severity, int]] = field(default_factory=list)

    def total(self, index: int) -> int:
        return sum(self.counts[index].values())


def reports_per_hour(ctx: Context, hours: int = 24) -> HourlyReports:
    now = ctx.now()
    start = now.floor("hour").shift(hours=-(hours - 1))
    out = HourlyReports(start=start, hours=hours, counts=[{} for _ in range(hours)])
    for data in ctx.store.between("report", start, now):
        try:
            report = IncomingReport.from_dict(data)
        except (KeyError, ValueError, TypeError):
            continue
        index = int((report.received_at - start).total_seconds() // 3600)
        if 0 <= index < hours:
            bucket = out.counts[index]
            bucket[report.severity] = bucket.get(report.severity, 0) + 1
    return out
