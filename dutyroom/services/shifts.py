"""The shift pattern, the shift records it yields, sign-on and sign-off.

The pattern comes from ``[shifts]`` in ``config.toml``::

    [shifts]
    start = "08:30"   # 24 h shifts from 08:30 (default: duty_day_start, else 08:00)
    hours = 24

    # or three 8 h shifts
    starts = ["00:00", "08:00", "16:00"]

A shift record (registry kind ``shift``) is created the first time anything
needs it (roster import, sign-on, handover) and is found again by its start.
Two processes creating the same slot at once would make two records; every
lookup takes the lowest id, so both agree on which one counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from datetime import datetime

import arrow

from dutyroom.config import duty_day_start
from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.shift import Attendance, Shift, clean_name
from dutyroom.model.timeinput import from_iso, iso
from dutyroom.services.context import Context
from dutyroom.services.guards import bump, guard_record, retry_stale
from dutyroom.services.record_text import message, system_entry
from dutyroom.store import Create, Update

SHIFT_GUARD = "shift"
"""Bumped by every commit that creates shift records (see :mod:`dutyroom.services.guards`)."""

DEFAULTS: dict[str, Any] = {"start": "08:00", "hours": 24}


def _minutes(text: object, field: str) -> int:
    value = str(text).strip()
    hour, sep, minute = value.partition(":")
    if not sep or not hour.isdigit() or not minute.isdigit() or int(hour) > 23 or int(minute) > 59:
        raise ValidationError("shift.error.bad_pattern", field=field, value=value)
    return int(hour) * 60 + int(minute)


def pattern_from(section: dict[str, Any]) -> list[int]:
    """Shift starts as minutes after local midnight, sorted; a ValidationError if unusable."""
    if "starts" in section:
        raw = section["starts"]
        if not isinstance(raw, list) or not raw:
            raise ValidationError("shift.error.bad_pattern", field="starts", value=str(raw))
        starts = sorted({_minutes(s, "starts") for s in raw})
        return starts
    start = _minutes(section.get("start", DEFAULTS["start"]), "start")
    hours = section.get("hours", DEFAULTS["hours"])
    if not isinstance(hours, (int, float)) or hours <= 0 or 1440 % int(hours * 60) or hours > 24:
        raise ValidationError("shift.error.bad_hours", field="hours", value=str(hours))
    step = int(hours * 60)
    return sorted((start + i * step) % 1440 for i in range(1440 // step))


def shift_settings(ctx: Context) -> dict[str, Any]:
    """``[shifts]``; without it, the dashboard's older ``shift_start_hour`` still counts."""
    section = dict(ctx.settings.section("shifts"))
    legacy = ctx.settings.section("dashboard").get("shift_start_hour")
    if not section and isinstance(legacy, int) and 0 <= legacy <= 23:
        section = {"start": f"{legacy:02d}:00", "hours": 24}
    if "start" not in section and "starts" not in section and "duty_day_start" in ctx.settings.raw:
        hour, minute = duty_day_start(ctx.settings)  # the first shift begins the duty day
        section["start"] = f"{hour:02d}:{minute:02d}"
    return section


@dataclass(frozen=True)
class Slot:
    start: arrow.Arrow
    end: arrow.Arrow
    index: int
    """Position in the day's pattern, from 1."""


@dataclass
class ShiftCounts:
    log_entries: int
    reports: int
    tickets: int


