"""The duty log (值班日志): append-only, a correction amends, never overwrites."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean

MAX_TEXT = 4000


class LogKind(Code):
    CALL_IN = "call_in"
    CALL_OUT = "call_out"
    INSTRUCTION = "instruction"
    PATROL = "patrol"
    READING = "reading"
    ACTION = "action"
    NOTICE = "notice"
    OTHER = "other"


@dataclasses.dataclass(kw_only=True)
class LogEntry(Record):
    """One line of the legal record. ``at`` is when it happened, ``created_at`` when written."""

    KIND: ClassVar[str] = "log"

    at: arrow.Arrow
    kind: LogKind = LogKind.OTHER
    text: str = ""
    author: str = ""
    amends: int | None = None
    report_id: int | None = None
    ticket_id: int | None = None
    keypoint_id: int | None = None
    station_id: int | None = None
    """A water-level or rain station the entry is about (a reading, a threshold crossed)."""
    system: bool = False
    """Written by the app itself (status change, escalation event), not typed by an officer."""
    message: dict[str, Any] | None = None
    """For a system entry: the message key and its parameters, rendered in each reader's language
    (``text`` then only holds how it read to its writer, for search and older tools)."""


def new_log_entry(*, text: object, kind: str | LogKind = LogKind.OTHER, at: arrow.Arrow,
                  author: str, amends: int | None = None, report_id: int | None = None,
                  ticket_id: int | None = None, keypoint_id: int | None = None,
                  station_id: int | None = None, system: bool = False, message: dict[str, Any] | None = None) -> LogEntry:
    """A validated, cleaned entry ready for the store."""
    kind_code = kind if isinstance(kind, LogKind) else LogKind.parse(str(kind), field="kind")
    body = clean(text, "text", required=True, max_len=MAX_TEXT)
    who = clean(author, "author", required=True, max_len=80, single_line=True)
    for name, value in (("amends", amends), ("report_id", report_id), ("ticket_id", ticket_id),
                        ("keypoint_id", keypoint_id), ("station_id", station_id)):
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValidationError("error.bad_id", field=name, value=value)
    return LogEntry(at=at.to("UTC"), kind=kind_code, text=body, author=who, amends=amends,
                    report_id=report_id, ticket_id=ticket_id, keypoint_id=keypoint_id,
                    station_id=station_id, system=system, message=message)
