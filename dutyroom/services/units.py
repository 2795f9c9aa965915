"""The directory of units and teams that tickets are dispatched to.

An empty directory is seeded with one entry per kind the duty room works with
(flood command, water resources, emergency management, police, civil affairs,
transport, health, power, telecom, fire and rescue, the party-member commando
team and the volunteer team), phones left for the office to fill in.
"""

from __future__ import annotations

from typing import Any

from dutyroom.i18n import LANGUAGES, catalog, t
from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.unit import Unit, UnitKind, new_unit
from dutyroom.services.context import Context
from dutyroom.services.guards import bump, guard_record
from dutyroom.services.record_text import Message, message, system_entry
from dutyroom.store import Create, StaleRecord, Update

DEFAULT_KINDS = [k for k in UnitKind if k != UnitKind.OTHER]


class Units:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def all(self) -> list[Unit]:
        return [read_unit(r) for r in self.ctx.store.all("unit")]

    def get(self, unit_id: int) -> Unit | None:
        data = self.ctx.store.get("unit", unit_id)
        return read_unit(data) if data else None

    def ensure_defaults(self) -> list[Unit]:
        """The directory; seeded (one commit, one log line) when it is empty."""
        units = self.all()
        if units:
            return units
        ops: list[Create] = [Create("unit", _default(k).payload()) for k in DEFAULT_KINDS]
        ops.append(Create("log", self._log(message("unit.log.seeded", count=len(DEFAULT_KINDS)))))
        for _attempt in range(3):
            guard = guard_record(self.ctx, "unit_seed")
            assert guard is not None
            if self.all():  # another session seeded meanwhile
                break
            try:
                self.ctx.store.commit([*ops, bump(guard)])
                break
            except StaleRecord:
                continue
        return self.all()

    def add(self, **fields: Any) -> Unit:
        unit = new_unit(**fields)
        self._check_zone(unit.zone_keypoints)
        if any(u.name == unit.name for u in self.all()):
            raise ValidationError("error.unit_duplicate", field="name", name=unit.name)
        stored = self.ctx.store.commit([
            Create("unit", unit.payload()),
            Create("log", self._log(message("unit.log.added", name=unit.name, kind=unit.kind)))])[0]
        return read_unit(stored)

    def edit(self, unit_id: int, **fields: Any) -> Unit:
        current = self.get(unit_id)
        if current is None:
            raise ValidationError("error.unit_missing", field="to", value=unit_id)
        merged = {"kind": current.kind, "name": current.name, "phone": current.phone,
                  "contact": current.contact, "district": current.district,
                  "zone_keypoints": current.zone_keypoints, "zone_area": current.zone_area,
                  "name_key": current.name_key}
        merged.update({k: v for k, v in fields.items() if v is not None})
        if current.name_key and str(merged["name"]).strip() not in unit_names(current):
            merged["name_key"] = ""  # renamed by an officer: their words from now on
        elif current.name_key:
            merged["name"] = (self.ctx.store.get("unit", unit_id) or {}).get("name") or current.name
        unit = new_unit(**merged)
        self._check_zone(unit.zone_keypoints)
        stored = self.ctx.store.commit([
            Update("unit", unit_id, unit.payload(), expected_version=current.version),
            Create("log", self._log(message("unit.log.edited", name=unit_name_value(unit))))])[0]
        return read_unit(stored)

    def _check_zone(self, ids: list[int]) -> None:
        for kid in ids:
            if self.ctx.store.get("keypoint", kid) is None:
                raise ValidationError("error.link_missing", field="zone", kind="keypoint", id=kid)

    def resolve(self, text: str | int) -> Unit:
        """A unit by id, exact name, kind code, or a name fragment that matches only one.

        With an empty directory the default one is matched first and stored
        only if the name matched, so a typo writes nothing.
        """
        units = self.all()
        if not units:
            defaults = [_default(k) for k in DEFAULT_KINDS]
            for number, unit in enumerate(defaults, start=1):
                unit.id = number
            found = self._match(defaults, text)
            return next(u for u in self.ensure_defaults() if u.kind == found.kind and u.name_key)
        return self._match(units, text)

    @staticmethod
    def _match(units: list[Unit], text: str | int) -> Unit:
        value = str(text).strip()
        if not value:
            raise ValidationError("error.required", field="to")
        if value.isdigit():
            for unit in units:
                if unit.id == int(value):
                    return unit
            raise ValidationError("error.unit_missing", field="to", value=value)
        exact = [u for u in units if value in unit_names(u)]
        if len(exact) == 1:
            return exact[0]
        by_kind = [u for u in units if u.kind.value == value.lower()]
        if len(by_kind) == 1:
            return by_kind[0]
        fragment = [u for u in units if any(value.casefold() in n.casefold() for n in unit_names(u))]
        if len(fragment) == 1:
            return fragment[0]
        if len(fragment) > 1 or len(by_kind) > 1:
            names = ", ".join(f"#{u.id} {u.name}" for u in (fragment or by_kind)[:6])
            raise ValidationError("error.unit_ambiguous", field="to", value=value, names=names)
        raise ValidationError("error.unit_missing", field="to", value=value)

    def responsible_for(self, keypoint_id: int | None) -> list[Unit]:
        """Teams whose responsibility zone lists the key point."""
        return [u for u in self.all() if u.covers(keypoint_id)]

    def _log(self, msg: Message) -> dict[str, Any]:
        return system_entry(msg, kind=LogKind.NOTICE, at=self.ctx.now(), author=self.ctx.operator)


def _default(kind: UnitKind) -> Unit:
    """A seeded unit: its name is a catalog key, so every officer reads it in their language."""
    key = f"unit.default.{kind.value}"
    return new_unit(kind=kind, name=t(key), name_key=key)


def read_unit(data: dict[str, Any]) -> Unit:
    """A stored unit as the reader sees it: a seeded name in the reader's language."""
    unit = Unit.from_dict(data)
    if unit.name_key and unit.name_key in catalog():
        unit.name = t(unit.name_key)
    return unit


def unit_names(unit: Unit) -> set[str]:
    """Every name the unit answers to: a seeded one in either language."""
    names = {unit.name}
    if unit.name_key and unit.name_key in catalog():
        names.update(t(unit.name_key, lang=lang) for lang in LANGUAGES)
    return names


def unit_name_value(unit: Unit) -> Any:
    """The unit's name as a message parameter: its key while seeded, else the officer's text."""
    return message(unit.name_key) if unit.name_key else unit.name


def unit_json(unit: Unit) -> dict[str, Any]:
    """The stable JSON shape of a unit."""
    return {"id": unit.id, "kind": unit.kind.value, "name": unit.name, "name_key": unit.name_key,
            "phone": unit.phone,
            "contact": unit.contact, "district": unit.district,
            "zone_keypoints": list(unit.zone_keypoints), "zone_area": unit.zone_area,
            "version": unit.version}
