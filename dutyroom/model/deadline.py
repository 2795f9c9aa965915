"""Reporting deadlines (报送时限): pure functions of a chain, a table and the time.

Reporting limits differ between jurisdictions, so the table is data: the
defaults below are documented in the README ("Reporting deadlines") and every
value can be overridden in ``config.toml`` under ``[deadlines]``.

Rules, per chain (computed on its first report):

* deadlines run from ``severity_at``: intake, or the moment the chain was
  raised to its current severity (lowering keeps the earlier start);
* **phone**: report to the superior within ``phone_min``; any report upward
  (phone or written) recorded at or after ``severity_at`` discharges it;
* **written**: within ``written_min``; only a written report discharges it;
* **follow_up** (daily 续报, for the severities in ``follow_up_severities``):
  once the first reports are done, the next report upward is due at the first
  of ``follow_up_times`` (local) that is at least ``follow_up_min_gap_min``
  after the latest report upward; each report upward moves it on;
* a closed or merged chain has no deadlines. A limit of 0 means "none".

A deadline is missed when ``now`` is later than ``due_at`` (at ``due_at``
exactly it is still on time).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.report import ForwardVia, IncomingReport, ReportStatus, Severity

DEFAULTS: dict[str, Any] = {
    "I": {"phone_min": 15, "written_min": 30},
    "II": {"phone_min": 15, "written_min": 30},
    "III": {"phone_min": 30, "written_min": 60},
    "IV": {"phone_min": 0, "written_min": 360},
    "unknown": {"phone_min": 0, "written_min": 360},
    "follow_up_times": ["08:00", "17:00"],
    "follow_up_severities": ["I", "II", "III"],
    "follow_up_min_gap_min": 60,
}


class DeadlineKind(Code):
    PHONE = "phone"
    WRITTEN = "written"
    FOLLOW_UP = "follow_up"


@dataclasses.dataclass(frozen=True)
class Limits:
    phone_min: int = 0
    written_min: int = 0


@dataclasses.dataclass(frozen=True)
class DeadlineTable:
    limits: dict[str, Limits]
    follow_up_times: tuple[tuple[int, int], ...]
    follow_up_severities: frozenset[str]
    follow_up_min_gap_min: int
    tz: str = "UTC"

    def for_severity(self, severity: Severity) -> Limits:
        return self.limits.get(severity.value, Limits())


@dataclasses.dataclass(frozen=True)
class Deadline:
    """One reporting duty still to be done for a chain."""

    kind: DeadlineKind
    due_at: arrow.Arrow
    report_id: int | None
    severity: Severity = Severity.UNKNOWN

    def missed(self, now: arrow.Arrow) -> bool:
        return now > self.due_at

    def seconds_left(self, now: arrow.Arrow) -> int:
        """Negative once missed."""
        return int((self.due_at - now).total_seconds())

    def to_json(self, now: arrow.Arrow) -> dict[str, Any]:
        from dutyroom.model.timeinput import iso

        return {"kind": self.kind.value, "due_at": iso(self.due_at), "report_id": self.report_id,
                "overdue": self.missed(now), "seconds_left": self.seconds_left(now)}


def build_table(section: dict[str, Any] | None, tz: str = "UTC") -> DeadlineTable:
    """The defaults overlaid with a ``[deadlines]`` settings section; bad values are refused."""
    raw = dict(DEFAULTS)
    for key, value in (section or {}).items():
        if isinstance(value, dict) and isinstance(raw.get(key), dict):
            raw[key] = {**raw[key], **value}
        else:
            raw[key] = value
    limits = {}
    for code in Severity.codes():
        entry = raw.get(code) or {}
        if not isinstance(entry, dict):
            raise _bad(code, entry)
        limits[code] = Limits(phone_min=_minutes(entry.get("phone_min", 0), f"{code}.phone_min"),
                              written_min=_minutes(entry.get("written_min", 0), f"{code}.written_min"))
    times = raw.get("follow_up_times") or []
    if not isinstance(times, list):
        raise _bad("follow_up_times", times)
    slots = tuple(sorted(_clock(t) for t in times))
    severities = raw.get("follow_up_severities") or []
    if not isinstance(severities, list) or any(s not in Severity.codes() for s in severities):
        raise _bad("follow_up_severities", severities)
    gap = _minutes(raw.get("follow_up_min_gap_min", 0), "follow_up_min_gap_min")
    return DeadlineTable(limits=limits, follow_up_times=slots,
                         follow_up_severities=frozenset(severities), follow_up_min_gap_min=gap,
                         tz=tz)


def _bad(name: str, value: object) -> ValidationError:
    return ValidationError("error.deadline_config", field="deadlines", name=name, value=value)


def _minutes(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 7 * 24 * 60:
        raise _bad(name, value)
    return value


def _clock(text: object) -> tuple[int, int]:
    try:
        hour, minute = (int(p) for p in str(text).split(":"))
    except ValueError:
        raise _bad("follow_up_times", text) from None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _bad("follow_up_times", text)
    return hour, minute


def pending(report: IncomingReport, table: DeadlineTable) -> list[Deadline]:
    """Every reporting duty of the chain headed by ``report`` not yet discharged, earliest first."""
    if not report.is_head or report.status != ReportStatus.OPEN:
        return []
    start = (report.severity_at or report.received_at).to("UTC")
    limits = table.for_severity(report.severity)
    upward = sorted((f for f in report.forwards if f.at >= start), key=lambda f: f.at)
    written = [f for f in upward if f.via == ForwardVia.WRITTEN]
    out: list[Deadline] = []

    def add(kind: DeadlineKind, due: arrow.Arrow) -> None:
        out.append(Deadline(kind=kind, due_at=due, report_id=report.id, severity=report.severity))

    if limits.phone_min and not upward:
        add(DeadlineKind.PHONE, start.shift(minutes=limits.phone_min))
    if limits.written_min and not written:
        add(DeadlineKind.WRITTEN, start.shift(minutes=limits.written_min))
    first_done = (written if limits.written_min else upward if limits.phone_min else [None])
    if report.severity.value in table.follow_up_severities and table.follow_up_times and first_done:
        latest = upward[-1].at if upward else start
        add(DeadlineKind.FOLLOW_UP,
            next_slot(latest.shift(minutes=table.follow_up_min_gap_min), table))
    return sorted(out, key=lambda d: d.due_at)


def next_slot(after: arrow.Arrow, table: DeadlineTable) -> arrow.Arrow:
    """The first follow-up time (local) at or after ``after``, in UTC."""
    local = after.to(table.tz)
    for day in range(0, 3):
        base = local.shift(days=day)
        for hour, minute in table.follow_up_times:
            slot = base.replace(hour=hour, minute=minute, second=0, microsecond=0)
            if slot >= local:
                return slot.to("UTC")
    raise AssertionError("follow_up_times is empty")  # build_table and pending() prevent it


def next_deadline(report: IncomingReport, table: DeadlineTable) -> Deadline | None:
    found = pending(report, table)
    return found[0] if found else None


def missed(reports: Iterable[IncomingReport], table: DeadlineTable, now: arrow.Arrow) -> list[Deadline]:
    return sorted((d for r in reports for d in pending(r, table) if d.missed(now)),
                  key=lambda d: d.due_at)


def upcoming(reports: Iterable[IncomingReport], table: DeadlineTable, now: arrow.Arrow,
             within_min: int = 10) -> list[Deadline]:
    """Deadlines not yet missed that fall due within ``within_min`` minutes."""
    horizon = now.shift(minutes=within_min)
    return sorted((d for r in reports for d in pending(r, table)
                   if not d.missed(now) and d.due_at <= horizon), key=lambda d: d.due_at)
