"""The escalation engine: pure rules over the injected clock, and the service that applies them.

Rules (``[escalation]`` in ``config.toml``, defaults below):

- a dispatched ticket not acknowledged by its deadline (``ack_minutes`` after dispatch);
- an active ticket with no update for ``no_update_minutes``;
- a reporting deadline approaching (``deadline_warn_minutes`` before) or missed;
- a leader instruction overdue; a key point's patrol overdue.

:func:`evaluate` is pure: given the watched clocks, the open escalations, the
instant and the rules, it returns the actions to take. Levels climb with the
clock from the breach (``level_minutes``: when levels 1, 2, 3 are reached);
an active escalation is re-notified every ``renotify_minutes`` until
acknowledged; acknowledging stops the re-notification, not the clock (the
next level still comes); a snooze (with a reason, at most
``snooze_max_minutes``) holds everything until it ends. An escalation whose
condition has gone is cleared.

:class:`EscalationService` gathers the watches from the store, evaluates, and
applies the actions through the store with a duty-log line each, in one
commit that also bumps a guard record with a versioned update: two sessions
ticking at once cannot raise the same escalation twice (the second commit is
stale, re-reads and finds the first's work done).
"""

from __future__ import annotations

import logging
from typing import Any, Iterable, Sequence

import arrow

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.model.escalation import Escalation, EscalationState
from dutyroom.model.log_entry import LogKind
from dutyroom.model.text import clean
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.escalation_engine import (Action, ActionKind, DueItem, EscalationInputs, Watch,
                                                 deadline_watches, evaluate, next_change,
                                                 overdue_watches, ticket_watches)
from dutyroom.services.escalation_providers import DEFAULT_PROVIDERS, Provider, touches_rules
from dutyroom.services.escalation_rules import DEFAULTS, EscalationRules, rules_for
from dutyroom.services.guards import bump, guard_record
from dutyroom.services.record_cache import records_of
from dutyroom.services.record_text import (Message, is_message, message, render, subject_ref, system_entry,
                                           title_text)
from dutyroom.store import Create, StaleRecord, Update

log = logging.getLogger(__name__)

RECHECK_SECONDS = 60


