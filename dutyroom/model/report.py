"""Incoming reports (信息接报): a chain of first, follow-up and final reports.

A chain is its first report (首报) plus the follow-ups (续报) and the final
report (终报) filed against it, each a record of its own with ``chain_id`` set
to the first report's id. What belongs to the chain as a whole lives on the
first report: status, current severity, reports upward ("forwards"),
verification, merged duplicates, the linked ticket. Only first reports are
stored with ``open`` set, so ``open.json`` holds one record per open chain.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean

MAX_TEXT = 4000
MAX_LINE = 200
MAX_COUNT = 1_000_000


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


class ForwardVia(Code):
    """How the duty room reported a chain to its superior."""

    PHONE = "phone"
    WRITTEN = "written"


@dataclasses.dataclass
class Forward:
    """"Reported to superior": to whom, how, when, by which officer."""

    to: str
    via: ForwardVia
    at: arrow.Arrow
    by: str = ""


@dataclasses.dataclass
class SeverityChange:
    at: arrow.Arrow
    by: str
    old: Severity
    new: Severity
    reason: str = ""


@dataclasses.dataclass
class ContactCorrection:
    """Who reported, corrected after intake (``field`` is ``reporter`` or ``phone``): the
    record shows the new value, the chain keeps the old one here."""

    at: arrow.Arrow
    by: str
    field: str
    old: str
    new: str
    reason: str = ""


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
    open: bool = False
    """Set on the first report of an open chain only (mirrored in open.json)."""
    chain_id: int | None = None
    sequence: int = 0
    """0 for the first report, then 1, 2, ... for follow-ups and the final report."""
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
    verified_at: arrow.Arrow | None = None
    ticket_id: int | None = None
    merged_into: int | None = None
    # ---- chain-level fields, kept on the first report
    severity_at: arrow.Arrow | None = None
    """When the chain reached its current severity (intake, or the last raise): deadlines run from here."""
    last_at: arrow.Arrow | None = None
    """Received time of the chain's latest report."""
    thread_ids: list[int] = dataclasses.field(default_factory=list)
    forwards: list[Forward] = dataclasses.field(default_factory=list)
    severity_changes: list[SeverityChange] = dataclasses.field(default_factory=list)
    corrections: list[ContactCorrection] = dataclasses.field(default_factory=list)
    merged_ids: list[int] = dataclasses.field(default_factory=list)
    duplicate_of: list[int] = dataclasses.field(default_factory=list)
    """Open chains this report may repeat, flagged at intake."""
    closed_at: arrow.Arrow | None = None
    final_id: int | None = None

    @property
    def is_head(self) -> bool:
        return self.stage == Stage.FIRST

    @property
    def head_id(self) -> int | None:
        return self.chain_id or self.id

    @property
    def chain_stage(self) -> Stage:
        """Where the chain stands: first, follow-up (续报 filed) or final (终报 filed)."""
        if self.final_id is not None:
            return Stage.FINAL
        return Stage.FOLLOW_UP if self.thread_ids else self.stage


COUNT_FIELDS = ("dead", "injured", "missing", "trapped", "affected")
TEXT_FIELDS = {"location": MAX_LINE, "reporter": 80, "reporter_unit": MAX_LINE, "phone": 40,
               "measures": MAX_TEXT, "already_told": MAX_TEXT}


def clean_count(value: Any, field: str) -> int:
    """A head count typed by an officer: blank is 0, otherwise a whole number >= 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        raise ValidationError("error.bad_number", field=field, value=value)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError("error.bad_number", field=field, value=value) from None
    if number < 0 or number > MAX_COUNT:
        raise ValidationError("error.bad_number", field=field, value=value)
    return number


def new_report(*, received_at: arrow.Arrow, channel: str | Channel, category: str | Category,
               location: object, text: object, severity: str | Severity = Severity.UNKNOWN,
               event_at: arrow.Arrow | None = None, keypoint_id: int | None = None,
               read_back: bool = False, **optional: Any) -> IncomingReport:
    """A validated, cleaned first report ready for the store (the chain's head)."""
    fields: dict[str, Any] = {}
    for name, limit in TEXT_FIELDS.items():
        value = location if name == "location" else optional.pop(name, "")
        fields[name] = clean(value, name, required=name == "location", max_len=limit,
                             single_line=limit <= MAX_LINE)
    for name in COUNT_FIELDS:
        fields[name] = clean_count(optional.pop(name, 0), name)
    if optional:
        raise TypeError(f"unknown report fields: {sorted(optional)}")
    if keypoint_id is not None and (not isinstance(keypoint_id, int) or keypoint_id < 1):
        raise ValidationError("error.bad_id", field="keypoint_id", value=keypoint_id)
    received = received_at.to("UTC")
    return IncomingReport(
        received_at=received,
        channel=_code(Channel, channel, "channel"),
        category=_code(Category, category, "category"),
        severity=_code(Severity, severity, "severity"),
        text=clean(text, "text", required=True, max_len=MAX_TEXT),
        event_at=event_at.to("UTC") if event_at else None,
        keypoint_id=keypoint_id, read_back=bool(read_back),
        open=True, severity_at=received, last_at=received, **fields)


def _code(cls: type[Code], value: Any, field: str) -> Any:
    if isinstance(value, cls):
        return value
    if value is None or not str(value).strip():
        raise ValidationError("error.required", field=field)
    return cls.parse(str(value), field=field)


def parse_code(cls: type[Code], value: Any, field: str) -> Any:
    """``value`` as a member of ``cls``; blank is "required", anything else must be a code."""
    return _code(cls, value, field)
