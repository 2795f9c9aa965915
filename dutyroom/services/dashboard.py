"""What the dashboard reads: the current shift and its window, counts, reports per hour.

No Textual here; the panes call these and only format the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import arrow

from dutyroom.model.report import IncomingReport, Severity
from dutyroom.model.shift import Shift
from dutyroom.model.timeinput import from_iso
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
    """The shift that holds ``now``, from the shift pattern (``[shifts]``, default 08:00–08:00).

    ``shift`` is the stored shift record (roster, attendance), None where none exists yet.
    """
    from dutyroom.model.errors import ValidationError
    from dutyroom.services.shifts import ShiftService

    now = ctx.now()
    try:
        shift = ShiftService(ctx).current()
    except ValidationError:  # a bad [shifts] setting is reported by the shift pane; keep going
        local = ctx.local(now)
        start = local.replace(hour=DEFAULT_SHIFT_START_HOUR, minute=0, second=0, microsecond=0)
        if start > local:
            start = start.shift(days=-1)
        return ShiftWindow(start.to("UTC"), start.shift(days=1).to("UTC"), None)
    return ShiftWindow(shift.start.to("UTC"), shift.end.to("UTC"), shift if shift.id is not None else None)


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
            if value and window.start <= from_iso(value) < window.end:
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
