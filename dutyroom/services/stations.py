"""Stations and readings: the registry, recording a reading, and where each station stands.

A reading is written in one commit with its duty-log entry (kind ``reading``, linked to
the station and its key point), so the legal record and the figures never disagree.
Where a station stands (latest reading, trend, state, margin) is worked out when read,
from the readings of the last day and each station's latest, never stored.

Settings (``[stations]`` in ``config.toml``): ``approach_margin_m`` (a rising level this
close below the warning level warns), ``max_level_step_m`` (a level that moves more than
this from the reading before it is refused unless forced), ``steady_m`` (a change over
``trend_hours`` no larger than this is steady).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.station import (SEVERITY, Assessment, Reading, ReadingSource, Station, StationKind,
                                    StationState, StationTrend, assess, check_duplicate, implausible,
                                    new_reading, new_station, rain_sum, settings_from)
from dutyroom.model.text import clean
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.record_cache import records_of
from dutyroom.services.station_import import new_readings, parse_reading_rows, parse_station_csv, unrecorded
from dutyroom.services.station_peaks import stations_above
from dutyroom.services.record_text import Message, enum, message, sentences, subject_ref, system_entry
from dutyroom.store import Create

FUTURE_SLACK_MIN = 5
"""A reading may be stamped this far ahead of the clock (a sensor's clock runs fast); no further."""


def station_settings(ctx: Context, strict: bool = True) -> dict[str, float]:
    """The ``[stations]`` section over the defaults; a bad value is named (exit 2), or with
    ``strict=False`` the defaults stand (the escalation engine must not stop over it)."""
    try:
        return settings_from(ctx.settings.section("stations"))
    except ValidationError:
        if strict:
            raise
        return settings_from({})


class Stations:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------ registry
    def all(self) -> list[Station]:
        return list(records_of(self.ctx.store, Station, self.ctx.store.all("station")))

    def get(self, station_id: int) -> Station | None:
        data = self.ctx.store.get("station", station_id)
        return Station.from_dict(data) if data else None

    def require(self, ref: str | int) -> Station:
        """The station with this id, else with exactly this name; else a ValidationError."""
        text = clean(ref, "station", required=True, max_len=200, single_line=True)
        if text.isdigit():
            found = self.get(int(text))
            if found is not None:
                return found
        named = [s for s in self.all() if s.name == text]
        if named:
            return named[0]
        raise ValidationError("error.station_missing", field="station", ref=text)

    def add(self, name: object, kind: str, keypoint: int | str | None = None, warning_level: object = None,
            guarantee_level: object = None, flood_limit: object = None, rain_1h: object = None,
            rain_3h: object = None, rain_24h: object = None) -> Station:
        station = new_station(name=name, kind=kind, keypoint_id=self.keypoint_id(keypoint),
                              warning_level=warning_level, guarantee_level=guarantee_level,
                              flood_limit=flood_limit, rain_1h=rain_1h, rain_3h=rain_3h, rain_24h=rain_24h)
        check_duplicate(station, self.all())
        entry = self.notice(message("station.log.added", name=station.name, kind=station.kind))
        stored = self.ctx.store.commit([Create("station", station.payload()), Create("log", entry)])[0]
        return Station.from_dict(stored)

    def keypoint_id(self, keypoint: int | str | None) -> int | None:
        """A key point by id or exact name (None when blank); a missing one is named."""
        if keypoint is None or not str(keypoint).strip():
            return None
        from dutyroom.services.keypoints import KeyPoints

        points = KeyPoints(self.ctx).all()
        text = str(keypoint).strip()
        for point in points:
            if (text.isdigit() and point.id == int(text)) or point.name == text:
                return point.id
        raise ValidationError("error.link_missing", field="keypoint", kind="keypoint", id=text[:40])

    def import_csv(self, path: Path) -> list[Station]:
        """Every row of ``path`` or none: a bad row raises naming its line, nothing is stored."""
        stations = parse_station_csv(path, self)
        ops = [Create("station", s.payload()) for s in stations]
        ops.append(Create("log", self.notice(message("station.log.imported", count=len(stations),
                                                          file=Path(path).name))))
        return [Station.from_dict(r) for r in self.ctx.store.commit(ops)[:-1]]

    def notice(self, msg: Message, station: Station | None = None) -> dict[str, Any]:
        return system_entry(msg, kind=LogKind.NOTICE, at=self.ctx.now(), author=self.ctx.operator,
                            station_id=station.id if station else None,
                            keypoint_id=station.keypoint_id if station else None)

    # ------------------------------------------------------------ readings
    def readings(self, station_id: int, since: arrow.Arrow | None = None,
                 until: arrow.Arrow | None = None) -> list[Reading]:
        """The station's readings in [since, until] (the whole season without bounds), oldest first."""
        store = self.ctx.store
        if since is None:
            rows = [r for day in store.days("reading") if until is None or day <= until.to("UTC").format("YYYY-MM-DD")
                    for r in store.day_records("reading", day)]
        else:
            rows = store.between("reading", since, until or self.ctx.now().shift(days=1))
        out = [r for r in records_of(store, Reading, [r for r in rows if r.get("station_id") == station_id])
               if (since is None or r.at >= since) and (until is None or r.at <= until)]
        return sorted(out, key=lambda r: (r.at, r.id or 0))

    def previous(self, station_id: int, at: arrow.Arrow) -> Reading | None:
        """The reading just before ``at`` (searched back day by day)."""
        store = self.ctx.store
        day = at.to("UTC").format("YYYY-MM-DD")
        for older in sorted((d for d in store.days("reading") if d <= day), reverse=True):
            rows = [r for r in store.day_records("reading", older) if r.get("station_id") == station_id]
            earlier = [r for r in records_of(store, Reading, rows) if r.at < at]
            if earlier:
                return max(earlier, key=lambda r: (r.at, r.id or 0))
        return None

    def add_reading(self, ref: str | int, value: object, at: arrow.Arrow | None = None,
                    source: str = "phone", force_reason: str | None = None) -> Reading:
        """Record one reading with its duty-log entry in one commit. An implausible value is
        refused (``error.reading_negative_rain`` / ``error.reading_level_jump``) unless
        ``force_reason`` says why it stands; a reason given for a plausible value is not kept."""
        station = self.require(ref)
        moment = (at or self.ctx.now()).to("UTC")
        reading = new_reading(station=station, value=value, at=moment, source=source,
                              force_reason=force_reason or "")
        self.check_time(station, reading)
        if force_reason is not None and not reading.force_reason:
            raise ValidationError("error.required", field="reason")
        problem = implausible(station, reading.value, self.previous(int(station.id or 0), moment),
                              station_settings(self.ctx)["max_level_step_m"])
        if problem and not reading.force_reason:
            raise ValidationError(f"error.reading_{problem}", field="value", value=f"{reading.value:g}",
                                  step=f'{station_settings(self.ctx)["max_level_step_m"]:g}')
        if not problem:
            reading.force_reason = ""

        def checked() -> list[Create]:
            # Again under the store's write lock (one day's readings of the station): two
            # sessions recording it at the same minute cannot both pass.
            self.check_time(station, reading)
            return [Create("reading", reading.payload()), Create("log", self.reading_entry(station, reading))]

        return Reading.from_dict(self.ctx.store.commit_checked(checked)[0])

    def check_time(self, station: Station, reading: Reading) -> None:
        """Not ahead of the clock, and not a second reading of the station at the same instant."""
        if reading.at > self.ctx.now().shift(minutes=FUTURE_SLACK_MIN):
            raise ValidationError("error.reading_future", field="at", at=self.ctx.local(reading.at).format("YYYY-MM-DD HH:mm"))
        same = [r for r in self.readings(int(station.id or 0), reading.at, reading.at) if r.at == reading.at]
        if same:
            raise ValidationError("error.reading_duplicate", field="at", id=same[0].id or 0,
                                  at=self.ctx.local(reading.at).format("YYYY-MM-DD HH:mm"))

    def reading_entry(self, station: Station, reading: Reading, author: str | None = None) -> dict[str, Any]:
        """The duty-log entry of a reading: kind ``reading``, linked to the station and its key point."""
        key = "station.log.rain" if station.is_rain else "station.log.level"
        msg: Message = message(key, station=subject_ref("station", station.id, station.name),
                               value=_fmt(reading.value), source=reading.source)
        if reading.force_reason:
            msg = sentences(msg, message("station.log.forced", reason=reading.force_reason))
        return system_entry(msg, kind=LogKind.READING, at=reading.at, author=author or self.ctx.operator,
                            station_id=station.id, keypoint_id=station.keypoint_id)

    def import_readings(self, path: Path) -> int:
        """Every row of ``path`` or none (a bad row is named by its line); rows already recorded
        (same station and time, same value) are skipped, so a batch can be imported twice.
        Returns how many readings were new."""
        fresh = new_readings(self, parse_reading_rows(path, self))
        count = 0

        def checked() -> list[Create]:
            # Again under the store's write lock: rows another session recorded meanwhile
            # are seen, so two imports of one batch store it once.
            nonlocal count
            batch = [(station, reading) for _, station, reading in unrecorded(self, fresh)]
            count = len(batch)
            return self.batch_ops(batch, Path(path).name)

        self.ctx.store.commit_checked(checked)
        return count

    def batch_ops(self, batch: list[tuple[Station, Reading]], file: str) -> list[Create]:
        """The readings of a batch and one duty-log entry per station (none for an empty batch)."""
        if not batch:
            return []
        ops: list[Create] = [Create("reading", r.payload()) for _, r in batch]
        by_station: dict[int, list[Reading]] = {}
        for station, reading in batch:
            by_station.setdefault(int(station.id or 0), []).append(reading)
        for station_id, readings in sorted(by_station.items()):
            station = next(s for s, _ in batch if s.id == station_id)
            last = max(readings, key=lambda r: r.at)
            msg = message("station.log.imported_readings", station=subject_ref("station", station.id, station.name),
                          count=len(readings), value=_fmt(last.value), file=file,
                          unit={"key": "station.unit.mm" if station.is_rain else "station.unit.m", "params": {}})
            ops.append(Create("log", system_entry(msg, kind=LogKind.READING, at=last.at, author=self.ctx.operator,
                                                  station_id=station.id, keypoint_id=station.keypoint_id)))
        return ops

    # ------------------------------------------------------------ where each station stands
    def recent(self, now: arrow.Arrow, stations: list[Station] | None = None,
               hours: int = 24) -> dict[int, list[Reading]]:
        """Per station: the readings of the last ``hours`` (at least a day), plus its latest
        reading before that for a station with none in the window."""
        store = self.ctx.store
        stations = self.all() if stations is None else stations
        wanted = {int(s.id or 0) for s in stations}
        start = now.shift(hours=-max(hours, 24))
        rows = [r for r in store.between("reading", start, now) if r.get("station_id") in wanted]
        out: dict[int, list[Reading]] = {sid: [] for sid in wanted}
        for reading in records_of(store, Reading, rows):
            if start <= reading.at <= now:
                out[reading.station_id].append(reading)
        missing = {sid for sid, rs in out.items() if not rs}
        first_day = start.to("UTC").format("YYYY-MM-DD")
        for day in sorted((d for d in store.days("reading") if d <= first_day), reverse=True):
            if not missing:
                break
            found: dict[int, Reading] = {}
            rows = [r for r in store.day_records("reading", day) if r.get("station_id") in missing]
            for reading in records_of(store, Reading, rows):
                if reading.at < start and (reading.station_id not in found
                                           or reading.at > found[reading.station_id].at):
                    found[reading.station_id] = reading
            for sid, reading in found.items():
                out[sid].append(reading)
                missing.discard(sid)
        return {sid: sorted(rs, key=lambda r: (r.at, r.id or 0)) for sid, rs in out.items()}

    def assessments(self, now: arrow.Arrow | None = None,
                    strict: bool = True) -> list[tuple[Station, Assessment, list[Reading]]]:
        now = now or self.ctx.now()
        settings = station_settings(self.ctx, strict)
        stations = self.all()
        recent = self.recent(now, stations)
        return [(s, assess(s, recent[int(s.id or 0)], now, trend_hours=int(settings["trend_hours"]),
                           steady=settings["steady_m"]), recent[int(s.id or 0)]) for s in stations]

    def views(self, now: arrow.Arrow | None = None) -> list[dict[str, Any]]:
        """The ``station list --json`` objects, most severe state first, then smallest margin."""
        settings = station_settings(self.ctx)
        rows = [station_json(s, a, approaching(s, a, settings["approach_margin_m"]))
                for s, a, _ in self.assessments(now)]
        return sorted(rows, key=view_order)

    def series(self, station_id: int, hours: int = 24) -> list[tuple[arrow.Arrow, float]]:
        """(time, value) of the last ``hours``, oldest first: for sparklines and charts."""
        now = self.ctx.now()
        return [(r.at, r.value) for r in self.readings(station_id, now.shift(hours=-hours), now)]

    def above_threshold(self, since: arrow.Arrow, until: arrow.Arrow) -> list[dict[str, Any]]:
        """Every station at or above a threshold at some reading in [since, until]: its view,
        plus ``peak`` / ``peak_at`` (the highest reading of the span) and ``peak_state``."""
        return stations_above(self, since, until)


def approaching(station: Station, assessment: Assessment, margin_m: float) -> bool:
    """A rising level within ``margin_m`` below the warning level."""
    latest = assessment.latest
    if station.is_rain or station.warning_level is None or latest is None:
        return False
    gap = station.warning_level - latest.value
    return assessment.trend == StationTrend.RISING and 0 < gap <= margin_m + 1e-9


def view_order(view: dict[str, Any]) -> tuple[Any, ...]:
    state = StationState(view["state"])
    margin = view["margin"] if view["margin"] is not None else float("inf")
    return (-SEVERITY[state], not view.get("approaching"), margin, view["name"], view["id"])


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def reading_json(reading: Reading) -> dict[str, Any]:
    """The stable JSON shape of a reading (a contract with scripts)."""
    return {"id": reading.id, "station_id": reading.station_id, "at": iso(reading.at), "value": reading.value,
            "source": reading.source.value, "force_reason": reading.force_reason or None,
            "created_at": iso(reading.created_at) if reading.created_at else None,
            "created_by": reading.created_by}


def station_json(station: Station, assessment: Assessment | None = None,
                 is_approaching: bool = False) -> dict[str, Any]:
    """The stable JSON shape of a station (``station list --json``; a contract with scripts)."""
    latest = assessment.latest if assessment else None
    return {"id": station.id, "name": station.name, "kind": station.kind.value,
            "keypoint_id": station.keypoint_id, "warning_level": station.warning_level,
            "guarantee_level": station.guarantee_level, "flood_limit": station.flood_limit,
            "rain_1h": station.rain_1h, "rain_3h": station.rain_3h, "rain_24h": station.rain_24h,
            "latest": ({"at": iso(latest.at), "value": latest.value, "source": latest.source.value}
                       if latest else None),
            "trend": (assessment.trend if assessment else StationTrend.UNKNOWN).value,
            "state": (assessment.state if assessment else StationState.NORMAL).value,
            "margin": assessment.margin if assessment else None,
            "approaching": is_approaching,
            "rain": ({f"{h}h": v for h, v in assessment.sums.items()}
                     if assessment and station.is_rain else None)}


__all__ = ["Stations", "station_json", "reading_json", "station_settings", "approaching", "rain_sum",
           "StationKind", "ReadingSource"]
