"""Deployment, deed and bulletin models: validation, hours inside a period, the bulletin's steps."""

from __future__ import annotations

import arrow
import pytest

from dutyroom.model.bulletin import Bulletin, BulletinState, check_step, content_digest, seal_of
from dutyroom.model.deed import new_deed
from dutyroom.model.deployment import TaskCode, new_deployment, released
from dutyroom.model.errors import TransitionError, ValidationError

T0 = arrow.get("2026-07-28T00:00:00+00:00")


def make(**kw):
    base = dict(unit_id=1, team="突击队", started_at=T0, people=10, party_members=4, area="东村")
    return new_deployment(**{**base, **kw})


@pytest.mark.parametrize("kw,key", [
    ({"people": 0}, "error.bad_people"),
    ({"people": True}, "error.bad_people"),
    ({"party_members": -1}, "error.bad_people"),
    ({"party_members": 11}, "error.party_exceeds_people"),
    ({"area": ""}, "error.deploy_target"),
    ({"ticket_id": 3, "keypoint_id": 2}, "error.deploy_target"),
    ({"ticket_id": 3, "keypoint_id": 2, "area": ""}, "error.deploy_target"),
    ({"post_id": 0}, "error.bad_id"),
    ({"task": "dance"}, "error.bad_choice"),
    ({"team": " \x1b\x07 "}, "error.required"),
])
def test_bad_deployments_are_refused(kw, key):
    with pytest.raises(ValidationError) as caught:
        make(**kw)
    assert caught.value.key == key


def test_an_area_beside_a_ticket_or_key_point_is_its_responsibility_area():
    d = make(keypoint_id=2, area="东片责任区", post_id=1)
    assert (d.keypoint_id, d.area, d.post_id) == (2, "东片责任区", 1)
    assert make(ticket_id=3).area == "东村"


def test_text_is_cleaned_and_hours_are_clipped():
    d = make(text="加固\x1b]52;c;x\x07坝体", area="东村\u202e", task="sandbagging")
    assert d.text == "加固]52;c;x坝体" and d.area == "东村" and d.task == TaskCode.SANDBAGGING
    now = T0.shift(hours=5)
    assert d.hours_within(T0.shift(hours=-1), T0.shift(hours=2), now) == 2
    assert d.hours_within(T0.shift(hours=3), T0.shift(hours=9), now) == 2  # still out: up to now
    assert d.overlaps(T0.shift(hours=1), T0.shift(hours=2)) and not d.overlaps(T0.shift(hours=-2), T0)


def test_release_once_and_not_before_the_start():
    d = make()
    with pytest.raises(ValidationError):
        released(d, at=T0.shift(minutes=-1))
    fields = released(d, at=T0.shift(hours=3), evacuated=12, rescued=1)
    assert fields["open"] is False and fields["evacuated"] == 12
    d.ended_at = T0.shift(hours=3)
    with pytest.raises(TransitionError):
        released(d, at=T0.shift(hours=4))


def test_deed_needs_a_name_text_and_link():
    with pytest.raises(ValidationError):
        new_deed(subject="person", name="", text="x", at=T0, link_kind="log", link_id=1)
    with pytest.raises(ValidationError):
        new_deed(subject="hero", name="王强", text="x", at=T0, link_kind="log", link_id=1)
    with pytest.raises(ValidationError):
        new_deed(subject="person", name="王强", text="x", at=T0, link_kind="log", link_id=0)
    deed = new_deed(subject="team", name="突击队", text="转移群众", at=T0, link_kind="deployment", link_id=2)
    assert deed.report_upward is False and deed.link_kind.value == "deployment"


def test_bulletin_steps_and_seal():
    b = Bulletin(duty_date="2026-07-28", period_start=T0, period_end=T0.shift(days=1),
                 content={"a": 1})
    check_step(b, BulletinState.APPROVED)
    with pytest.raises(TransitionError):
        check_step(b, BulletinState.ISSUED)
    b.state = BulletinState.ISSUED
    for target in BulletinState:
        with pytest.raises(TransitionError):
            check_step(b, target)
    first = seal_of(b)
    b.content = {"a": 2}
    assert seal_of(b) != first
    assert content_digest({"b": 1, "a": 2}) == content_digest({"a": 2, "b": 1})
