"""CSV imports of stations and of reading batches: all rows or none, a bad row named by its line.

Files are read as UTF-8 (with or without BOM) or GB18030, as spreadsheets in China save them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dutyroom.i18n import catalog
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.model.station import (Reading, Station, StationKind, check_duplicate, implausible, new_reading,
                                    new_station, settings_from)
from dutyroom.services.csv_import import bad_row, csv_rows, read_text

STATION_COLUMNS = ("name", "kind", "keypoint", "warning_level", "guarantee_level", "flood_limit",
                   "rain_1h", "rain_3h", "rain_24h")
STATION_REQUIRED = ("name", "kind")
READING_COLUMNS = ("station", "at", "value", "source")
READING_REQUIRED = ("station", "at", "value")


def _kind_code(value: str) -> str:
    """A kind code, or its zh / en label as a spreadsheet shows it."""
    text = (value or "").strip()
    if text.lower() in StationKind.codes():
        return text.lower()
    for member in StationKind:
        if text in (catalog().get(member.label_key) or ()):
            return member.value
    return text


# ``service`` is a :class:`dutyroom.services.stations.Stations` (not imported: it imports us).
def parse_station_csv(path: Path, service: Any) -> list[Station]:
    seen = service.all()
    out: list[Station] = []
    for line, values in csv_rows(read_text(path), STATION_COLUMNS, STATION_REQUIRED, source=str(path),
                                 header_error="error.station_csv_header"):
        try:
            station = new_station(name=values["name"], kind=_kind_code(values["kind"]),
                                  keypoint_id=service.keypoint_id(values.get("keypoint")),
                                  **{c: values.get(c) for c in STATION_COLUMNS[3:]})
            check_duplicate(station, seen)
        except DomainError as error:
            raise bad_row(line, error) from None
        seen.append(station)
        out.append(station)
    if not out:
        raise ValidationError("error.csv_empty", field="file", path=str(path))
    return out


ReadingRows = list[tuple[int, Station, Reading]]
"""(line, station, reading) of every data row of a batch, in file order."""


def new_readings(service: Any, parsed: ReadingRows) -> ReadingRows:
    """The rows of a batch not recorded yet, each checked (plausible, not ahead of the
    clock): rows already recorded with the same value are left out (idempotent), the same
    time with another value is a bad row."""
    step = settings_from(service.ctx.settings.section("stations"))["max_level_step_m"]
    return _new_and_plausible(service, parsed, step)


def unrecorded(service: Any, rows: ReadingRows) -> ReadingRows:
    """Of rows found new a moment ago, those still not recorded; :meth:`Stations.import_readings`
    asks again under the store's write lock, so that another session's import of the same
    batch in between is seen (its rows skipped, or named as a conflict). Reads only the
    readings of each station's span in the batch."""
    by_station: dict[int, list[tuple[int, Station, Reading]]] = {}
    for row in rows:
        by_station.setdefault(int(row[1].id or 0), []).append(row)
    keep: set[int] = set()
    for station_id, mine in by_station.items():
        known = {r.at.isoformat(): r for r in service.readings(station_id, min(r.at for _, _, r in mine),
                                                                max(r.at for _, _, r in mine))}
        for line, _station, reading in mine:
            same = known.get(reading.at.isoformat())
            if same is None:
                keep.add(line)
            elif same.value != reading.value:
                at = service.ctx.local(reading.at).format("YYYY-MM-DD HH:mm")
                raise _bad(line, ValidationError("error.reading_conflict", field="at", value=same.value, at=at))
    return [row for row in rows if row[0] in keep]


def parse_reading_rows(path: Path, service: Any) -> ReadingRows:
    """Every data row of a reading batch, parsed (a bad row is named by its line); not yet
    checked against what is stored."""
    ctx = service.ctx
    stations: dict[str, Station] = {}
    parsed: list[tuple[int, Station, Reading]] = []
    for line, values in csv_rows(read_text(path), READING_COLUMNS, READING_REQUIRED, source=str(path),
                                 header_error="error.station_csv_header"):
        try:
            ref = values["station"].strip()
            station = stations.get(ref) or service.require(ref)
            stations[ref] = station
            reading = new_reading(station=station, value=values["value"],
                                  at=ctx.parse_time(values["at"], "at"), source=values.get("source") or "sensor")
        except DomainError as error:
            raise bad_row(line, error) from None
        parsed.append((line, station, reading))
    if not parsed:
        raise ValidationError("error.csv_empty", field="file", path=str(path))
    return parsed


def _new_and_plausible(service: Any, parsed: ReadingRows, step: float) -> ReadingRows:
    ctx = service.ctx
    latest_allowed = ctx.now().shift(minutes=5)  # as Stations.check_time allows
    by_station: dict[int, list[tuple[int, Station, Reading]]] = {}
    for row in parsed:
        by_station.setdefault(int(row[1].id or 0), []).append(row)
    keep: set[int] = set()
    for station_id, rows in by_station.items():
        first = min(r.at for _, _, r in rows)
        last = max(r.at for _, _, r in rows)
        known: dict[str, Reading] = {r.at.isoformat(): r for r in service.readings(station_id, first, last)}
        before = service.previous(station_id, first)
        timeline = sorted([*known.values(), *([before] if before else [])], key=lambda r: r.at)
        for line, station, reading in sorted(rows, key=lambda row: (row[2].at, row[0])):
            try:
                if reading.at > latest_allowed:
                    raise ValidationError("error.reading_future", field="at",
                                          at=ctx.local(reading.at).format("YYYY-MM-DD HH:mm"))
                same = known.get(reading.at.isoformat())
                if same is not None:
                    if same.value != reading.value:
                        raise ValidationError("error.reading_conflict", field="at", value=same.value,
                                              at=ctx.local(reading.at).format("YYYY-MM-DD HH:mm"))
                    continue
                previous = max((r for r in timeline if r.at < reading.at), key=lambda r: r.at, default=None)
                problem = implausible(station, reading.value, previous, step)
                if problem:
                    raise ValidationError(f"error.reading_{problem}", field="value", value=f"{reading.value:g}",
                                          step=f"{step:g}")
            except DomainError as error:
                raise bad_row(line, error) from None
            known[reading.at.isoformat()] = reading
            timeline.append(reading)
            timeline.sort(key=lambda r: r.at)
            keep.add(line)
    return [row for row in parsed if row[0] in keep]
