"""Team deployments: send a team out, bring it back, list who is out.

Teams come from the unit registry (kind ``unit``, written by the tickets
feature); they are read straight from the store. Every deployment and release
is written in the same commit as its duty-log entry.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import catalog, t
from dutyroom.model.deployment import Deployment, TaskCode, new_deployment, released
from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.text import clean
from dutyroom.model.unit import Unit
from dutyroom.services.context import Context
from dutyroom.services.pioneer_posts import deployment_note, deployment_place
from dutyroom.services.record_text import message, render, sentences, subject_ref, system_entry
from dutyroom.services.units import read_unit, unit_names
from dutyroom.store import Create, Update

KIND = "deployment"


class Deployments:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ----------------------------------------------------------------- teams
    def units(self) -> list[Unit]:
        return [read_unit(row) for row in self.ctx.store.all("unit")]

    def resolve_team(self, text: object) -> Unit:
        """A unit by id (``12`` or ``#12``) or by its exact name; anything else is a clear error."""
        value = clean(text, "team", required=True, max_len=200, single_line=True)
        units = self.units()
        digits = value.lstrip("#")
        if digits.isdigit():
            for unit in units:
                if unit.id == int(digits):
                    return unit
        named = [u for u in units if u.name == value or value in unit_names(u)] or \
                [u for u in units if u.name.casefold() == value.casefold()]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise ValidationError("error.team_ambiguous", field="team", value=value,
                                  ids=", ".join(f"#{u.id}" for u in named))
        raise ValidationError("error.team_missing", field="team", value=value)

    # ----------------------------------------------------------------- writing
    def deploy(self, team: object, *, people: object, party_members: object = 0,
               task: str | TaskCode = TaskCode.OTHER, text: object = "",
               ticket_id: int | None = None, keypoint_id: int | None = None,
               area: object = None, at: str | arrow.Arrow | None = None,
               post_id: int | None = None) -> Deployment:
        unit = self.resolve_team(team)
        keypoint_id, area = deployment_place(self.ctx, post_id, ticket_id, keypoint_id, area)
        moment = at if isinstance(at, arrow.Arrow) else self.ctx.parse_time(at, "at")
        if moment > self.ctx.now().shift(minutes=5):
            raise ValidationError("error.future_time", field="at", value=str(at))
        district, town = unit.district, ""
        keypoint = None
        if ticket_id is not None:
            ticket = self.ctx.store.get("ticket", ticket_id)
            if ticket is None:
                raise ValidationError("error.link_missing", field="ticket_id", kind="ticket", id=ticket_id)
            if ticket.get("keypoint_id"):
                keypoint = self.ctx.store.get("keypoint", int(ticket["keypoint_id"]))
        if keypoint_id is not None:
            keypoint = self.ctx.store.get("keypoint", keypoint_id)
            if keypoint is None:
                raise ValidationError("error.link_missing", field="keypoint_id", kind="keypoint",
                                      id=keypoint_id)
        if keypoint:
            district = keypoint.get("district") or district
            town = keypoint.get("town") or ""
        deployment = new_deployment(unit_id=unit.id or 0, team=unit.name, unit_kind=unit.kind.value,
                                    started_at=moment, people=people, party_members=party_members,
                                    task=task, text=text, ticket_id=ticket_id,
                                    keypoint_id=keypoint_id, area=area or "", district=district,
                                    town=town, post_id=post_id)
        deployment.team_key = unit.name_key
        log = self._log_entry("upward.log.deployed", deployment, moment,
                              target=self.target_value(deployment))
        log = with_note(log, deployment_note(self.ctx, deployment))
        stored, _ = self.ctx.store.commit([Create(KIND, deployment.payload()), Create("log", log)])
        return read_deployment(stored)

    def release(self, deployment_id: int, *, evacuated: object = 0, rescued: object = 0,
                at: str | arrow.Arrow | None = None,
                expected_version: int | None = None) -> Deployment:
        current = self.require(deployment_id)
        moment = at if isinstance(at, arrow.Arrow) else self.ctx.parse_time(at, "at")
        if moment > self.ctx.now().shift(minutes=5):
            raise ValidationError("error.future_time", field="at", value=str(at))
        changes = released(current, at=moment, evacuated=evacuated, rescued=rescued)
        done = read_deployment({**current.to_dict(), **changes})
        log = self._log_entry("upward.log.released", done, moment, evacuated=done.evacuated,
                              rescued=done.rescued)
        version = expected_version if expected_version is not None else current.version
        stored, _ = self.ctx.store.commit([Update(KIND, deployment_id, changes, version),
                                           Create("log", log)])
        return read_deployment(stored)

    def _log_entry(self, key: str, deployment: Deployment, moment: arrow.Arrow,
                   **params: Any) -> dict[str, Any]:
        team = message(deployment.team_key) if deployment.team_key else deployment.team
        msg = message(key, id=deployment.id or "", team=team, people=deployment.people,
                      party=deployment.party_members, task=deployment.task, **params)
        return system_entry(msg, kind=LogKind.ACTION, at=moment, author=self.ctx.operator,
                            ticket_id=deployment.ticket_id, keypoint_id=deployment.keypoint_id)

    # ----------------------------------------------------------------- reading
    def get(self, deployment_id: int) -> Deployment | None:
        data = self.ctx.store.get(KIND, deployment_id)
        return read_deployment(data) if data else None

    def require(self, deployment_id: int) -> Deployment:
        found = self.get(deployment_id)
        if found is None:
            raise ValidationError("error.deployment_missing", field="deployment", id=deployment_id)
        return found

    def current(self) -> list[Deployment]:
        """Teams out now, longest out first (cheap: open.json only)."""
        rows = [read_deployment(r) for r in self.ctx.store.open_records(KIND)]
        return sorted(rows, key=lambda d: (d.started_at, d.id or 0))

    def all(self) -> list[Deployment]:
        return self._read(None)

    def overlapping(self, start: arrow.Arrow, end: arrow.Arrow) -> list[Deployment]:
        """Deployments during which the team was out at some moment of [start, end)."""
        return [d for d in self._read(end) if d.overlaps(start, end)]

    def until(self, end: arrow.Arrow) -> list[Deployment]:
        """Every deployment that started before ``end``."""
        return self._read(end)

    def _read(self, until: arrow.Arrow | None) -> list[Deployment]:
        """Every day file: a deployment is filed by when it was recorded, and a team sent
        out yesterday may be recorded (with ``--at``) today; a season holds a few hundred."""
        out = [read_deployment(row) for day in self.ctx.store.days(KIND)
               for row in self.ctx.store.day_records(KIND, day)]
        if until is not None:
            out = [d for d in out if d.started_at < until]
        return sorted(out, key=lambda d: (d.started_at, d.id or 0))

    def target_label(self, deployment: Deployment) -> str:
        return render(self.target_value(deployment))

    def target_value(self, deployment: Deployment) -> Any:
        """Where the team went, as a message parameter: the ticket, the key point, or the area."""
        if deployment.ticket_id is not None:
            return subject_ref("ticket", deployment.ticket_id)
        if deployment.keypoint_id is not None:
            keypoint = self.ctx.store.get("keypoint", deployment.keypoint_id) or {}
            return subject_ref("keypoint", deployment.keypoint_id, str(keypoint.get("name", "")))
        return deployment.area


def with_note(log: dict[str, Any], note: dict[str, Any] | None) -> dict[str, Any]:
    """The deployment's log entry with its responsibility area and post read after it."""
    if note is None:
        return log
    msg = sentences(log["message"], note, sep="; ")
    return {**log, "message": msg, "text": render(msg)[:4000]}


def read_deployment(data: dict[str, Any]) -> Deployment:
    """A stored deployment as the reader sees it: a seeded team's name in the reader's language."""
    deployment = Deployment.from_dict(data)
    if deployment.team_key and deployment.team_key in catalog():
        deployment.team = t(deployment.team_key)
    return deployment


def deployment_json(deployment: Deployment) -> dict[str, Any]:
    """The stable JSON shape of a deployment (a contract with scripts)."""
    data = deployment.to_dict()
    return {"id": data["id"], "team_id": data["unit_id"], "team": data["team"],
            "unit_kind": data["unit_kind"], "ticket_id": data["ticket_id"],
            "keypoint_id": data["keypoint_id"], "area": data["area"], "district": data["district"],
            "town": data["town"], "post_id": data["post_id"], "started_at": data["started_at"],
            "ended_at": data["ended_at"],
            "deployed": deployment.deployed, "people": data["people"],
            "party_members": data["party_members"], "task": data["task"], "text": data["text"],
            "evacuated": data["evacuated"], "rescued": data["rescued"],
            "created_at": data["created_at"], "created_by": data["created_by"],
            "created_by_account": data.get("created_by_account") or data["created_by"],
            "station": data["station"], "version": data["version"]}
