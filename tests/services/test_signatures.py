"""Signatures by the right people (issue #13): each signs as themselves, the roster decides
who may sign as what, and only the leader on duty lets anyone else through, with a reason."""

from __future__ import annotations

import pytest

from dutyroom.model.errors import ValidationError
from dutyroom.services.handover import HandoverService
from dutyroom.services.handover_print import handover_document
from dutyroom.services.printout import render
from dutyroom.services.roster import RosterService
from tests.conftest import sign_as

ROSTER = """date,shift,role,name,phone
2026-07-29,08:00,leader,王强,13800000001
2026-07-29,08:00,officer,张伟,13800000002
2026-07-30,08:00,leader,李娜,13800000003
2026-07-30,08:00,officer,赵敏,13800000004
"""


@pytest.fixture
def draft(ctx):
    RosterService(ctx).import_text(ROSTER)
    service = HandoverService(ctx)
    return service, service.acknowledge(service.start(), None)


def refused(call) -> str:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.key


def test_incoming_must_be_on_the_next_shift_and_sign_as_themselves(draft, ctx):
    service, handover = draft
    journal = (ctx.store.root / "journal.jsonl").read_bytes()
    assert refused(lambda: sign_as(service, "root", handover, "incoming")) == "handover.error.not_rostered"
    assert refused(lambda: sign_as(service, "张伟", handover, "incoming")) == "handover.error.not_rostered"
    ctx.set_identity("张伟")
    assert refused(lambda: service.sign(handover, "incoming", "赵敏")) == "signature.error.not_self"
    assert (ctx.store.root / "journal.jsonl").read_bytes() == journal  # refused: nothing written
    signed = sign_as(service, "赵敏", handover, "incoming")
    assert signed.incoming == "赵敏" and signed.signed_for == []
    assert refused(lambda: sign_as(service, "赵敏", signed, "outgoing")) == "handover.error.not_rostered"


def test_the_leader_lets_a_substitute_sign_with_a_reason(draft, ctx):
    service, handover = draft
    ctx.set_identity("王强")
    assert refused(lambda: service.sign(handover, "incoming", "刘洋")) == "signature.error.reason_needed"
    signed = service.sign(handover, "incoming", "刘洋", "赵敏病假,刘洋替班")
    assert signed.incoming == "刘洋"
    [proxy] = signed.signed_for
    assert (proxy.role, proxy.name, proxy.by, proxy.reason) == ("incoming", "刘洋", "王强", "赵敏病假,刘洋替班")
    texts = [r["text"] for r in ctx.store.between("log", ctx.now().shift(hours=-1), ctx.now().shift(minutes=1))]
    assert any("王强" in x and "刘洋" in x and "替班" in x and "接班人" in x for x in texts), texts
    sealed = sign_as(service, "张伟", signed, "outgoing")
    assert sealed.sealed and service.verify(sealed) and sealed.signed_for[0].name == "刘洋"
    text = render(handover_document(sealed, ctx.tz, "zh"), "txt").decode()
    assert "刘洋" in text and "赵敏病假" in text


def test_countersignature_is_the_leader_on_duty(draft, ctx):
    service, handover = draft
    assert refused(lambda: sign_as(service, "张伟", handover, "leader")) == "signature.error.not_leader"
    assert refused(lambda: sign_as(service, "李娜", handover, "leader")) == "signature.error.not_leader"
    ctx.set_identity("张伟")
    assert refused(lambda: service.sign(handover, "leader", "王强")) == "signature.error.not_self"
    signed = sign_as(service, "王强", handover, "leader")
    assert signed.countersigned_by == "王强" and signed.countersigned_at == ctx.now()
    assert refused(lambda: sign_as(service, "王强", signed, "leader")) == "handover.error.already_signed"
    signed = sign_as(service, "赵敏", signed, "incoming")
    sealed = sign_as(service, "张伟", signed, "outgoing")
    assert sealed.countersigned_by == "王强" and service.verify(sealed)
    text = render(handover_document(sealed, ctx.tz, "zh"), "txt").decode()
    leader_line = [line for line in text.splitlines() if "带班领导" in line and "王强" in line]
    assert leader_line, text


def test_without_a_roster_nobody_signs(ctx):
    service = HandoverService(ctx)
    handover = service.acknowledge(service.start(), None)
    assert refused(lambda: service.sign(handover, "incoming")) == "signature.error.no_roster"
