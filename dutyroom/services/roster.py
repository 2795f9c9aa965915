"""The roster: officers, the CSV import that fills shifts, and who the OS user is.

``dutyroom roster import FILE.csv`` reads a header row and one row per person
per shift::

    date,shift,role,name,phone,os_user
    2026-07-29,08:30,leader,王强,13800000001,
    2026-07-29,08:30,officer,张伟,13800000002,zhangwei

``shift`` is the slot's start (``HH:MM``) or its number in the day's pattern;
``role`` is ``leader`` / ``officer`` (or 带班领导 / 值班员). Chinese headers
(日期, 班次, 角色, 姓名, 电话, 系统账号) work too, and files saved by Excel as
UTF-8 with BOM or as GB18030 are read. The whole file is checked first: any
bad row is reported with its line number and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.shift import Officer, RosterRole, Shift, clean_name, clean_phone
from dutyroom.model.text import clean
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.guards import bump, guard_record
from dutyroom.services.record_text import message, system_entry
from dutyroom.services.shifts import SHIFT_GUARD, ShiftService, Slot
from dutyroom.store import Create, Update

HEADERS = {
    "date": ("date", "日期"),
    "shift": ("shift", "班次"),
    "role": ("role", "角色", "职务"),
    "name": ("name", "姓名"),
    "phone": ("phone", "电话", "手机"),
    "os_user": ("os_user", "系统账号", "账号"),
}
REQUIRED = ("date", "shift", "role", "name")
ROLE_WORDS = {"leader": RosterRole.LEADER, "带班领导": RosterRole.LEADER, "领导": RosterRole.LEADER,
              "officer": RosterRole.OFFICER, "值班员": RosterRole.OFFICER, "值班人员": RosterRole.OFFICER}
MAX_BYTES = 5 * 1024 * 1024
COLUMN_FIELDS = {"date": "roster_date", "shift": "shift", "role": "roster_role", "name": "officer_name",
                 "phone": "officer_phone", "os_user": "os_user"}


@dataclass
class RowProblem:
    line: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)


class RosterFileError(ValidationError):
    """The roster file has bad rows; ``problems`` names each by line. Nothing was imported."""

    def __init__(self, path: str, problems: list[RowProblem]) -> None:
        super().__init__("roster.error.bad_file", field="roster_file", path=path, count=len(problems))
        self.problems = problems


@dataclass
class ImportResult:
    shifts: list[Shift]
    officers_created: int
    officers_updated: int


@dataclass
class _Row:
    line: int
    slot: Slot
    role: RosterRole
    name: str
    phone: str
    os_user: str


class RosterService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # --------------------------------------------------------------- officers
    def officers(self) -> list[Officer]:
        return [Officer.from_dict(d) for d in self.ctx.store.all("officer")]

    def by_name(self, name: str) -> Officer | None:
        return next((o for o in self.officers() if o.name == name), None)

    def identify(self, os_user: str) -> Officer | None:
        """The roster entry linked to this OS account, if any (lowest id wins)."""
        return next((o for o in self.officers() if os_user and o.os_user == os_user), None)

    def my_name(self) -> str:
        """The acting person's roster name, else the operator name as given."""
        officer = self.identify(self.ctx.login)
        return officer.name if officer else self.ctx.operator

    def names_by_account(self) -> dict[str, str]:
        """OS account → roster name, so entries written before the link read as names too."""
        return {o.os_user: o.name for o in self.officers() if o.os_user}

    def me(self) -> Officer | None:
        """The roster entry of whoever is acting: linked to the account, or named by it."""
        return self.identify(self.ctx.login) or self.by_name(self.ctx.operator)

    def adopt_identity(self) -> None:
        """One identity per person: from now on this session writes and shows the roster name
        its OS account maps to (``--operator 张伟`` names it directly), and the account."""
        officer = self.me()
        if officer is not None:
            self.ctx.set_identity(officer.name, officer.os_user or self.ctx.login)

    def link(self, os_user: str, name: str) -> Officer:
        """Record that ``os_user`` is the roster's ``name`` (asked once, at first start)."""
        who = clean_name(name)
        account = clean(os_user, "os_user", required=True, max_len=64, single_line=True)
        officer = self.by_name(who)
        if officer is None:
            raise ValidationError("roster.error.unknown_name", field="officer_name", name=who)
        ops: list[Create | Update] = [
            Update("officer", o.id or 0, {"os_user": ""}, o.version)
            for o in self.officers() if o.os_user == account and o.name != who
        ]
        ops.append(Update("officer", officer.id or 0, {"os_user": account}, officer.version))
        mine = account == self.ctx.login
        ops.append(Create("log", system_entry(message("roster.log.linked", user=account, name=who),
                                              kind=LogKind.NOTICE, at=self.ctx.now(),
                                              author=who if mine else self.ctx.operator)))
        linked = Officer.from_dict(self.ctx.store.commit(ops)[len(ops) - 2])
        if mine:  # this session is that officer from now on: records and header say so
            self.ctx.set_identity(who)
        return linked

    # ----------------------------------------------------------------- import
    def import_file(self, path: Path) -> ImportResult:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise ValidationError("roster.error.unreadable", field="roster_file", path=str(path),
                                  reason=error.strerror or str(error)) from None
        if len(raw) > MAX_BYTES:
            raise ValidationError("roster.error.unreadable", field="roster_file", path=str(path),
                                  reason=f"> {MAX_BYTES} bytes")
        return self.import_text(decode(raw, str(path)), str(path))

    def import_text(self, text: str, source: str = "-") -> ImportResult:
        rows = self.check(text, source)
        return self._apply(rows, source)

    def check(self, text: str, source: str = "-") -> list[_Row]:
        """Every row parsed and checked; RosterFileError listing all bad rows otherwise."""
        shifts = ShiftService(self.ctx)
        reader = csv.reader(io.StringIO(text))
        problems: list[RowProblem] = []
        try:
            header = next(reader)
        except StopIteration:
            raise RosterFileError(source, [RowProblem(1, "roster.error.empty")]) from None
        columns = _columns(header)
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise RosterFileError(source, [RowProblem(1, "roster.error.header",
                                                      {"missing": ", ".join(missing)})])
        rows: list[_Row] = []
        leaders: dict[str, int] = {}
        seen: dict[tuple[str, str], int] = {}
        phones: dict[str, tuple[str, int]] = {}
        accounts: dict[str, tuple[str, int]] = {}
        try:
            for values in reader:
                line = reader.line_num
                if not any(v.strip() for v in values):
                    continue
                cell = {name: (values[i] if i < len(values) else "") for name, i in columns.items()}
                try:
                    row = self._row(line, cell, shifts)
                except ValidationError as error:
                    problems.append(RowProblem(line, error.key, {**error.params, "field": error.field}))
                    continue
                key = iso(row.slot.start)
                if (key, row.name) in seen:
                    problems.append(RowProblem(line, "roster.error.duplicate", {"name": row.name,
                                                                                "other": seen[(key, row.name)]}))
                    continue
                seen[(key, row.name)] = line
                if row.role == RosterRole.LEADER:
                    if key in leaders:
                        problems.append(RowProblem(line, "roster.error.two_leaders", {"other": leaders[key]}))
                        continue
                    leaders[key] = line
                if row.phone:
                    earlier = phones.get(row.name)
                    if earlier and earlier[0] != row.phone:
                        problems.append(RowProblem(line, "roster.error.phone_differs",
                                                   {"name": row.name, "other": earlier[1]}))
                        continue
                    phones.setdefault(row.name, (row.phone, line))
                if row.os_user:
                    holder = accounts.get(row.os_user)
                    if holder and holder[0] != row.name:
                        problems.append(RowProblem(line, "roster.error.account_twice",
                                                   {"user": row.os_user, "other": holder[1]}))
                        continue
                    accounts.setdefault(row.os_user, (row.name, line))
                rows.append(row)
        except csv.Error as error:
            problems.append(RowProblem(reader.line_num, "roster.error.csv", {"reason": str(error)}))
        if problems:
            raise RosterFileError(source, problems)
        if not rows:
            raise RosterFileError(source, [RowProblem(1, "roster.error.empty")])
        return rows

    def _row(self, line: int, cell: dict[str, str], shifts: ShiftService) -> _Row:
        for name in REQUIRED:
            if not cell.get(name, "").strip():
                raise ValidationError("error.required", field=COLUMN_FIELDS[name])
        role = ROLE_WORDS.get(cell["role"].strip().lower()) or ROLE_WORDS.get(cell["role"].strip())
        if role is None:
            raise ValidationError("error.bad_choice", field="roster_role", value=cell["role"].strip(),
                                  choices="leader, officer")
        slot = shifts.slot_on(cell["date"], cell["shift"])
        return _Row(line=line, slot=slot, role=role, name=clean_name(cell["name"]),
                    phone=clean_phone(cell.get("phone", "")),
                    os_user=clean(cell.get("os_user", ""), "os_user", max_len=64, single_line=True))

    def _apply(self, rows: list[_Row], source: str) -> ImportResult:
        shifts = ShiftService(self.ctx)
        guard = guard_record(self.ctx, SHIFT_GUARD)  # before looking for the shifts: no twins
        assert guard is not None
        ops: list[Create | Update] = []
        by_slot: dict[str, list[_Row]] = {}
        for row in rows:
            by_slot.setdefault(iso(row.slot.start), []).append(row)
        touched: list[tuple[str, Shift | None, Slot]] = []
        for key, slot_rows in by_slot.items():
            slot = slot_rows[0].slot
            leader = next((r.name for r in slot_rows if r.role == RosterRole.LEADER), "")
            officers = [r.name for r in slot_rows if r.role == RosterRole.OFFICER]
            phones = {r.name: r.phone for r in slot_rows if r.phone}
            existing = shifts.find(slot.start)
            data = {"leader": leader, "officers": officers, "phones": phones}
            if existing is None:
                shift = Shift(start=slot.start, end=slot.end, leader=leader, officers=officers, phones=phones)
                ops.append(Create("shift", shift.payload()))
            else:
                ops.append(Update("shift", existing.id or 0, data, existing.version))
            touched.append((key, existing, slot))
        created = updated = 0
        known = {o.name: o for o in self.officers()}
        latest: dict[str, _Row] = {}
        for row in sorted(rows, key=lambda r: (r.slot.start, r.line)):
            latest[row.name] = row
        linked = {r.os_user: r.name for r in rows if r.os_user}
        changes: dict[str, dict[str, Any]] = {}
        for officer in known.values():  # an account moves to the name the file gives it
            if officer.os_user in linked and linked[officer.os_user] != officer.name:
                changes[officer.name] = {"os_user": ""}
        for name, row in latest.items():
            phone = next((r.phone for r in rows if r.name == name and r.phone), "")
            account = next((r.os_user for r in rows if r.name == name and r.os_user), "")
            if name not in known:
                ops.append(Create("officer", Officer(name=name, role=row.role, phone=phone,
                                                     os_user=account).payload()))
                created += 1
                continue
            change = changes.setdefault(name, {})
            change["role"] = row.role.value
            if phone:
                change["phone"] = phone
            if account:
                change["os_user"] = account
            updated += 1
        for name, change in changes.items():  # one update per officer, so versions stay checked
            officer = known[name]
            ops.append(Update("officer", officer.id or 0, change, officer.version))
        entry = system_entry(message("roster.log.imported", shifts=len(by_slot), people=len(latest),
                                     source=Path(source).name),
                             kind=LogKind.NOTICE, at=self.ctx.now(), author=self.ctx.operator)
        ops.append(Create("log", entry))
        ops.append(bump(guard))
        records = self.ctx.store.commit(ops)
        return ImportResult(shifts=[Shift.from_dict(r) for r in records[: len(by_slot)]],
                            officers_created=created, officers_updated=updated)


def _columns(header: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for index, raw in enumerate(header):
        word = raw.strip().lstrip("\ufeff").lower()
        for name, aliases in HEADERS.items():
            if word in aliases and name not in out:
                out[name] = index
    return out


def decode(raw: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Excel on a Chinese system saves it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("roster.error.unreadable", field="roster_file", path=source, reason="encoding")
