"""Notable deeds (先进典型): who did what, when and where, and who saw or reported it.

The notice asks that exemplary people and teams be found and publicised; a deed
hangs on the record it came from (a log entry, a report, a ticket or a team
deployment) and is marked when it is to be reported upward.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean

MAX_TEXT = 4000


class DeedSubject(Code):
    """Whether a person or a team did it."""

    PERSON = "person"
    TEAM = "team"


class DeedLink(Code):
    """The kind of record a deed is attached to (its store kind)."""

    LOG = "log"
    REPORT = "report"
    TICKET = "ticket"
    DEPLOYMENT = "deployment"


@dataclasses.dataclass(kw_only=True)
class Deed(Record):
    """``district`` is copied from what it is attached to, for the party report's filter."""

    KIND: ClassVar[str] = "deed"

    subject: DeedSubject
    name: str
    unit_id: int | None = None
    text: str
    at: arrow.Arrow
    place: str = ""
    witness: str = ""
    link_kind: DeedLink
    link_id: int
    district: str = ""
    town: str = ""
    report_upward: bool = False
    marked_at: arrow.Arrow | None = None
    marked_by: str = ""


def new_deed(*, subject: str | DeedSubject, name: object, text: object, at: arrow.Arrow,
             link_kind: str | DeedLink, link_id: int, place: object = "", witness: object = "",
             unit_id: int | None = None, district: str = "", town: str = "") -> Deed:
    who = subject if isinstance(subject, DeedSubject) else DeedSubject.parse(str(subject), "subject")
    link = link_kind if isinstance(link_kind, DeedLink) else DeedLink.parse(str(link_kind), "link")
    if isinstance(link_id, bool) or not isinstance(link_id, int) or link_id < 1:
        raise ValidationError("error.bad_id", field="link", value=link_id)
    return Deed(subject=who, name=clean(name, "name", required=True, max_len=200, single_line=True),
                unit_id=unit_id, text=clean(text, "text", required=True, max_len=MAX_TEXT),
                at=at.to("UTC"), place=clean(place, "place", max_len=200, single_line=True),
                witness=clean(witness, "witness", max_len=200, single_line=True),
                link_kind=link, link_id=link_id, district=district, town=town)