class EscalationService:
    """Run the engine against the store: ``tick()`` from the app, ``evaluate_now()`` from the CLI.

    One instance per session keeps a small cache so a tick costs one ``stat``
    when nothing was committed and no watched clock is due.
    """

    def __init__(self, ctx: Context, rules: EscalationRules | None = None,
                 providers: Sequence[Provider] | None = None) -> None:
        self.ctx = ctx
        self.rules = rules or rules_for(ctx)
        self.providers = tuple(providers if providers is not None else DEFAULT_PROVIDERS)
        self._revision: int | None = None
        self._next: arrow.Arrow | None = None

    # ------------------------------------------------------------ reading
    def open_escalations(self) -> list[Escalation]:
        return records_of(self.ctx.store, Escalation, self.ctx.store.open_records("escalation"))

    def active(self) -> list[Escalation]:
        """Open escalations, most urgent first: by time to breach (overdue first), then level."""
        return sorted(self.open_escalations(),
                      key=lambda e: (e.due_at or e.breach_at or arrow.get(0), -e.level, e.id or 0))

    def get(self, escalation_id: int) -> Escalation:
        data = self.ctx.store.get("escalation", escalation_id)
        if data is None:
            raise ValidationError("error.escalation_missing", field="id", id=escalation_id)
        return Escalation.from_dict(data)

    def gather(self, now: arrow.Arrow) -> EscalationInputs:
        """Every watched clock. A provider that fails stops the whole evaluation (its
        escalations would otherwise look resolved and be cleared)."""
        watches: list[Watch] = []
        for provider in self.providers:
            try:
                watches.extend(provider(self.ctx, now, self.rules))
            except Exception as error:  # noqa: BLE001 - any failure: act on nothing this time
                log.warning("escalation provider %s failed", provider.__name__, exc_info=True)
                detail = explain(error) if isinstance(error, DomainError) else type(error).__name__
                raise DomainError("error.escalation_provider", source=provider.__name__.strip("_"),
                                  detail=detail) from error
        return EscalationInputs(watches, self.open_escalations())

    # ------------------------------------------------------------ ticking
    def unchanged_through(self, start: int, end: int) -> None:
        """The commits between journal offsets ``start`` and ``end`` wrote nothing the rules
        watch (``touches_rules``): if the engine had looked at ``start``, that still holds."""
        if start >= 0 and self._revision == start:
            self._revision = end

    def tick(self) -> list[Action]:
        """Evaluate and apply; idempotent, cheap when nothing changed, safe across sessions."""
        now = self.ctx.now()
        revision = self.ctx.store.revision()
        if revision == self._revision and (self._next is None or now < self._next):
            return []
        return self.evaluate_now(now)

    def evaluate_now(self, now: arrow.Arrow | None = None) -> list[Action]:
        now = now or self.ctx.now()
        for _attempt in range(5):
            revision = self.ctx.store.revision()
            guard = guard_record(self.ctx, "escalation", create=False)
            state = self.gather(now)
            actions = evaluate(state, now, self.rules)
            if not actions:
                # Look again at the next due moment, and at least once a minute in any case.
                soon = next_change(state, now, self.rules)
                later = now.shift(seconds=RECHECK_SECONDS)
                self._revision, self._next = revision, min(soon, later) if soon else later
                return []
            if guard is None:  # first escalation ever: create the guard, then look again
                guard_record(self.ctx, "escalation")
                continue
            try:
                self._apply(actions, guard, now)
            except StaleRecord:
                continue  # another session acted first: look again at what it left
            self._revision = None  # our own commit changed the revision; look again next tick
            return actions
        return []

    def _apply(self, actions: list[Action], guard: dict[str, Any], now: arrow.Arrow) -> None:
        ops: list[Create | Update] = []
        for action in actions:
            ops.extend(self._ops(action, now))
        ops.append(bump(guard))
        self.ctx.store.commit(ops)

    def _ops(self, action: Action, now: arrow.Arrow) -> list[Create | Update]:
        if action.kind == ActionKind.RAISE:
            watch = action.watch
            assert watch is not None
            esc = Escalation(reason=watch.reason, subject_kind=watch.subject_kind,
                             subject_id=watch.subject_id, level=action.level, due_at=watch.due_at,
                             breach_at=watch.breach_at, raised_at=now, notified_at=now,
                             notify_count=1, key=action.key, title=render(watch.title)[:200],
                             title_message=watch.title if is_message(watch.title) else None)
            return [Create("escalation", esc.payload()), self._log(action, esc, now)]
        esc = action.escalation
        assert esc is not None
        changes: dict[str, Any] = {}
        if action.kind == ActionKind.CLEAR:
            changes = {"state": EscalationState.CLEARED.value, "open": False, "cleared_at": iso(now)}
        elif action.kind in (ActionKind.ESCALATE, ActionKind.RESUME):
            changes = {"level": action.level, "state": EscalationState.ACTIVE.value,
                       "notified_at": iso(now), "notify_count": esc.notify_count + 1,
                       "snooze_until": None}
        elif action.kind == ActionKind.RENOTIFY:
            changes = {"notified_at": iso(now), "notify_count": esc.notify_count + 1}
        return [Update("escalation", esc.id or 0, changes, expected_version=esc.version),
                self._log(action, esc, now)]

    def _log(self, action: Action, esc: Escalation, now: arrow.Arrow) -> Create:
        due = esc.due_at.to(self.ctx.tz).format("MM-DD HH:mm") if esc.due_at else "-"
        msg = message(f"escalation.log.{action.kind}", level=action.level,
                      level_name=self.rules.level_name_value(action.level), reason=esc.reason,
                      subject=escalation_subject(esc), due=due, id=esc.id or "")
        return Create("log", self._entry(msg, esc, now))

    def _entry(self, msg: Message, esc: Escalation, now: arrow.Arrow) -> dict[str, Any]:
        links = {"ticket_id": None, "report_id": None, "keypoint_id": None, "station_id": None}
        link = f"{esc.subject_kind}_id"
        if link in links:
            links[link] = esc.subject_id
        return system_entry(msg, kind=LogKind.NOTICE, at=now, author=self.ctx.operator, **links)

    # ------------------------------------------------------------ officers' actions
    def acknowledge(self, escalation_id: int, note: object) -> Escalation:
        """Stop re-notification at the current level (the clock goes on); a note is required.

        A reminder the engine wrote meanwhile does not refuse the acknowledgement:
        it is retried on the fresh version (the officer acknowledges the escalation,
        not one reminder of it).
        """
        text = clean(note, "note", required=True, max_len=500)
        for attempt in range(3):
            esc = self.get(escalation_id)
            if not esc.open:
                raise ValidationError("error.escalation_closed", field="id", id=escalation_id,
                                      state=esc.state.value)
            try:
                stored = self.ctx.store.commit(self._ack_ops(esc, text, self.ctx.now()))[0]
            except StaleRecord:
                if attempt == 2:
                    raise
                continue
            return Escalation.from_dict(stored)
        raise AssertionError("unreachable")

    def acknowledge_active(self, note: object) -> list[Escalation]:
        """Acknowledge every escalation now active (raised, climbed or resumed) in one commit:
        an officer who has seen them all. Used by the demo's duty room (one fsync, not one each)."""
        text = clean(note, "note", required=True, max_len=500)
        for attempt in range(3):
            active = [e for e in self.open_escalations() if e.state == EscalationState.ACTIVE]
            if not active:
                return []
            now = self.ctx.now()
            try:
                stored = self.ctx.store.commit([op for esc in active for op in self._ack_ops(esc, text, now)])
            except StaleRecord:
                if attempt == 2:
                    raise
                continue
            return [Escalation.from_dict(row) for row in stored[::2]]
        raise AssertionError("unreachable")

    def _ack_ops(self, esc: Escalation, text: str, now: arrow.Arrow) -> list[Create | Update]:
        changes = {"state": EscalationState.ACKNOWLEDGED.value, "ack_note": text,
                   "acked_by": self.ctx.operator, "acked_at": iso(now), "acked_level": esc.level,
                   "snooze_until": None, "snooze_reason": ""}
        line = message("escalation.log.ack", id=esc.id, level=esc.level,
                       level_name=self.rules.level_name_value(esc.level), reason=esc.reason,
                       subject=escalation_subject(esc), note=text, who=self.ctx.operator)
        return [Update("escalation", esc.id or 0, changes, expected_version=esc.version),
                Create("log", self._entry(line, esc, now))]

    def snooze(self, escalation_id: int, minutes: int, reason: object) -> Escalation:
        """Hold notifications and level-ups for at most ``snooze_max_minutes``; a reason is required."""
        text = clean(reason, "reason", required=True, max_len=500)
        if not isinstance(minutes, int) or minutes < 1 or minutes > self.rules.snooze_max_minutes:
            raise ValidationError("error.snooze_bounds", field="minutes", value=minutes,
                                  max=self.rules.snooze_max_minutes)
        esc = self.get(escalation_id)
        if not esc.open:
            raise ValidationError("error.escalation_closed", field="id", id=escalation_id,
                                  state=esc.state.value)
        now = self.ctx.now()
        until = now.shift(minutes=minutes)
        line = message("escalation.log.snooze", id=esc.id, minutes=minutes, reason=text,
                       until=until.to(self.ctx.tz).format("HH:mm"), subject=escalation_subject(esc),
                       who=self.ctx.operator)
        stored = self.ctx.store.commit([
            Update("escalation", escalation_id,
                   {"state": EscalationState.SNOOZED.value, "snooze_until": iso(until),
                    "snooze_reason": text}, expected_version=esc.version),
            Create("log", self._entry(line, esc, now))])[0]
        return Escalation.from_dict(stored)

    def levels_for(self, subject_kind: str, ids: Iterable[int] | None = None) -> dict[int, int]:
        return open_levels(self.ctx, subject_kind, ids)


