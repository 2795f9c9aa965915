"""Party-member pioneer posts (党员先锋岗): set up, list, stand down.

Every change is written in the same commit as its duty-log entry (a message key
and its parameters, read in each reader's language). Teams deployed to a post
(``team deploy --post ID``) and the deeds of those deployments are what the post
did; :mod:`dutyroom.services.post_figures` counts them for the reports upward.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.pioneer_post import PioneerPost, check_can_end, new_post
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.record_text import message, render, sentences, subject_ref, system_entry
from dutyroom.store import Create, Update

KIND = "post"


class PioneerPosts:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ----------------------------------------------------------------- writing
    def add(self, name: object, *, leader: object, keypoint: int | None = None, area: object = None,
            party_members: object = 0, phone: object = None) -> PioneerPost:
        """Set up a post at a key point (its id) or over an area (text), not both."""
        if keypoint is not None and self.ctx.store.get("keypoint", keypoint) is None:
            raise ValidationError("error.link_missing", field="keypoint_id", kind="keypoint", id=keypoint)
        now = self.ctx.now()
        post = new_post(name=name, leader=leader, started_at=now, keypoint_id=keypoint, area=area or "",
                        party_members=party_members, phone=phone or "")
        log = self._log("post.log.added", post, now, leader=post.leader, party=post.party_members)
        stored = self.ctx.store.commit([Create(KIND, post.payload()), Create("log", log)])
        return PioneerPost.from_dict(stored[0])

    def end(self, post_id: int, expected_version: int | None = None) -> PioneerPost:
        """Stand a post down; one already ended is refused. The record stays."""
        post = self.require(post_id)
        check_can_end(post)
        now = self.ctx.now()
        version = post.version if expected_version is None else expected_version
        log = self._log("post.log.ended", post, now, id=post.id or 0)
        stored = self.ctx.store.commit([
            Update(KIND, post.id or 0, {"ended_at": iso(now), "ended_by": self.ctx.operator}, version),
            Create("log", log)])
        return PioneerPost.from_dict(stored[0])

    def _log(self, key: str, post: PioneerPost, moment: arrow.Arrow, **params: Any) -> dict[str, Any]:
        msg = message(key, name=post.name, place=self.place_value(post), **params)
        return system_entry(msg, kind=LogKind.ACTION, at=moment, author=self.ctx.operator,
                            keypoint_id=post.keypoint_id)

    # ----------------------------------------------------------------- reading
    def get(self, post_id: int) -> PioneerPost | None:
        data = self.ctx.store.get(KIND, post_id)
        return PioneerPost.from_dict(data) if data else None

    def require(self, post_id: int) -> PioneerPost:
        post = self.get(post_id)
        if post is None:
            raise ValidationError("post.error.missing", field="post", id=post_id)
        return post

    def all(self) -> list[PioneerPost]:
        return sorted((PioneerPost.from_dict(r) for r in self.ctx.store.all(KIND)), key=lambda p: p.id or 0)

    def active(self) -> list[PioneerPost]:
        return [p for p in self.all() if p.active]

    def place_value(self, post: PioneerPost) -> Any:
        """Where the post stands, as a message parameter: the key point (by name) or the area."""
        if post.keypoint_id is not None:
            keypoint = self.ctx.store.get("keypoint", post.keypoint_id) or {}
            return subject_ref("keypoint", post.keypoint_id, str(keypoint.get("name", "")))
        return post.area

    def place_label(self, post: PioneerPost) -> str:
        return render(self.place_value(post))


def post_json(post: PioneerPost) -> dict[str, Any]:
    """The stable JSON shape of a post (a contract with scripts; see the README)."""
    data = post.to_dict()
    return {"id": post.id, "name": post.name, "keypoint_id": post.keypoint_id, "area": post.area,
            "leader": post.leader, "party_members": post.party_members, "phone": post.phone,
            "started_at": data["started_at"], "ended_at": data["ended_at"], "ended_by": post.ended_by,
            "active": post.active, "created_by": post.created_by, "version": post.version}


# ----------------------------------------------------------------- team deployments (责任区, 先锋岗)
def deployment_place(ctx: Context, post_id: int | None, ticket_id: int | None, keypoint_id: int | None,
                     area: object) -> tuple[int | None, object]:
    """(keypoint_id, area) of a deployment sent under ``post_id``: a post that is given must be
    standing; with no other target the team goes where the post stands."""
    if post_id is None:
        return keypoint_id, area
    post = PioneerPosts(ctx).require(post_id)
    if not post.active:
        raise ValidationError("post.error.deploy_ended", field="post_id", id=post_id)
    if ticket_id is None and keypoint_id is None and not str(area or "").strip():
        return post.keypoint_id, post.area
    return keypoint_id, area


def deployment_note(ctx: Context, deployment: Any) -> dict[str, Any] | None:
    """The log's second sentence for a deployment: its responsibility area (an area given besides a
    ticket or key point) and its post; None when it has neither."""
    area = deployment.area if (deployment.ticket_id is not None or deployment.keypoint_id is not None) else ""
    post = None
    if deployment.post_id is not None:
        found = PioneerPosts(ctx).get(deployment.post_id)
        post = f"#{deployment.post_id} {found.name}" if found else f"#{deployment.post_id}"
    parts = [message("post.log.deployment_area", area=area) if area else None,
             message("post.log.deployment_post", post=post) if post else None]
    if not any(parts):
        return None
    return sentences(*parts, sep=" · ")


def deployment_extra(ctx: Context, deployment: Any) -> str:
    """The responsibility area and post of a deployment for a pane or a listing ("" if neither)."""
    note = deployment_note(ctx, deployment)
    return render(note) if note else ""


def post_options(ctx: Context) -> list[tuple[str, str]]:
    """(label, id) of every standing post, for a form's picker."""
    service = PioneerPosts(ctx)
    return [(f"#{p.id} {p.name} · {service.place_label(p)}", str(p.id)) for p in service.active()]
