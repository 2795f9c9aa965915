"""Responsible persons (责任人) for the warning call-out (预警叫应).

Each contact answers for one area (a county, a town, a village or a unit) and
names the area above it (``parent``): the areas form a tree, which is how a
call-out reaches every village below a town, and how a silent area is escalated
to the person above it. Names, areas and phones come from a spreadsheet: they
are cleaned where they enter and shown literally everywhere.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.shift import clean_name, clean_phone
from dutyroom.model.text import clean

MAX_AREA = 100
MAX_ROLE = 100


class ContactLevel(Code):
    """The level of the area a person answers for (县 / 乡镇 / 村 / 单位)."""

    COUNTY = "county"
    TOWN = "town"
    VILLAGE = "village"
    UNIT = "unit"


LEVEL_WORDS = {"县": ContactLevel.COUNTY, "区": ContactLevel.COUNTY, "县区": ContactLevel.COUNTY,
               "乡镇": ContactLevel.TOWN, "乡": ContactLevel.TOWN, "镇": ContactLevel.TOWN,
               "街道": ContactLevel.TOWN, "村": ContactLevel.VILLAGE, "社区": ContactLevel.VILLAGE,
               "单位": ContactLevel.UNIT}
"""The words a Chinese spreadsheet uses for the levels, besides the codes."""


def parse_level(value: object, field: str = "contact_level") -> ContactLevel:
    """A level from its code (``town``) or its Chinese word (乡镇); else a ValidationError."""
    text = str(value or "").strip()
    if text in LEVEL_WORDS:
        return LEVEL_WORDS[text]
    return ContactLevel.parse(text, field)


def parse_levels(value: object, field: str = "levels") -> list[ContactLevel]:
    """``town,village`` (or 乡镇,村; a list works too) → the levels, in the order given, once each."""
    parts = value if isinstance(value, (list, tuple)) else str(value or "").replace("，", ",").split(",")
    out: list[ContactLevel] = []
    for part in parts:
        if str(part).strip():
            level = parse_level(part, field)
            if level not in out:
                out.append(level)
    if not out:
        raise ValidationError("error.required", field=field)
    return out


def clean_area(value: object, field: str = "area", required: bool = True) -> str:
    """An area's name as the tree matches it: one line, inner runs of spaces kept as one."""
    return clean(value, field, required=required, max_len=MAX_AREA, single_line=True)


@dataclasses.dataclass(kw_only=True)
class Contact(Record):
    """One responsible person; (``area``, ``name``) identifies them across imports."""

    KIND: ClassVar[str] = "contact"

    level: ContactLevel
    area: str
    parent: str = ""
    """The area above ``area`` ("" at the top of the tree)."""
    name: str
    role: str = ""
    phone: str
    alt_phone: str = ""


def new_contact(*, level: object, area: object, parent: object = "", name: object, role: object = "",
                phone: object, alt_phone: object = "") -> Contact:
    """A checked contact: level, area, name and phone are required; an area is not its own parent."""
    where = clean_area(area, "area")
    above = clean_area(parent, "parent_area", required=False)
    if above == where:
        raise ValidationError("callout.error.own_parent", field="parent_area", area=where)
    number = clean_phone(phone, "contact_phone")
    if not number:
        raise ValidationError("error.required", field="contact_phone")
    return Contact(level=parse_level(level), area=where, parent=above,
                   name=clean_name(name, "contact_name"),
                   role=clean(role, "contact_role", max_len=MAX_ROLE, single_line=True),
                   phone=number, alt_phone=clean_phone(alt_phone, "contact_alt_phone"))
