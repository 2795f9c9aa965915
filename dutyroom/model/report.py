"""Incoming reports (信息接报): a chain of first, follow-up and final reports."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.record import Record


class Channel(Code):
    PHONE = "phone"
    RADIO = "radio"
    SMS = "sms"
    WECHAT = "wechat"
    WALK_IN = "walk_in"
    SYSTEM = "system"
    OTHER = "other"


class Category(Code):
    """What is happening; hazard tickets use the same codes."""

    WATERLOGGING = "waterlogging"
    EMBANKMENT = "embankment"
    RESERVOIR = "reservoir"
    GEOLOGICAL = "geological"
    DILAPIDATED_HOUSE = "dilapidated_house"
    CONSTRUCTION_SITE = "construction_site"
    BRIDGE_ROAD = "bridge_road"
    TRAFFIC = "traffic"
    POWER = "power"
    TELECOM = "telecom"
    CASUALTY = "casualty"
    EVACUATION = "evacuation"
    OTHER = "other"


class Severity(Code):
    I = "I"  # noqa: E741 - 特别重大
    II = "II"
    III = "III"
    IV = "IV"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """Higher is graver; unknown sorts with the least grave."""
        return {"I": 4, "II": 3, "III": 2, "IV": 1, "unknown": 0}[self.value]


class Stage(Code):
    FIRST = "first"
    FOLLOW_UP = "follow_up"
    FINAL = "final"


class Verification(Code):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    FALSE_REPORT = "false_report"


class ReportStatus(Code):
    OPEN = "open"
    CLOSED = "closed"
    MERGED = "merged"


@dataclasses.dataclass(kw_only=True)
class IncomingReport(Record):
    """One report of a chain; ``chain_id`` is the id of the chain's first report."""

    KIND: ClassVar[str] = "report"

    received_at: arrow.Arrow
    channel: Channel = Channel.PHONE
    category: Category = Category.OTHER
    severity: Severity = Severity.UNKNOWN
    location: str = ""
    text: str = ""
    stage: Stage = Stage.FIRST
    status: ReportStatus = ReportStatus.OPEN
    chain_id: int | None = None
    sequence: int = 0
    event_at: arrow.Arrow | None = None
    reporter: str = ""
    reporter_unit: str = ""
    phone: str = ""
    keypoint_id: int | None = None
    dead: int = 0
    injured: int = 0
    missing: int = 0
    trapped: int = 0
    affected: int = 0
    measures: str = ""
    already_told: str = ""
    read_back: bool = False
    verification: Verification = Verification.UNVERIFIED
    verified_by: str = ""
    verified_how: str = ""
    ticket_id: int | None = None
    merged_into: int | None = None