def open_levels(ctx: Context, subject_kind: str, ids: Iterable[int] | None = None) -> dict[int, int]:
    """The highest open escalation level per subject id (no rules needed, never fails on settings)."""
    wanted = set(ids) if ids is not None else None
    out: dict[int, int] = {}
    for esc in records_of(ctx.store, Escalation, ctx.store.open_records("escalation")):
        if esc.subject_kind == subject_kind and (wanted is None or esc.subject_id in wanted):
            out[esc.subject_id] = max(out.get(esc.subject_id, 0), esc.level)
    return out


def escalation_json(esc: Escalation, rules: EscalationRules, now: arrow.Arrow) -> dict[str, Any]:
    """The stable JSON shape of an escalation (a contract with scripts)."""
    data = esc.to_dict()
    due = esc.due_at
    return {"id": esc.id, "reason": esc.reason.value, "status": esc.state.value,
            "level": esc.level, "level_name": rules.level_name(esc.level),
            "subject_kind": esc.subject_kind, "subject_id": esc.subject_id, "title": title_text(esc),
            "title_message": esc.title_message,
            "due_at": data["due_at"], "breach_at": data["breach_at"],
            "seconds_to_due": int((due - now).total_seconds()) if due else None,
            "raised_at": data["raised_at"], "notified_at": data["notified_at"],
            "notify_count": esc.notify_count, "ack_note": esc.ack_note, "acked_by": esc.acked_by,
            "acked_at": data["acked_at"], "snooze_until": data["snooze_until"],
            "snooze_reason": esc.snooze_reason, "key": esc.key, "created_at": data["created_at"],
            "updated_at": data["updated_at"], "version": esc.version}


__all__ = ["DEFAULTS", "DEFAULT_PROVIDERS", "Action", "ActionKind", "DueItem", "EscalationInputs", "EscalationRules",
           "EscalationService", "Watch", "deadline_watches", "escalation_json", "evaluate",
           "next_change", "open_levels", "overdue_watches", "records_of", "rules_for", "ticket_watches",
           "format_countdown", "Provider", "escalation_title"]


def escalation_subject(esc: Escalation) -> Any:
    """What an escalation is about, as a message parameter: its title message, else its stored
    title (older records), else the subject ("报告 #9" / "report #9")."""
    if esc.title_message:
        return esc.title_message
    return esc.title or subject_ref(esc.subject_kind, esc.subject_id)


def escalation_title(esc: Escalation, lang: str | None = None) -> str:
    """What an escalation is about, in the reader's language ("报告 #9 书面报告 沙河水库")."""
    return render(escalation_subject(esc), lang)


def format_countdown(due_at: arrow.Arrow | None, now: arrow.Arrow) -> str:
    """"12:30 left" before the deadline, "overdue 1:05:00" after (both languages)."""
    if due_at is None:
        return "-"
    seconds = int((due_at - now).total_seconds())
    span = abs(seconds)
    hours, rest = divmod(span, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return t("escalation.left", time=clock) if seconds > 0 else t("escalation.overdue", time=clock)
