"""Team deployments (队伍出动): a team sent to a ticket, a key point or an area.

The municipal notice behind the product asks for party-member commando teams
(党员突击队), volunteer teams (志愿服务队) and responsibility zones to be put to
work and reported upward; a deployment is the record those reports count.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean
from dutyroom.model.timeinput import iso

MAX_TEXT = 2000
MAX_PEOPLE = 100_000


class TaskCode(Code):
    """What a deployed team does."""

    PATROL = "patrol"
    SANDBAGGING = "sandbagging"
    PUMPING = "pumping"
    EVACUATION = "evacuation"
    RESCUE = "rescue"
    RELIEF_SUPPLIES = "relief_supplies"
    OTHER = "other"


@dataclasses.dataclass(kw_only=True)
class Deployment(Record):
    """One team out on one job, from ``started_at`` until ``ended_at`` (None: still out).

    ``team``, ``unit_kind``, ``district`` and ``town`` are copied when the team is
    sent, so a report on a past period does not change when the registry does.
    ``open`` is True while the team is out (mirrored in open.json for the dashboard).
    """

    KIND: ClassVar[str] = "deployment"

    unit_id: int
    team: str
    team_key: str = ""
    """A seeded unit's name key (its name in each reader's language); empty for a named team."""
    unit_kind: str = ""
    ticket_id: int | None = None
    keypoint_id: int | None = None
    area: str = ""
    """The target when neither a ticket nor a key point is; with one of them, the responsibility
    area (责任区) the team answers for."""
    post_id: int | None = None
    """The party-member pioneer post (党员先锋岗) the team works under, if any."""
    district: str = ""
    town: str = ""
    started_at: arrow.Arrow
    ended_at: arrow.Arrow | None = None
    people: int = 0
    party_members: int = 0
    task: TaskCode = TaskCode.OTHER
    text: str = ""
    evacuated: int = 0
    rescued: int = 0
    open: bool = True

    @property
    def deployed(self) -> bool:
        return self.ended_at is None

    def hours_within(self, start: arrow.Arrow, end: arrow.Arrow, now: arrow.Arrow) -> float:
        """Hours this deployment was out inside [start, end); a team still out counts up to ``now``."""
        stop = self.ended_at or now
        lo = max(self.started_at, start)
        hi = min(stop, end)
        seconds = (hi - lo).total_seconds()
        return seconds / 3600 if seconds > 0 else 0.0

    def overlaps(self, start: arrow.Arrow, end: arrow.Arrow) -> bool:
        """True when the team was out at some moment of [start, end)."""
        return self.started_at < end and (self.ended_at is None or self.ended_at > start)


def check_count(value: object, field: str, *, minimum: int = 0) -> int:
    """A whole number of people, ``minimum`` or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or value > MAX_PEOPLE:
        raise ValidationError("error.bad_people", field=field, value=value, min=minimum,
                              max=MAX_PEOPLE)
    return value


def new_deployment(*, unit_id: int, team: str, unit_kind: str = "", started_at: arrow.Arrow,
                   people: object, party_members: object = 0, task: str | TaskCode = TaskCode.OTHER,
                   text: object = "", ticket_id: int | None = None, keypoint_id: int | None = None,
                   area: object = "", district: str = "", town: str = "",
                   post_id: int | None = None) -> Deployment:
    """A validated deployment: a ticket or a key point (not both) and/or an area is the target;
    an area given with a ticket or key point is the responsibility area (责任区)."""
    task_code = task if isinstance(task, TaskCode) else TaskCode.parse(str(task), field="task")
    where = clean(area, "area", max_len=200, single_line=True)
    if (ticket_id is not None and keypoint_id is not None) or (ticket_id is None and keypoint_id is None
                                                                and not where):
        raise ValidationError("error.deploy_target", field="target")
    for name, value in (("ticket_id", ticket_id), ("keypoint_id", keypoint_id), ("post_id", post_id)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValidationError("error.bad_id", field=name, value=value)
    total = check_count(people, "people", minimum=1)
    party = check_count(party_members, "party_members")
    if party > total:
        raise ValidationError("error.party_exceeds_people", field="party_members", party=party,
                              people=total)
    return Deployment(unit_id=unit_id, team=clean(team, "team", required=True, max_len=200,
                                                  single_line=True),
                      unit_kind=unit_kind, ticket_id=ticket_id, keypoint_id=keypoint_id, area=where,
                      district=clean(district, "district", max_len=100, single_line=True),
                      town=clean(town, "town", max_len=100, single_line=True),
                      started_at=started_at.to("UTC"), people=total, party_members=party,
                      task=task_code, text=clean(text, "text", max_len=MAX_TEXT), post_id=post_id)


def released(deployment: Deployment, *, at: arrow.Arrow, evacuated: object = 0,
             rescued: object = 0) -> dict[str, object]:
    """The fields that end a deployment; a team already back cannot be released twice."""
    if not deployment.deployed:
        raise TransitionError("error.already_released", id=deployment.id)
    if at < deployment.started_at:
        raise ValidationError("error.release_before_start", field="at",
                              start=deployment.started_at.isoformat())
    return {"ended_at": iso(at), "evacuated": check_count(evacuated, "evacuated"),
            "rescued": check_count(rescued, "rescued"), "open": False}
