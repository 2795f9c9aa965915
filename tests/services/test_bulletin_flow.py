"""The bulletin's flow: draft → approved by the leader on duty → issued and sealed, each step logged."""

from __future__ import annotations

import pytest

from dutyroom.model.bulletin import BulletinState, seal_of
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.services.bulletin import Bulletins
from dutyroom.services.deployments import Deployments
from dutyroom.services.duty_log import DutyLog


def test_draft_approve_issue_seal(ctx):
    ctx.store.create("unit", {"kind": "commando", "name": "突击队", "district": "武进区"})
    Deployments(ctx).deploy("突击队", area="东村", people=6, party_members=4, at="2026-07-28 10:00")
    service = Bulletins(ctx)
    draft = service.draft()
    assert draft.duty_date == "2026-07-28" and draft.state == BulletinState.DRAFT
    assert draft.content["deployments"]["people"] == 6
    with pytest.raises(TransitionError):
        service.issue()  # not approved yet
    approved = service.approve(content_hash=draft.content_hash)
    assert approved.state == BulletinState.APPROVED and approved.approved_by == "张伟"
    issued = service.issue()
    assert issued.state == BulletinState.ISSUED and len(issued.seal) == 64
    assert issued.seal == seal_of(issued) and service.verify(issued)
    assert not issued.open
    # sealed: no refresh, no second approval, no second issue
    for step in (service.draft, service.approve, service.issue):
        with pytest.raises(TransitionError) as caught:
            step()
        assert caught.value.key == "error.bulletin_sealed"
    # data changing afterwards does not change what was issued
    Deployments(ctx).deploy("突击队", area="西村", people=9, at="2026-07-28 11:00")
    again = service.find("2026-07-28")
    assert again.content == issued.content and service.verify(again)
    # each step is in the duty log
    texts = [e.text for e in DutyLog(ctx).all() if e.system]
    assert sum("2026-07-28" in text for text in texts) == 3
    # tampering with the content breaks the seal
    again.content["deployments"]["people"] = 60
    assert not service.verify(again)


def test_refresh_drops_the_approval_and_a_stale_hash_is_refused(ctx):
    service = Bulletins(ctx)
    first = service.draft()
    service.approve()
    ctx.store.create("unit", {"kind": "volunteer", "name": "志愿队"})
    Deployments(ctx).deploy("志愿队", area="东村", people=3, at="2026-07-28 12:00")
    refreshed = service.draft()
    assert refreshed.state == BulletinState.DRAFT and refreshed.approved_by == ""
    assert refreshed.content_hash != first.content_hash
    with pytest.raises(ValidationError) as caught:
        service.approve(content_hash=first.content_hash)
    assert caught.value.key == "error.bulletin_changed"


def test_only_the_leader_on_duty_approves(ctx):
    ctx.store.create("shift", {"start": "2026-07-29T00:00:00+00:00", "end": "2026-07-29T12:00:00+00:00",
                               "leader": "王局长", "officers": ["张伟"]})
    service = Bulletins(ctx)
    service.draft()
    with pytest.raises(ValidationError) as caught:
        service.approve()
    assert caught.value.key == "error.not_leader"
    ctx.operator = "王局长"
    assert service.approve().approved_by == "王局长"


def test_a_day_not_over_cannot_be_drafted(ctx):
    with pytest.raises(ValidationError) as caught:
        Bulletins(ctx).draft("2026-07-29")
    assert caught.value.key == "error.bulletin_day_open"
    with pytest.raises(ValidationError):
        Bulletins(ctx).draft("2026-13-40")
