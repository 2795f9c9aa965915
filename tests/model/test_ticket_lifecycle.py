"""Every ticket transition, valid and invalid, and the rules that guard closing and cancelling."""

from __future__ import annotations

import itertools

import arrow
import pytest

from dutyroom.i18n import explain, t
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.ticket import (TicketEvent, TicketStatus, allowed_next, new_ticket,
                                   record_update, transition)

AT = arrow.get("2026-07-29T01:00:00+00:00")

VALID = {
    ("open", "dispatched"), ("open", "cancelled"),
    ("dispatched", "acknowledged"), ("dispatched", "dispatched"), ("dispatched", "cancelled"),
    ("acknowledged", "on_site"), ("acknowledged", "dispatched"), ("acknowledged", "cancelled"),
    ("on_site", "under_control"), ("on_site", "resolved"), ("on_site", "cancelled"),
    ("under_control", "resolved"), ("under_control", "on_site"), ("under_control", "cancelled"),
    ("resolved", "closed"), ("resolved", "on_site"),
}
ALL = list(itertools.product(TicketStatus.codes(), TicketStatus.codes()))


def ticket_in(status: str):
    ticket = new_ticket(hazard="reservoir", text="坝脚渗水", at=AT, author="张伟", location="沙河水库")
    ticket.id = 1
    ticket.status = TicketStatus(status)
    ticket.open = ticket.status.is_open
    if status == "resolved":
        ticket = dataclass_with_resolver(ticket, "李强")
    return ticket


def dataclass_with_resolver(ticket, who):
    from dutyroom.model.ticket import TimelineEvent

    ticket.timeline.append(TimelineEvent(at=AT, author=who, status=TicketStatus.RESOLVED))
    return ticket


def move(ticket, target, author="王芳", note="说明", **kw):
    return transition(ticket, target, at=AT.shift(minutes=5), author=author, note=note,
                      unit_id=kw.pop("unit_id", 3), ack_due_at=AT.shift(minutes=20), **kw)


def test_the_table_is_what_the_issue_says():
    assert {(a.value, b.value) for a in TicketStatus for b in allowed_next(a)} == VALID


@pytest.mark.parametrize("current,target", sorted(VALID))
def test_valid_transition(current, target):
    before = ticket_in(current)
    after = move(before, target)
    assert after.status.value == target
    assert before.status.value == current, "the input must not change"
    last = after.timeline[-1]
    assert (last.status.value, last.author, last.at) == (target, "王芳", AT.shift(minutes=5))
    assert last.event == (TicketEvent.DISPATCH if target == "dispatched" else TicketEvent.STATUS)
    assert after.open is (target not in ("closed", "cancelled"))
    assert after.last_update_at == AT.shift(minutes=5)


@pytest.mark.parametrize("current,target", sorted(set(ALL) - VALID))
def test_invalid_transition_is_refused_clearly(current, target):
    with pytest.raises(TransitionError) as caught:
        move(ticket_in(current), target)
    message = explain(caught.value)
    labels = {code: t(TicketStatus(code).label_key) for code in (current, target)}
    assert f"“{labels[current]}”" in message and f"“{labels[target]}”" in message  # labels, not codes
    assert "当前可改为" in message and "_" not in message


def test_dispatch_sets_unit_and_ack_deadline_and_needs_a_unit():
    after = move(ticket_in("open"), "dispatched", unit_id=7)
    assert after.assigned_to == 7 and after.ack_due_at == AT.shift(minutes=20)
    assert after.timeline[-1].unit_id == 7
    with pytest.raises(ValidationError) as caught:
        transition(ticket_in("open"), "dispatched", at=AT, author="王芳")
    assert caught.value.key == "error.dispatch_needs_unit"
    acknowledged = move(after, "acknowledged")
    assert acknowledged.ack_due_at is None


def test_cancel_needs_a_reason():
    with pytest.raises(ValidationError) as caught:
        move(ticket_in("on_site"), "cancelled", note="  ")
    assert caught.value.key == "error.cancel_needs_reason"
    after = move(ticket_in("on_site"), "cancelled", note="重复工单,并入 #2")
    assert after.cancel_reason == "重复工单,并入 #2" and after.open is False


def test_close_needs_a_verification_note_by_a_second_person():
    resolved = ticket_in("resolved")  # resolved by 李强
    with pytest.raises(ValidationError) as caught:
        move(resolved, "closed", note="")
    assert caught.value.key == "error.close_needs_verification"
    with pytest.raises(ValidationError) as caught:
        move(resolved, "closed", author="李强", note="我看过了")
    assert caught.value.key == "error.close_needs_second_person"
    assert "李强" in explain(caught.value)
    closed = move(resolved, "closed", author="王芳", note="现场复核,渗水已止")
    assert closed.verified_by == "王芳" and closed.verification_note == "现场复核,渗水已止"
    assert closed.open is False


def test_the_leader_on_duty_may_verify_their_own_resolution():
    closed = move(ticket_in("resolved"), "closed", author="李强", note="带班领导复核", author_is_leader=True)
    assert closed.status == TicketStatus.CLOSED and closed.verified_by == "李强"


def test_new_ticket_needs_a_place_and_valid_codes():
    with pytest.raises(ValidationError) as caught:
        new_ticket(hazard="reservoir", text="x", at=AT, author="张伟")
    assert caught.value.key == "error.ticket_needs_place"
    with pytest.raises(ValidationError) as caught:
        new_ticket(hazard="volcano", text="x", at=AT, author="张伟", location="y")
    assert caught.value.field == "hazard"
    with pytest.raises(ValidationError):
        new_ticket(hazard="reservoir", text="x", at=AT, author="张伟", location="y", severity="V")
    ticket = new_ticket(hazard="waterlogging", text="积水\x1b[31m 0.5m", at=AT, author="张伟", keypoint_id=4)
    assert "\x1b" not in ticket.text and ticket.timeline[0].event == TicketEvent.CREATED


def test_people_and_resources_are_recorded_on_the_timeline():
    ticket = ticket_in("on_site")
    after = record_update(ticket, at=AT.shift(minutes=30), author="王芳", evacuated=35, trapped="2",
                          resources="冲锋舟 2 艘,消防员 12 人", note="下游群众转移")
    assert (after.evacuated, after.trapped, after.rescued) == (35, 2, 0)
    assert after.resources.startswith("冲锋舟")
    assert after.status == TicketStatus.ON_SITE and after.last_update_at == AT.shift(minutes=30)
    assert "下游群众转移" in after.timeline[-1].note and after.timeline[-1].event == TicketEvent.UPDATE
    with pytest.raises(ValidationError):
        record_update(ticket, at=AT, author="王芳", evacuated=-1)
    with pytest.raises(ValidationError):
        record_update(ticket, at=AT, author="王芳")
    with pytest.raises(TransitionError):
        record_update(ticket_in("closed"), at=AT, author="王芳", note="x")
