"""Key points (重点部位) that are patrolled and may become hazard sites."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean


class KeyPointType(Code):
    RESERVOIR = "reservoir"
    EMBANKMENT = "embankment"
    WATERLOGGING_POINT = "waterlogging_point"
    GEOLOGICAL_POINT = "geological_point"
    DILAPIDATED_HOUSE = "dilapidated_house"
    CONSTRUCTION_SITE = "construction_site"
    RIVER = "river"
    BRIDGE = "bridge"
    UNDERPASS = "underpass"
    OTHER = "other"


@dataclasses.dataclass(kw_only=True)
class KeyPoint(Record):
    KIND: ClassVar[str] = "keypoint"

    type: KeyPointType
    name: str
    district: str = ""
    town: str = ""
    village: str = ""
    responsible_unit: str = ""
    responsible_person: str = ""
    phone: str = ""
    patrol_interval_min: int | None = None
    """This point's own interval with no response in force; None takes its type's default."""
    notes: str = ""

    @property
    def place(self) -> str:
        return " ".join(p for p in (self.district, self.town, self.village) if p)


# Patrol interval with no emergency response in force, minutes, by type; a
# response level divides it (see PATROL_FACTOR). Overridable in config.toml
# [patrol] base_minutes / level_factor.
PATROL_BASE_MIN: dict[str, int] = {
    "reservoir": 720, "embankment": 720, "river": 720, "geological_point": 720,
    "waterlogging_point": 1440, "underpass": 1440, "dilapidated_house": 1440,
    "construction_site": 1440, "bridge": 1440, "other": 1440,
}
PATROL_FACTOR: dict[str, float] = {"none": 1.0, "IV": 0.5, "III": 1 / 3, "II": 1 / 6, "I": 1 / 12}
PATROL_MIN_MINUTES = 30


def patrol_interval(point: KeyPoint, response: str, base: dict[str, int] | None = None,
                    factor: dict[str, float] | None = None,
                    floor: int = PATROL_MIN_MINUTES) -> int:
    """Minutes allowed between patrols of ``point`` at response level ``response``.

    Higher response levels shorten it (never below ``floor`` minutes).
    """
    table = {**PATROL_BASE_MIN, **(base or {})}
    scale = {**PATROL_FACTOR, **(factor or {})}
    minutes = point.patrol_interval_min or int(table.get(point.type.value, table["other"]))
    return max(floor, int(round(minutes * float(scale.get(response, 1.0)))))


TEXT_FIELDS = ("district", "town", "village", "responsible_unit", "responsible_person", "phone")


def new_keypoint(*, type: str, name: object, district: object = "", town: object = "",
                 village: object = "", responsible_unit: object = "", responsible_person: object = "",
                 phone: object = "", patrol_interval_min: object = None, notes: object = "") -> KeyPoint:
    """A validated key point; raises ValidationError naming the offending field."""
    kind = KeyPointType.parse(str(type or ""), "type")
    interval = None
    if patrol_interval_min not in (None, ""):
        try:
            interval = int(str(patrol_interval_min).strip())
        except ValueError:
            interval = 0
        if interval < 1:
            raise ValidationError("error.bad_number", field="patrol_interval_min", value=patrol_interval_min)
    values = {f: clean(v, f, max_len=120, single_line=True) for f, v in
              (("district", district), ("town", town), ("village", village),
               ("responsible_unit", responsible_unit), ("responsible_person", responsible_person),
               ("phone", phone))}
    return KeyPoint(type=kind, name=clean(name, "keypoint_name", required=True, max_len=120, single_line=True),
                    patrol_interval_min=interval, notes=clean(notes, "notes", max_len=1000), **values)
