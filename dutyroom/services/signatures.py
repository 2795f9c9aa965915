"""Who may sign a handover: the right people, each as themselves.

- the incoming signature: a rostered member of the next shift;
- the outgoing signature: a rostered member of the shift handed over;
- the countersignature: the leader on duty (the leader of the shift handed over).

Each signs as the session's identity (the roster name the OS account maps to). A name other
than one's own, or a signer the roster does not list (a substitute, an empty roster), needs
the leader on duty, signing in their own session with a reason; that is recorded on the
handover (``signed_for``) and in the duty log.
"""

from __future__ import annotations

from dataclasses import dataclass

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.model.handover import HandoverRole, SignedFor
from dutyroom.model.shift import Shift, clean_name
from dutyroom.model.text import clean

MAX_REASON = 500


@dataclass
class Signer:
    name: str
    proxy: SignedFor | None = None
    """Set when the leader on duty let this signature through; recorded on the handover."""


def eligible(side: HandoverRole, shift: Shift, following: Shift) -> list[str]:
    """The names the roster allows to sign as ``side``."""
    if side == HandoverRole.INCOMING:
        return following.members()
    if side == HandoverRole.OUTGOING:
        return shift.members()
    return [shift.leader] if shift.leader else []


def check_signer(side: HandoverRole, me: str, name: str | None, reason: str | None, shift: Shift,
                 following: Shift, now: arrow.Arrow) -> Signer:
    """The signer for ``side``: the session's own name (``me``), or ``name`` given in its place.
    Raises a ValidationError naming what is wrong; nothing is written by this check."""
    field = "leader_on_duty" if side == HandoverRole.LEADER else side.value
    own = clean_name(me, field)
    who = clean_name(name, field) if name is not None else own
    allowed = eligible(side, shift, following)
    if who == own and who in allowed:
        return Signer(who)
    leader = shift.leader
    if own != leader or not leader:  # only the leader on duty may let another name through
        if who != own:
            raise ValidationError("signature.error.not_self", field=field, name=who, me=own)
        if not allowed:
            raise ValidationError("signature.error.no_roster", field=field)
        if side == HandoverRole.LEADER:
            raise ValidationError("signature.error.not_leader", field=field, name=who, leader=leader)
        raise ValidationError("handover.error.not_rostered", field=field, name=who,
                              names=", ".join(allowed))
    if side == HandoverRole.LEADER and who != leader:
        raise ValidationError("handover.error.not_leader", field="leader_on_duty", name=who, leader=leader)
    why = clean(reason, "signature_reason", max_len=MAX_REASON)
    if not why:
        raise ValidationError("signature.error.reason_needed", field="signature_reason", name=who)
    return Signer(who, SignedFor(role=side.value, name=who, by=own, reason=why, at=now))


def check_leader(me: str, given: str | None, shift: Shift) -> str:
    """The leader on duty acting in their own session (an override of the first-hour rule)."""
    own = clean_name(me, "leader_on_duty")
    who = clean_name(given, "leader_on_duty") if given is not None else own
    if shift.leader and who != shift.leader:
        raise ValidationError("handover.error.not_leader", field="leader_on_duty", name=who,
                              leader=shift.leader)
    if who != own:
        raise ValidationError("signature.error.not_self", field="leader_on_duty", name=who, me=own)
    if not shift.leader:
        raise ValidationError("signature.error.no_roster", field="leader_on_duty")
    return who
