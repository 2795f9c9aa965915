"""The escalation engine, pure: watched clocks in, actions out (no I/O, no wall clock).

Given the watched clocks, the open escalations, the instant and the rules,
:func:`evaluate` returns the actions to take: raise, escalate a level, re-notify,
resume after a snooze, clear. An escalation whose condition has gone is cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import arrow

from dutyroom.model.escalation import (Escalation, EscalationReason, EscalationState,
                                       escalation_key)
from dutyroom.model.ticket import HazardTicket, TicketStatus
from dutyroom.model.timeinput import from_iso, iso
from dutyroom.services.escalation_rules import EscalationRules


@dataclass(frozen=True)
class Watch:
    """A clock on a subject: it breaches at ``breach_at`` (for "approaching": before ``due_at``)."""

    reason: EscalationReason
    subject_kind: str
    subject_id: int
    due_at: arrow.Arrow
    breach_at: arrow.Arrow
    title: Any = ""
    """A message (key and parameters, see services/record_text.py), or older callers' plain text."""

    @property
    def key(self) -> str:
        return escalation_key(self.reason.value, self.subject_kind, self.subject_id, self.breach_at)


@dataclass(frozen=True)
class DueItem:
    """What a provider hands in: a subject and its deadline."""

    subject_kind: str
    subject_id: int
    due_at: arrow.Arrow
    title: Any = ""
    """A message (key and parameters, see services/record_text.py), or older callers' plain text."""

    @classmethod
    def of(cls, item: "DueItem | Sequence[Any]") -> "DueItem":
        if isinstance(item, DueItem):
            return item
        kind, sid, due, *rest = item
        return cls(str(kind), int(sid), from_iso(due), rest[0] if rest else "")


def ticket_watches(tickets: Iterable[HazardTicket], rules: EscalationRules) -> list[Watch]:
    """Dispatched and not acknowledged by ``ack_due_at``; active with no update for M minutes."""
    out: list[Watch] = []
    for ticket in tickets:
        if ticket.id is None:
            continue
        title = {"key": "escalation.title", "params": {"subject": {"kind": "ticket", "id": ticket.id},
                                                       "detail": f"{ticket.location or ''} {ticket.text}".strip()}}
        if ticket.status == TicketStatus.DISPATCHED and ticket.ack_due_at is not None:
            out.append(Watch(EscalationReason.NOT_ACKNOWLEDGED, "ticket", ticket.id,
                             ticket.ack_due_at, ticket.ack_due_at, title))
        elif ticket.status.is_active:
            since = ticket.last_update_at or ticket.updated_at or ticket.created_at
            if since is not None:
                due = since.shift(minutes=rules.no_update_minutes)
                out.append(Watch(EscalationReason.NO_UPDATE, "ticket", ticket.id, due, due, title))
    return out


def deadline_watches(items: Iterable[DueItem | Sequence[Any]], rules: EscalationRules) -> list[Watch]:
    """A reporting deadline: "approaching" from T-``deadline_warn_minutes``, "missed" from T."""
    out: list[Watch] = []
    for raw in items:
        item = DueItem.of(raw)
        warn = item.due_at.shift(minutes=-rules.deadline_warn_minutes)
        out.append(Watch(EscalationReason.DEADLINE_APPROACHING, item.subject_kind, item.subject_id,
                         item.due_at, warn, item.title))
        out.append(Watch(EscalationReason.DEADLINE_MISSED, item.subject_kind, item.subject_id,
                         item.due_at, item.due_at, item.title))
    return out


def overdue_watches(reason: EscalationReason, items: Iterable[DueItem | Sequence[Any]]) -> list[Watch]:
    """Breached at the due time: leader instructions, patrols."""
    out = []
    for raw in items:
        item = DueItem.of(raw)
        out.append(Watch(reason, item.subject_kind, item.subject_id, item.due_at, item.due_at, item.title))
    return out


class ActionKind:
    RAISE = "raise"
    ESCALATE = "escalate"
    RENOTIFY = "renotify"
    RESUME = "resume"
    CLEAR = "clear"


@dataclass(frozen=True)
class Action:
    kind: str
    key: str
    level: int
    watch: Watch | None = None
    escalation: Escalation | None = None

    @property
    def notifies(self) -> bool:
        """Somebody must be told now (not a clearance)."""
        return self.kind != ActionKind.CLEAR


@dataclass
class EscalationInputs:
    watches: list[Watch]
    escalations: list[Escalation]


def evaluate(state: EscalationInputs, now: arrow.Arrow, rules: EscalationRules) -> list[Action]:
    """The actions the clock calls for at ``now``. Pure: no I/O, no wall clock."""
    breached: dict[str, Watch] = {}
    for watch in state.watches:
        if watch.reason.value in rules.disabled:
            continue
        if now >= watch.breach_at:
            breached[watch.key] = watch
    missed = {(w.subject_kind, w.subject_id, iso(w.due_at)) for w in breached.values()
              if w.reason == EscalationReason.DEADLINE_MISSED}
    breached = {k: w for k, w in breached.items()
                if not (w.reason == EscalationReason.DEADLINE_APPROACHING
                        and (w.subject_kind, w.subject_id, iso(w.due_at)) in missed)}
    # Only escalations the engine raised (they carry a key) are the engine's to move or clear;
    # one written by another tool stays as it is until an officer deals with it.
    current = {e.key: e for e in state.escalations
               if e.key and e.open and e.state != EscalationState.CLEARED}
    actions: list[Action] = []
    for key, esc in sorted(current.items()):
        if key not in breached:
            actions.append(Action(ActionKind.CLEAR, key, esc.level, escalation=esc))
    renotify = rules.renotify_minutes
    for key, watch in sorted(breached.items(), key=lambda kv: (kv[1].breach_at, kv[0])):
        target = rules.level_at(watch.reason.value, watch.breach_at, now)
        esc = current.get(key)
        if esc is None:
            actions.append(Action(ActionKind.RAISE, key, target, watch=watch))
            continue
        if esc.state == EscalationState.SNOOZED:
            if esc.snooze_until is not None and now < esc.snooze_until:
                continue
            actions.append(Action(ActionKind.RESUME, key, max(target, esc.level), watch, esc))
        elif target > esc.level:
            actions.append(Action(ActionKind.ESCALATE, key, target, watch, esc))
        elif (esc.state == EscalationState.ACTIVE and esc.notified_at is not None
              and now >= esc.notified_at.shift(minutes=renotify)):
            actions.append(Action(ActionKind.RENOTIFY, key, esc.level, watch, esc))
    return actions


def next_change(state: EscalationInputs, now: arrow.Arrow, rules: EscalationRules) -> arrow.Arrow | None:
    """The earliest instant after ``now`` at which :func:`evaluate` could act, if nothing else changes."""
    moments: list[arrow.Arrow] = [w.breach_at for w in state.watches if w.breach_at > now]
    for esc in state.escalations:
        if not esc.open:
            continue
        if esc.snooze_until is not None and esc.state == EscalationState.SNOOZED:
            moments.append(esc.snooze_until)
            continue
        if esc.breach_at is not None:
            later = rules.next_level_at(esc.reason.value, esc.breach_at, esc.level)
            if later is not None:
                moments.append(later)
        if esc.state == EscalationState.ACTIVE and esc.notified_at is not None:
            moments.append(esc.notified_at.shift(minutes=rules.renotify_minutes))
    future = [m for m in moments if m > now]
    return min(future) if future else None

