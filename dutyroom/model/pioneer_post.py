"""Party-member pioneer posts (党员先锋岗): a post set up at a key point or over an area.

The municipal notice asks the front to "set up party-member pioneer posts and
responsibility areas" (设置党员先锋岗和责任区); a post is the record the party report
and the bulletin count: where it stands, who leads it, how many party members
hold it, from when until when. Ending a post keeps the record (who, when).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.deployment import check_count
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean

MAX_NAME = 200


@dataclasses.dataclass(kw_only=True)
class PioneerPost(Record):
    """One post; exactly one of ``keypoint_id`` and ``area`` says where it stands."""

    KIND: ClassVar[str] = "post"

    name: str
    keypoint_id: int | None = None
    area: str = ""
    leader: str
    party_members: int = 0
    phone: str = ""
    started_at: arrow.Arrow
    ended_at: arrow.Arrow | None = None
    ended_by: str = ""

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def overlaps(self, start: arrow.Arrow, end: arrow.Arrow) -> bool:
        """True when the post stood at some moment of [start, end)."""
        return self.started_at < end and (self.ended_at is None or self.ended_at > start)


def new_post(*, name: object, leader: object, started_at: arrow.Arrow, keypoint_id: int | None = None,
             area: object = "", party_members: object = 0, phone: object = "") -> PioneerPost:
    """A validated post: a name, a leader, and a key point or an area (not both)."""
    where = clean(area, "area", max_len=MAX_NAME, single_line=True)
    if (keypoint_id is None) == (not where):
        raise ValidationError("post.error.place", field="area")
    if keypoint_id is not None and (isinstance(keypoint_id, bool) or not isinstance(keypoint_id, int)
                                    or keypoint_id < 1):
        raise ValidationError("error.bad_id", field="keypoint_id", value=keypoint_id)
    return PioneerPost(name=clean(name, "name", required=True, max_len=MAX_NAME, single_line=True),
                       keypoint_id=keypoint_id, area=where,
                       leader=clean(leader, "post_leader", required=True, max_len=MAX_NAME, single_line=True),
                       party_members=check_count(party_members, "party_members"),
                       phone=clean(phone, "phone", max_len=60, single_line=True),
                       started_at=started_at.to("UTC"))


def check_can_end(post: PioneerPost) -> None:
    if not post.active:
        raise TransitionError("post.error.ended", id=post.id)
