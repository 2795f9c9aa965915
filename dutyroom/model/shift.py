"""Shifts and the roster: who leads (带班领导) and who is on duty (值班员)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.record import Record


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


@dataclasses.dataclass(kw_only=True)
class Shift(Record):
    KIND: ClassVar[str] = "shift"

    start: arrow.Arrow
    end: arrow.Arrow
    leader: str = ""
    officers: list[str] = dataclasses.field(default_factory=list)
    phones: dict[str, str] = dataclasses.field(default_factory=dict)
