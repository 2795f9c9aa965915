"""Key points (重点部位) that are patrolled and may become hazard sites."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from dutyroom.model.codes import Code
from dutyroom.model.record import Record


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
    notes: str = ""
