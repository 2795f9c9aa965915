"""Units and teams that tickets are dispatched to."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from dutyroom.model.codes import Code
from dutyroom.model.record import Record


class UnitKind(Code):
    FLOOD_COMMAND = "flood_command"
    WATER_RESOURCES = "water_resources"
    EMERGENCY_MANAGEMENT = "emergency_management"
    POLICE = "police"
    CIVIL_AFFAIRS = "civil_affairs"
    TRANSPORT = "transport"
    HEALTH = "health"
    POWER = "power"
    TELECOM = "telecom"
    FIRE_RESCUE = "fire_rescue"
    COMMANDO = "commando"
    VOLUNTEER = "volunteer"
    OTHER = "other"


@dataclasses.dataclass(kw_only=True)
class Unit(Record):
    """A unit or a team (党员突击队, 志愿服务队); ``zone`` is its 责任区."""

    KIND: ClassVar[str] = "unit"

    kind: UnitKind
    name: str
    phone: str = ""
    contact: str = ""
    district: str = ""
    zone_keypoints: list[int] = dataclasses.field(default_factory=list)
    zone_area: str = ""
