"""Responsible persons: the CSV import that fills them, the list, and the area tree.

``dutyroom contact import FILE.csv`` reads a header and one row per person::

    level,area,parent,name,role,phone,alt_phone
    county,青山县,,李县长,县防指副指挥长,13900000001,
    town,河口镇,青山县,王镇长,镇长,13900000002,
    village,柳湾村,河口镇,赵书记,村支书,13900000003,13700000003

``level`` is ``county|town|village|unit`` or 县/乡镇/村/单位; ``alt_phone`` may be left
out. Files saved by Excel as UTF-8 with BOM or as GB18030 are read. The whole file is
checked first: a bad row is named by its line and nothing is imported. A person already
known (same area and name) is updated; anyone else is added.
"""

from __future__ import annotations

from pathlib import Path

from dutyroom.model.contact import Contact, clean_area, new_contact
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.services.context import Context
from dutyroom.services.csv_import import bad_row, csv_rows, read_text
from dutyroom.services.record_text import message, system_entry
from dutyroom.store import Create, Update

KIND = "contact"
COLUMNS = ("level", "area", "parent", "name", "role", "phone", "alt_phone")
REQUIRED_COLUMNS = COLUMNS[:-1]
HEADER_WORDS = {"级别": "level", "层级": "level", "区域": "area", "地区": "area", "上级": "parent",
                "上级区域": "parent", "姓名": "name", "职务": "role", "电话": "phone", "手机": "phone",
                "备用电话": "alt_phone"}


class Contacts:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------ reading
    def all(self, area: str | None = None) -> list[Contact]:
        """Every contact, by id; with ``area``, those answering for exactly that area."""
        out = [Contact.from_dict(r) for r in self.ctx.store.all(KIND)]
        if area is not None:
            where = clean_area(area)
            out = [c for c in out if c.area == where]
        return out

    def areas(self) -> dict[str, str]:
        """Every known area and the area above it ("" at the top; the first contact naming one wins)."""
        tree: dict[str, str] = {}
        for contact in self.all():
            if not tree.get(contact.area):
                tree[contact.area] = contact.parent
        for contact in self.all():
            if contact.parent:
                tree.setdefault(contact.parent, "")
        return tree

    def below(self, area: str) -> list[str]:
        """The areas below ``area`` by ``parent``, nearest first (not ``area`` itself).

        A loop in the tree (A under B under A) is walked once, never forever."""
        children: dict[str, list[str]] = {}
        for contact in self.all():
            if contact.parent and contact.area not in children.setdefault(contact.parent, []):
                children[contact.parent].append(contact.area)
        root = clean_area(area)
        seen = {root}
        out: list[str] = []
        queue = [root]
        while queue:
            for child in children.get(queue.pop(0), []):
                if child not in seen:
                    seen.add(child)
                    out.append(child)
                    queue.append(child)
        return out

    # ------------------------------------------------------------ import
    def import_csv(self, path: Path | str) -> list[Contact]:
        """Every row of ``path`` or none: a bad row raises naming its line, nothing is stored."""
        text = read_text(Path(path))
        return self.save(parse_contact_csv(text, str(path)), Path(path).name)

    def save(self, rows: list[Contact], source: str) -> list[Contact]:
        """Checked contacts stored in one commit with one log line naming ``source``: a person
        already known (same area and name) is updated, anyone else added."""
        known = {(c.area, c.name): c for c in self.all()}
        ops: list[Create | Update] = []
        added = updated = 0
        for contact in rows:
            old = known.get((contact.area, contact.name))
            if old is None:
                ops.append(Create(KIND, contact.payload()))
                added += 1
            else:
                ops.append(Update(KIND, old.id or 0, contact.payload(), old.version))
                updated += 1
        entry = system_entry(message("contact.log.imported", added=added, updated=updated, file=source),
                             kind=LogKind.NOTICE, at=self.ctx.now(), author=self.ctx.operator)
        stored = self.ctx.store.commit([*ops, Create("log", entry)])
        return [Contact.from_dict(r) for r in stored[:-1]]


def parse_contact_csv(text: str, source: str = "-") -> list[Contact]:
    """Checked contacts from CSV text; the first bad row raises ``error.csv_row`` with its line."""
    out: list[Contact] = []
    seen: dict[tuple[str, str], int] = {}
    for line, values in csv_rows(text, COLUMNS, REQUIRED_COLUMNS, source=source,
                                 header_error="contact.error.header", words=HEADER_WORDS):
        try:
            contact = new_contact(**values)
        except DomainError as error:
            raise bad_row(line, error) from None
        key = (contact.area, contact.name)
        if key in seen:
            duplicate = ValidationError("contact.error.duplicate", field="contact_name", name=contact.name,
                                        area=contact.area, other=seen[key])
            raise bad_row(line, duplicate)
        seen[key] = line
        out.append(contact)
    if not out:
        raise ValidationError("error.csv_empty", field="file", path=source)
    return out


def contact_json(contact: Contact) -> dict[str, object]:
    """The stable JSON shape of a contact (``contact list --json``)."""
    return {"id": contact.id, "level": contact.level.value, "area": contact.area, "parent": contact.parent,
            "name": contact.name, "role": contact.role, "phone": contact.phone,
            "alt_phone": contact.alt_phone, "version": contact.version}
