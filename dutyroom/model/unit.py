"""Units and teams that tickets are dispatched to."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean


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
    name_key: str = ""
    """A seeded unit's name as a catalog key, shown in each reader's language; empty once an
    officer names the unit (then ``name`` is their literal text)."""

    def covers(self, keypoint_id: int | None) -> bool:
        """True when the key point is in this team's responsibility zone."""
        return keypoint_id is not None and keypoint_id in self.zone_keypoints


def new_unit(*, kind: str | UnitKind, name: object, phone: object = "", contact: object = "",
             district: object = "", zone_keypoints: list[int] | None = None,
             zone_area: object = "", name_key: str = "") -> Unit:
    code = kind if isinstance(kind, UnitKind) else UnitKind.parse(str(kind or ""), "kind")
    points = list(zone_keypoints or [])
    for value in points:
        if not isinstance(value, int) or value < 1:
            raise ValidationError("error.bad_id", field="zone", value=value)
    return Unit(kind=code, name=clean(name, "unit_name", required=True, max_len=120, single_line=True),
                phone=clean(phone, "phone", max_len=60, single_line=True),
                contact=clean(contact, "contact", max_len=80, single_line=True),
                district=clean(district, "district", max_len=120, single_line=True),
                zone_keypoints=points, zone_area=clean(zone_area, "zone_area", max_len=300),
                name_key=str(name_key or ""))
