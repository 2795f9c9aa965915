"""Key points: the registry, CSV import, and when each was last patrolled.

"Last patrolled" is the latest duty-log entry of kind ``patrol`` linked to the
key point (``keypoint_id``). A patrol is overdue when the interval for the
point's type at the response level in force has passed since then (or since
the point was registered, if it has never been patrolled).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import arrow

from dutyroom.i18n import catalog, t
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.model.keypoint import (PATROL_MIN_MINUTES, KeyPoint, KeyPointType, new_keypoint,
                                     patrol_interval)
from dutyroom.model.log_entry import LogKind
from dutyroom.model.status import ResponseLevel
from dutyroom.model.timeinput import from_iso
from dutyroom.services.context import Context
from dutyroom.services.csv_import import bad_row, csv_rows, read_text
from dutyroom.services.record_text import Message, message, system_entry
from dutyroom.store import Create

REQUIRED_COLUMNS = ("type", "name", "district", "responsible_unit", "responsible_person", "phone")
OPTIONAL_COLUMNS = ("town", "village", "patrol_interval_min", "notes")



class _PatrolIndex:
    """Latest patrol per key point as of journal offset ``offset`` (per data directory)."""

    def __init__(self) -> None:
        self.offset = 0
        self.latest_iso: dict[int, str] = {}
        self.latest: dict[int, arrow.Arrow] = {}

    def note(self, row: dict[str, Any]) -> None:
        if row.get("kind") != LogKind.PATROL.value or not row.get("keypoint_id"):
            return
        kid, at = int(row["keypoint_id"]), str(row.get("at") or "")
        if at and (kid not in self.latest_iso or from_iso(at) > from_iso(self.latest_iso[kid])):
            self.latest_iso[kid] = at


_patrol_index: dict[str, _PatrolIndex] = {}


@dataclass
class PatrolStatus:
    point: KeyPoint
    last_patrol_at: arrow.Arrow | None
    interval_min: int
    due_at: arrow.Arrow | None
    overdue: bool

    def hours_since(self, now: arrow.Arrow) -> float | None:
        if self.last_patrol_at is None:
            return None
        return max(0.0, (now - self.last_patrol_at).total_seconds() / 3600)


def response_level(ctx: Context) -> ResponseLevel:
    """The emergency response in force (the duty status record), ``none`` when unset."""
    records = ctx.store.all("status")
    if not records:
        return ResponseLevel.NONE
    value = records[0].get("response") or "none"
    try:
        return ResponseLevel(value)
    except ValueError:
        return ResponseLevel.NONE


class KeyPoints:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------ registry
    def all(self) -> list[KeyPoint]:
        from dutyroom.services.record_cache import records_of

        return list(records_of(self.ctx.store, KeyPoint, self.ctx.store.all("keypoint")))

    def get(self, keypoint_id: int) -> KeyPoint | None:
        data = self.ctx.store.get("keypoint", keypoint_id)
        return KeyPoint.from_dict(data) if data else None

    def require(self, keypoint_id: int, field: str = "keypoint") -> KeyPoint:
        point = self.get(keypoint_id)
        if point is None:
            raise ValidationError("error.link_missing", field=field, kind="keypoint", id=keypoint_id)
        return point

    def add(self, **fields: Any) -> KeyPoint:
        point = new_keypoint(**fields)
        self._check_duplicate(point, self.all(), line=None)
        entry = self._log(message("keypoint.log.added", name=point.name, type=point.type))
        stored = self.ctx.store.commit([Create("keypoint", point.payload()), Create("log", entry)])[0]
        return KeyPoint.from_dict(stored)

    def _log(self, msg: Message, keypoint_id: int | None = None) -> dict[str, Any]:
        return system_entry(msg, kind=LogKind.NOTICE, at=self.ctx.now(), author=self.ctx.operator,
                            keypoint_id=keypoint_id)

    @staticmethod
    def _check_duplicate(point: KeyPoint, existing: list[KeyPoint], line: int | None) -> None:
        for other in existing:
            if (other.type, other.name, other.district) == (point.type, point.name, point.district):
                raise ValidationError("error.keypoint_duplicate", field="name", name=point.name,
                                      id=other.id or "-")

    # ------------------------------------------------------------ CSV import
    def import_csv(self, path: Path) -> list[KeyPoint]:
        """Every row of ``path`` or none: a bad row raises naming its line, nothing is stored."""
        text = read_text(path)
        points = parse_keypoint_csv(text, existing=self.all())
        if not points:
            raise ValidationError("error.csv_empty", field="file", path=str(path))
        ops: list[Create] = [Create("keypoint", p.payload()) for p in points]
        ops.append(Create("log", self._log(message("keypoint.log.imported", count=len(points),
                                                        file=Path(path).name))))
        stored = self.ctx.store.commit(ops)
        return [KeyPoint.from_dict(r) for r in stored[:-1]]

    # ------------------------------------------------------------ patrols
    def settings(self) -> dict[str, Any]:
        return self.ctx.settings.section("patrol")

    def interval(self, point: KeyPoint, response: ResponseLevel | None = None) -> int:
        section = self.settings()
        level = (response or response_level(self.ctx)).value
        return patrol_interval(point, level, section.get("base_minutes") or None,
                               section.get("level_factor") or None,
                               int(section.get("min_minutes", PATROL_MIN_MINUTES)))

    def last_patrols(self) -> dict[int, arrow.Arrow]:
        """Latest patrol time per key point, from the whole log.

        Log entries are never removed, so the answer only grows: the first call
        in a process reads the season once, later calls read only the journal
        lines committed since (one ``stat`` when nothing was).
        """
        store = self.ctx.store
        index = _patrol_index.setdefault(str(store.root), _PatrolIndex())
        revision = store.revision()
        if revision == index.offset:
            return index.latest
        if index.offset == 0 or revision < index.offset:
            index.latest_iso.clear()
            for day in store.days("log"):
                for row in store.day_records("log", day):
                    index.note(row)
            index.offset = revision
        changes, end = store.changes_since(index.offset)
        for change in changes:
            for kind, rid, _op in change.records:
                if kind == "log":
                    row = store.get("log", rid)
                    if row:
                        index.note(row)
        index.offset = end
        index.latest = {kid: from_iso(at) for kid, at in index.latest_iso.items()}
        return index.latest

    def patrol_status(self, points: list[KeyPoint] | None = None) -> list[PatrolStatus]:
        points = self.all() if points is None else points
        if not points:
            return []
        response = response_level(self.ctx)
        intervals = {p.id: self.interval(p, response) for p in points}
        last = self.last_patrols()
        now = self.ctx.now()
        out = []
        for point in points:
            minutes = intervals[point.id]
            since = last.get(point.id or 0) or point.created_at
            due = since.shift(minutes=minutes) if since is not None else None
            out.append(PatrolStatus(point, last.get(point.id or 0), minutes, due,
                                    due is not None and now >= due))
        return out


def _type_code(value: str) -> str:
    """A type code, or its zh / en label as a spreadsheet shows it."""
    text = (value or "").strip()
    if text.lower() in KeyPointType.codes():
        return text.lower()
    for member in KeyPointType:
        pair = catalog().get(member.label_key)
        if pair and text in pair:
            return member.value
    return text


def parse_keypoint_csv(text: str, existing: list[KeyPoint] | None = None) -> list[KeyPoint]:
    """Validated key points from CSV text; the first bad row raises ``error.csv_row`` with its line."""
    seen = list(existing or [])
    points: list[KeyPoint] = []
    for line, values in csv_rows(text, REQUIRED_COLUMNS + OPTIONAL_COLUMNS, REQUIRED_COLUMNS, source="-",
                                 header_error="error.csv_header", expected=REQUIRED_COLUMNS):
        values["type"] = _type_code(values["type"])
        try:
            point = new_keypoint(**values)
            KeyPoints._check_duplicate(point, seen, line)
        except DomainError as error:
            raise bad_row(line, error) from None
        seen.append(point)
        points.append(point)
    return points


def keypoint_json(point: KeyPoint, status: PatrolStatus | None, now: arrow.Arrow) -> dict[str, Any]:
    """The stable JSON shape of a key point (a contract with scripts)."""
    data = point.to_dict()
    hours = status.hours_since(now) if status else None
    return {"id": point.id, "type": point.type.value, "name": point.name, "district": point.district,
            "town": point.town, "village": point.village, "responsible_unit": point.responsible_unit,
            "responsible_person": point.responsible_person, "phone": point.phone,
            "patrol_interval_min": status.interval_min if status else point.patrol_interval_min,
            "last_patrol_at": data_iso(status.last_patrol_at) if status else None,
            "hours_since_patrol": round(hours, 1) if hours is not None else None,
            "patrol_due_at": data_iso(status.due_at) if status else None,
            "patrol_overdue": bool(status and status.overdue), "notes": point.notes,
            "created_at": data["created_at"], "updated_at": data["updated_at"],
            "version": point.version}


def data_iso(moment: arrow.Arrow | None) -> str | None:
    from dutyroom.model.timeinput import iso

    return iso(moment) if moment is not None else None




def patrol_age(status: PatrolStatus, now: arrow.Arrow) -> str:
    """"Last patrolled 3 h ago" / "never patrolled", in the officer's language."""
    hours = status.hours_since(now)
    if hours is None:
        return t("keypoint.never_patrolled")
    if hours < 1:
        return t("keypoint.patrolled_minutes", minutes=int(hours * 60))
    return t("keypoint.patrolled_hours", hours=int(hours))
