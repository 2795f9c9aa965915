"""Shifts and the roster: who leads (带班领导) and who is on duty (值班员).

A shift is one slot of the duty room's shift pattern (24 h from 08:30, or
three 8 h shifts...); its record is created the first time anything needs it
(a roster import, a sign-on, a handover), keyed by its start.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean


class RosterRole(Code):
    LEADER = "leader"
    OFFICER = "officer"


@dataclasses.dataclass(kw_only=True)
class Officer(Record):
    """A roster entry; ``os_user`` links the OS account an officer runs the app as."""

    KIND: ClassVar[str] = "officer"

    name: str
    role: RosterRole = RosterRole.OFFICER
    phone: str = ""
    os_user: str = ""


@dataclasses.dataclass
class Attendance:
    """One officer's presence in a shift: signed on, later signed off."""

    name: str
    on_at: arrow.Arrow
    off_at: arrow.Arrow | None = None


@dataclasses.dataclass(kw_only=True)
class Shift(Record):
    """``leader`` and ``officers`` are names from the roster; ``phones`` maps name to phone.

    ``carried`` lists the items (``kind:id``) a sealed handover passed to this
    shift, and ``handover_in`` that handover's id.
    """

    KIND: ClassVar[str] = "shift"

    start: arrow.Arrow
    end: arrow.Arrow
    leader: str = ""
    officers: list[str] = dataclasses.field(default_factory=list)
    phones: dict[str, str] = dataclasses.field(default_factory=dict)
    attendance: list[Attendance] = dataclasses.field(default_factory=list)
    handover_in: int | None = None
    carried: list[str] = dataclasses.field(default_factory=list)

    def members(self) -> list[str]:
        """Everyone rostered on this shift, leader first."""
        return ([self.leader] if self.leader else []) + [n for n in self.officers if n != self.leader]

    def on_duty(self) -> list[str]:
        """Names signed on and not yet signed off."""
        return [a.name for a in self.attendance if a.off_at is None]

    def contains(self, moment: arrow.Arrow) -> bool:
        return self.start <= moment < self.end


MAX_NAME = 40
MAX_PHONE = 40


def clean_name(value: object, field: str = "officer_name") -> str:
    return clean(value, field, required=True, max_len=MAX_NAME, single_line=True)


def clean_phone(value: object, field: str = "officer_phone") -> str:
    phone = clean(value, field, max_len=MAX_PHONE, single_line=True)
    if phone and not all(c.isdigit() or c in "+-() " for c in phone):
        raise ValidationError("roster.error.bad_phone", field=field, value=phone)
    return phone