class ShiftService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.starts = pattern_from(shift_settings(ctx))

    # ------------------------------------------------------------ the pattern
    def slot_at(self, moment: arrow.Arrow) -> Slot:
        """The pattern slot that contains ``moment``."""
        local = moment.to(self.ctx.tz)
        candidates: list[tuple[arrow.Arrow, int]] = []
        for day_shift in (-1, 0):
            day = local.floor("day").shift(days=day_shift)
            for index, minutes in enumerate(self.starts, start=1):
                candidates.append((day.shift(minutes=minutes), index))
        start, index = max((c for c in candidates if c[0] <= local), key=lambda c: c[0])
        return Slot(start.to("UTC"), self._next_start(start).to("UTC"), index)

    def _next_start(self, start: arrow.Arrow) -> arrow.Arrow:
        local = start.to(self.ctx.tz)
        day = local.floor("day")
        for day_shift in (0, 1):
            for minutes in self.starts:
                candidate = day.shift(days=day_shift, minutes=minutes)
                if candidate > local:
                    return candidate
        raise AssertionError("a pattern always has a next start")

    def slot_on(self, date: str, which: str, field: str = "shift") -> Slot:
        """The slot on local ``date`` (YYYY-MM-DD) named by its start ``HH:MM`` or number from 1."""
        try:
            day = arrow.get(date.strip().replace("/", "-"), "YYYY-MM-DD", tzinfo=self.ctx.tz)
        except (arrow.parser.ParserError, ValueError):
            raise ValidationError("shift.error.bad_date", field="roster_date", value=date) from None
        text = which.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.starts):
            minutes = self.starts[int(text) - 1]
        elif ":" in text and _minutes_or_none(text) in self.starts:
            minutes = _minutes_or_none(text)
        else:
            choices = ", ".join(f"{m // 60:02d}:{m % 60:02d}" for m in self.starts)
            raise ValidationError("shift.error.no_such_slot", field=field, value=text, choices=choices)
        start = day.shift(minutes=minutes or 0)
        return self.slot_at(start)

    # ---------------------------------------------------------------- records
    def all(self) -> list[Shift]:
        return [Shift.from_dict(d) for d in self.ctx.store.all("shift")]

    def find(self, start: arrow.Arrow) -> Shift | None:
        key = iso(start)
        found = [d for d in self.ctx.store.all("shift") if d.get("start") == key]
        return Shift.from_dict(min(found, key=lambda d: d["id"])) if found else None

    def get(self, shift_id: int) -> Shift | None:
        data = self.ctx.store.get("shift", shift_id)
        return Shift.from_dict(data) if data else None

    def for_slot(self, slot: Slot) -> Shift:
        """The stored shift for ``slot``, or an unsaved one (id None) with no roster."""
        return self.find(slot.start) or Shift(start=slot.start, end=slot.end)

    def at(self, moment: arrow.Arrow) -> Shift:
        """The shift holding ``moment``: a stored shift first (a roster may have been written
        for another pattern, as the demo day's 12 h shifts are), else the pattern's slot."""
        best: dict[str, Any] | None = None
        for data in self.ctx.store.all("shift"):
            start, end = from_iso(data["start"]), from_iso(data["end"])
            if start <= moment < end and (best is None or (start, -data["id"]) > (from_iso(best["start"]),
                                                                                 -best["id"])):
                best = data
        return Shift.from_dict(best) if best else self.for_slot(self.slot_at(moment))

    def current(self) -> Shift:
        return self.at(self.ctx.now())

    def previous(self, shift: Shift) -> Shift:
        return self.at(shift.start.shift(seconds=-1))

    def following(self, shift: Shift) -> Shift:
        return self.at(shift.end)

    def ensure(self, shift: Shift) -> Shift:
        """``shift`` as stored, creating its record if it has none yet.

        At a changeover several officers sign on at once: under the shift guard only one
        session creates the record, the others find it (a twin would hide their sign-on).
        """
        if shift.id is not None:
            return shift

        def once() -> Shift:
            guard = guard_record(self.ctx, SHIFT_GUARD)
            assert guard is not None
            existing = self.find(shift.start)
            if existing is not None:
                return existing
            records = self.ctx.store.commit([Create("shift", shift.payload()), bump(guard)])
            return Shift.from_dict(records[0])

        return retry_stale(once)

    def resolve(self, spec: str | int | None) -> Shift:
        """``current`` (default), ``last`` (the one before) or a shift id."""
        text = str(spec if spec is not None else "current").strip().lower()
        if text in ("current", "now", "当前"):
            return self.current()
        if text in ("last", "previous", "上一班"):
            return self.previous(self.current())
        if text.isdigit():
            found = self.get(int(text))
            if found is None:
                raise ValidationError("shift.error.not_found", field="shift", id=text)
            return found
        raise ValidationError("shift.error.bad_spec", field="shift", value=spec)

    # ------------------------------------------------------------ attendance
    def sign_on(self, name: str, at: arrow.Arrow | None = None) -> Shift:
        """``name`` signs on to the current shift; logged in the same commit."""
        who = clean_name(name)
        moment = at or self.ctx.now()

        def change(shift: Shift) -> list[Attendance]:
            if who in shift.on_duty():
                raise ValidationError("shift.error.already_on", field="officer_name", name=who)
            return shift.attendance + [Attendance(name=who, on_at=moment)]

        return self._attend(change, "shift.log.signed_on", who, moment)

    def sign_off(self, name: str, at: arrow.Arrow | None = None) -> Shift:
        who = clean_name(name)
        moment = at or self.ctx.now()

        def change(shift: Shift) -> list[Attendance]:
            attendance = list(shift.attendance)
            for index in range(len(attendance) - 1, -1, -1):
                if attendance[index].name == who and attendance[index].off_at is None:
                    attendance[index] = Attendance(name=who, on_at=attendance[index].on_at, off_at=moment)
                    return attendance
            raise ValidationError("shift.error.not_on", field="officer_name", name=who)

        return self._attend(change, "shift.log.signed_off", who, moment)

    def _attend(self, change: Callable[[Shift], list[Attendance]], key: str, who: str,
                moment: arrow.Arrow) -> Shift:
        """Apply one officer's sign-on or -off to the current shift's attendance.

        Another officer signing on at the same moment makes our update stale; the change
        is only ours (one name), so it is applied again to the fresh record, not refused.
        """
        def once() -> Shift:
            planned = self.current()
            if planned.id is None:
                change(planned)  # refused (not on duty) before the shift's record is made
            shift = self.ensure(planned)
            return self._record_attendance(shift, change(shift), key, who, moment)

        return retry_stale(once)

    def _record_attendance(self, shift: Shift, attendance: list[Attendance], key: str, who: str,
                           moment: arrow.Arrow) -> Shift:
        data = Shift(start=shift.start, end=shift.end, attendance=attendance).to_dict()
        entry = system_entry(message(key, name=who, shift=self.label(shift)), kind=LogKind.NOTICE,
                             at=moment, author=self.ctx.operator)
        records = self.ctx.store.commit([
            Update("shift", shift.id or 0, {"attendance": data["attendance"]}, shift.version),
            Create("log", entry),
        ])
        return Shift.from_dict(records[0])

    # ----------------------------------------------------------------- views
    def label(self, shift: Shift) -> str:
        start = shift.start.to(self.ctx.tz)
        end = shift.end.to(self.ctx.tz)
        return f"{start.format('YYYY-MM-DD HH:mm')}–{end.format('MM-DD HH:mm')}"

    def counts(self, shift: Shift) -> ShiftCounts:
        """Log entries, reports and tickets whose time falls inside the shift."""
        store = self.ctx.store
        lo, hi = shift.start, shift.end

        lo_dt, hi_dt = lo.datetime, hi.datetime

        def inside(rows: list[dict[str, Any]], field: str) -> int:
            # a shift holds thousands of rows: parse with the C ISO parser, not arrow.get
            return sum(1 for r in rows if r.get(field) and lo_dt <= _instant(r[field]) < hi_dt)

        return ShiftCounts(
            log_entries=inside(store.between("log", lo, hi), "at"),
            reports=inside(store.between("report", lo, hi), "received_at"),
            tickets=inside(store.between("ticket", lo, hi), "created_at"),
        )


def _instant(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return arrow.get(value).datetime


def _minutes_or_none(text: str) -> int | None:
    try:
        return _minutes(text, "shift")
    except ValidationError:
        return None


def shift_json(shift: Shift, service: ShiftService, now: arrow.Arrow) -> dict[str, Any]:
    """The stable JSON shape of a shift (a contract with scripts)."""
    data = shift.to_dict()
    counts = service.counts(shift)
    remaining = max(0, int((shift.end - now).total_seconds() // 60)) if shift.contains(now) else None
    return {
        "id": data["id"], "start": data["start"], "end": data["end"],
        "leader": data["leader"], "officers": data["officers"], "phones": data["phones"],
        "on_duty": shift.on_duty(), "attendance": data["attendance"],
        "minutes_remaining": remaining, "handover_in": data["handover_in"],
        "carried": data["carried"],
        "counts": {"log_entries": counts.log_entries, "reports": counts.reports,
                   "tickets": counts.tickets},
    }
