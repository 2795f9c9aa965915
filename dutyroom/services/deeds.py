"""Notable deeds: attach to a log entry, report, ticket or deployment; list; mark for reporting upward."""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.model.deed import Deed, DeedLink, DeedSubject, new_deed
from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.deployments import Deployments
from dutyroom.services.record_text import message, system_entry
from dutyroom.store import Create, Update

KIND = "deed"


class Deeds:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, *, link_kind: str | DeedLink, link_id: int, subject: str | DeedSubject,
            name: object, text: object, at: str | arrow.Arrow | None = None, place: object = "",
            witness: object = "") -> Deed:
        link = link_kind if isinstance(link_kind, DeedLink) else DeedLink.parse(str(link_kind), "link")
        target = self.ctx.store.get(link.value, link_id) if isinstance(link_id, int) else None
        if target is None:
            raise ValidationError("error.link_missing", field="link", kind=link.value, id=link_id)
        who = subject if isinstance(subject, DeedSubject) else DeedSubject.parse(str(subject), "subject")
        unit_id = None
        if who == DeedSubject.TEAM:
            unit = Deployments(self.ctx).resolve_team(name)
            unit_id, name = unit.id, unit.name
        elif link == DeedLink.DEPLOYMENT:
            unit_id = target.get("unit_id")  # the person was out with that team
        moment = at if isinstance(at, arrow.Arrow) else self.ctx.parse_time(at, "at")
        district, town = self._where(link, target)
        if not district and unit_id is not None:
            district = (self.ctx.store.get("unit", unit_id) or {}).get("district", "")
        deed = new_deed(subject=who, name=name, text=text, at=moment, link_kind=link,
                        link_id=link_id, place=place, witness=witness, unit_id=unit_id,
                        district=district, town=town)
        log = system_entry(message("upward.log.deed", name=deed.name, text=deed.text),
                           kind=LogKind.NOTICE, at=self.ctx.now(), author=self.ctx.operator,
                           **self._log_links(link, target))
        stored, _ = self.ctx.store.commit([Create(KIND, deed.payload()), Create("log", log)])
        return Deed.from_dict(stored)

    def _where(self, link: DeedLink, target: dict[str, Any]) -> tuple[str, str]:
        """District and town of what the deed hangs on, through its key point when it has one."""
        if link == DeedLink.DEPLOYMENT:
            return target.get("district", ""), target.get("town", "")
        keypoint_id = target.get("keypoint_id")
        if link == DeedLink.LOG and not keypoint_id and target.get("ticket_id"):
            keypoint_id = (self.ctx.store.get("ticket", int(target["ticket_id"])) or {}).get("keypoint_id")
        if keypoint_id:
            keypoint = self.ctx.store.get("keypoint", int(keypoint_id)) or {}
            return keypoint.get("district", ""), keypoint.get("town", "")
        return "", ""

    @staticmethod
    def _log_links(link: DeedLink, target: dict[str, Any]) -> dict[str, int | None]:
        links: dict[str, int | None] = {"report_id": None, "ticket_id": None, "keypoint_id": None}
        if link == DeedLink.REPORT:
            links["report_id"] = target["id"]
        elif link == DeedLink.TICKET:
            links["ticket_id"] = target["id"]
        for name in ("ticket_id", "keypoint_id", "report_id"):
            if links[name] is None and isinstance(target.get(name), int):
                links[name] = target[name]
        return links

    def mark(self, deed_id: int, *, on: bool = True, expected_version: int | None = None) -> Deed:
        """Mark (or unmark) a deed for reporting upward; logged in the same commit."""
        deed = self.require(deed_id)
        if deed.report_upward == on:
            return deed
        now = self.ctx.now()
        changes = {"report_upward": on, "marked_at": iso(now) if on else None,
                   "marked_by": self.ctx.operator if on else ""}
        key = "upward.log.deed_marked" if on else "upward.log.deed_unmarked"
        log = system_entry(message(key, id=deed_id, name=deed.name), kind=LogKind.NOTICE, at=now,
                           author=self.ctx.operator)
        version = expected_version if expected_version is not None else deed.version
        stored, _ = self.ctx.store.commit([Update(KIND, deed_id, changes, version), Create("log", log)])
        return Deed.from_dict(stored)

    def get(self, deed_id: int) -> Deed | None:
        data = self.ctx.store.get(KIND, deed_id)
        return Deed.from_dict(data) if data else None

    def require(self, deed_id: int) -> Deed:
        deed = self.get(deed_id)
        if deed is None:
            raise ValidationError("error.deed_missing", field="deed", id=deed_id)
        return deed

    def all(self) -> list[Deed]:
        out = [Deed.from_dict(r) for day in self.ctx.store.days(KIND)
               for r in self.ctx.store.day_records(KIND, day)]
        return sorted(out, key=lambda d: (d.at, d.id or 0))

    def listing(self, *, marked: bool | None = None, start: arrow.Arrow | None = None,
                end: arrow.Arrow | None = None) -> list[Deed]:
        """Deeds whose ``at`` falls in [start, end), optionally only those marked."""
        return [d for d in self.all()
                if (marked is None or d.report_upward == marked)
                and (start is None or d.at >= start) and (end is None or d.at < end)]


def deed_json(deed: Deed) -> dict[str, Any]:
    data = deed.to_dict()
    return {"id": data["id"], "subject": data["subject"], "name": data["name"],
            "team_id": data["unit_id"], "text": data["text"], "at": data["at"],
            "place": data["place"], "witness": data["witness"], "link_kind": data["link_kind"],
            "link_id": data["link_id"], "district": data["district"], "town": data["town"],
            "report_upward": data["report_upward"], "marked_at": data["marked_at"],
            "marked_by": data["marked_by"], "created_at": data["created_at"],
            "created_by": data["created_by"],
            "created_by_account": data.get("created_by_account") or data["created_by"],
            "station": data["station"],
            "version": data["version"]}
