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
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import arrow

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.model.escalation import (Escalation, EscalationReason, EscalationState,
                                       escalation_key)
from dutyroom.model.log_entry import LogKind, new_log_entry
from dutyroom.model.text import clean
from dutyroom.model.ticket import HazardTicket, TicketStatus
from dutyroom.model.timeinput import from_iso, iso
from dutyroom.services.context import Context
from dutyroom.services.guards import bump, guard_record
from dutyroom.store import Create, StaleRecord, Update

log = logging.getLogger(__name__)

RECHECK_SECONDS = 60

DEFAULTS: dict[str, Any] = {
    "ack_minutes": 15,
    "no_update_minutes": 60,
    "deadline_warn_minutes": 10,
    "renotify_minutes": 10,
    "level_minutes": [0, 30, 60],
    "level_names": [],
    "snooze_max_minutes": 60,
    "bell": True,
    "start_level": {},
    "disabled": [],
}


# ---------------------------------------------------------------- rules (pure)
@dataclass(frozen=True)
class EscalationRules:
    ack_minutes: int = 15
    no_update_minutes: int = 60
    deadline_warn_minutes: int = 10
    renotify_minutes: int = 10
    level_minutes: tuple[int, ...] = (0, 30, 60)
    level_names: tuple[str, ...] = ()
    snooze_max_minutes: int = 60
    bell: bool = True
    start_level: dict[str, int] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()

    @classmethod
    def from_section(cls, section: dict[str, Any]) -> "EscalationRules":
        """Rules from the ``[escalation]`` section; a bad value is a ValidationError naming it."""
        raw = {**DEFAULTS, **(section or {})}

        def minutes(name: str, low: int = 1) -> int:
            value = raw[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValidationError("error.bad_setting", field=name, setting=name, value=value)
            return value

        levels = raw["level_minutes"]
        if (not isinstance(levels, list) or not levels or levels[0] != 0
                or any(not isinstance(v, int) or isinstance(v, bool) for v in levels)
                or any(b <= a for a, b in zip(levels, levels[1:]))):
            raise ValidationError("error.bad_setting", field="level_minutes", setting="level_minutes", value=levels)
        names = raw["level_names"]
        if not isinstance(names, list) or any(not isinstance(n, str) for n in names):
            raise ValidationError("error.bad_setting", field="level_names", setting="level_names", value=names)
        starts = raw["start_level"] if isinstance(raw["start_level"], dict) else {}
        for reason, level in starts.items():
            EscalationReason.parse(reason, "start_level")
            if not isinstance(level, int) or not 1 <= level <= len(levels):
                raise ValidationError("error.bad_setting", field="start_level", setting="start_level", value=level)
        disabled = frozenset(EscalationReason.parse(r, "disabled").value for r in raw["disabled"] or [])
        return cls(ack_minutes=minutes("ack_minutes"), no_update_minutes=minutes("no_update_minutes"),
                   deadline_warn_minutes=minutes("deadline_warn_minutes", 0),
                   renotify_minutes=minutes("renotify_minutes"), level_minutes=tuple(levels),
                   level_names=tuple(names), snooze_max_minutes=minutes("snooze_max_minutes"),
                   bell=bool(raw["bell"]), start_level=dict(starts), disabled=disabled)

    @property
    def max_level(self) -> int:
        return len(self.level_minutes)

    def level_at(self, reason: str, breach_at: arrow.Arrow, now: arrow.Arrow) -> int:
        """The level an escalation breached at ``breach_at`` has reached at ``now``."""
        start = self.start_level.get(str(reason), 1)
        passed = sum(1 for m in self.level_minutes[1:] if now >= breach_at.shift(minutes=m))
        return min(self.max_level, start + passed)

    def next_level_at(self, reason: str, breach_at: arrow.Arrow, level: int) -> arrow.Arrow | None:
        """When the level after ``level`` is reached, or None at the top."""
        start = self.start_level.get(str(reason), 1)
        index = level - start + 1
        if level >= self.max_level or index >= len(self.level_minutes):
            return None
        return breach_at.shift(minutes=self.level_minutes[index])

    def level_name(self, level: int) -> str:
        if 1 <= level <= len(self.level_names):
            return self.level_names[level - 1]
        return t(f"escalation.level.{min(level, 3)}")


@dataclass(frozen=True)
class Watch:
    """A clock on a subject: it breaches at ``breach_at`` (for "approaching": before ``due_at``)."""

    reason: EscalationReason
    subject_kind: str
    subject_id: int
    due_at: arrow.Arrow
    breach_at: arrow.Arrow
    title: str = ""

    @property
    def key(self) -> str:
        return escalation_key(self.reason.value, self.subject_kind, self.subject_id, self.breach_at)


@dataclass(frozen=True)
class DueItem:
    """What a provider hands in: a subject and its deadline."""

    subject_kind: str
    subject_id: int
    due_at: arrow.Arrow
    title: str = ""

    @classmethod
    def of(cls, item: "DueItem | Sequence[Any]") -> "DueItem":
        if isinstance(item, DueItem):
            return item
        kind, sid, due, *rest = item
        return cls(str(kind), int(sid), from_iso(due), str(rest[0]) if rest else "")


def ticket_watches(tickets: Iterable[HazardTicket], rules: EscalationRules) -> list[Watch]:
    """Dispatched and not acknowledged by ``ack_due_at``; active with no update for M minutes."""
    out: list[Watch] = []
    for ticket in tickets:
        if ticket.id is None:
            continue
        title = f"#{ticket.id} {ticket.location or ''} {ticket.text}".strip()
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


# ---------------------------------------------------------------- the service
Provider = Callable[[Context, arrow.Arrow, EscalationRules], list[Watch]]


def _ticket_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    tickets = records_of(ctx.store, HazardTicket, ctx.store.open_records("ticket"))
    return ticket_watches(tickets, rules)


_parsed: dict[tuple[str, str, int, int], Any] = {}


def records_of(store: Any, cls: Any, rows: list[dict[str, Any]]) -> list[Any]:
    """``cls.from_dict`` of each row, reusing what was parsed for the same (id, version).

    The engine reads the same open records every time anything is committed;
    parsing their timelines again is most of a tick's cost. Callers must not
    change what they get (the model's transitions work on copies).
    """
    root = str(store.root)
    out = []
    for row in rows:
        key = (root, cls.KIND, int(row.get("id") or 0), int(row.get("version") or 0))
        parsed = _parsed.get(key)
        if parsed is None:
            parsed = cls.from_dict(row)
            if len(_parsed) > 20000:
                _parsed.clear()
            _parsed[key] = parsed
        out.append(parsed)
    return out


def _patrol_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    from dutyroom.services.keypoints import KeyPoints

    items = [DueItem("keypoint", s.point.id or 0, s.due_at, s.point.name)
             for s in KeyPoints(ctx).patrol_status() if s.due_at is not None]
    return overdue_watches(EscalationReason.PATROL_OVERDUE, items)


def _deadline_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    """Reporting deadlines from the reports feature: every duty still pending on an open chain
    (``services.deadlines.pending``; ``next_deadline`` where that is all there is)."""
    try:
        from dutyroom.services import deadlines  # type: ignore[attr-defined]
        from dutyroom.model.report import IncomingReport
    except ImportError:  # the reports feature is not installed: no deadlines to watch
        return []
    pending = getattr(deadlines, "pending", None)
    items: list[DueItem] = []
    for data in ctx.store.open_records("report"):
        report = IncomingReport.from_dict(data)
        if pending is not None:
            duties = list(pending(report, ctx.settings))
        else:
            duty = deadlines.next_deadline(report, ctx.settings, now)
            duties = [duty] if duty is not None else []
        for duty in duties:
            rid = getattr(duty, "report_id", None) or report.id
            kind = getattr(duty, "kind", "")
            label = t(kind.label_key) if hasattr(kind, "label_key") else str(kind or "")
            title = f"#{rid} {label} {report.location}".strip()
            items.append(DueItem("report", int(rid), from_iso(duty.due_at), title))
    return deadline_watches(items, rules)


def _instruction_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    """Leader instructions awaiting feedback, watched to their due time (reports feature)."""
    try:
        from dutyroom.services import instructions  # type: ignore[attr-defined]
    except ImportError:  # the reports feature is not installed: no instructions to watch
        return []
    service = getattr(instructions, "Instructions", None)
    # Every open one (not only the overdue ones), so the engine knows when the next falls due.
    items_in = service(ctx).open() if service is not None else instructions.overdue(ctx)
    items: list[DueItem] = []
    for item in items_in:
        due = getattr(item, "due_at", None) if not isinstance(item, dict) else item.get("due_at")
        sid = getattr(item, "id", None) if not isinstance(item, dict) else item.get("id")
        if due is None or sid is None:
            continue
        kind = getattr(item, "KIND", None) or "instruction"
        text = getattr(item, "text", "") if not isinstance(item, dict) else item.get("text", "")
        who = getattr(item, "assignee", "") if not isinstance(item, dict) else item.get("assignee", "")
        items.append(DueItem(str(kind), int(sid), from_iso(due), f"#{sid} {who} {text}"[:80]))
    return overdue_watches(EscalationReason.INSTRUCTION_OVERDUE, items)


DEFAULT_PROVIDERS: tuple[Provider, ...] = (_ticket_provider, _patrol_provider, _deadline_provider,
                                           _instruction_provider)


def touches_rules(kind: str, data: dict[str, Any] | None) -> bool:
    """Whether writing this record can change what the providers watch: anything but a
    duty-log entry other than a patrol (a patrol moves a key point's last patrol)."""
    if kind == "log":
        return data is None or data.get("kind") == "patrol"
    return True


def rules_for(ctx: Context, strict: bool = True) -> EscalationRules:
    """The rules in force; with ``strict=False`` a bad section gives the defaults instead."""
    try:
        return EscalationRules.from_section(ctx.settings.section("escalation"))
    except ValidationError:
        if strict:
            raise
        return EscalationRules()


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
                             notify_count=1, key=action.key, title=watch.title[:200])
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
        reason = t(esc.reason.label_key)
        subject = esc.title or f"{t('kind.' + esc.subject_kind)} #{esc.subject_id}"
        due = esc.due_at.to(self.ctx.tz).format("MM-DD HH:mm") if esc.due_at else "-"
        text = t(f"escalation.log.{action.kind}", level=action.level,
                 level_name=self.rules.level_name(action.level), reason=reason, subject=subject,
                 due=due, id=esc.id or "")
        return Create("log", self._entry(text, esc, now))

    def _entry(self, text: str, esc: Escalation, now: arrow.Arrow) -> dict[str, Any]:
        links = {"ticket_id": None, "report_id": None, "keypoint_id": None}
        link = f"{esc.subject_kind}_id"
        if link in links:
            links[link] = esc.subject_id
        entry = new_log_entry(text=text, kind=LogKind.NOTICE, at=now, author=self.ctx.operator,
                              system=True, **links)
        return entry.payload()

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
            now = self.ctx.now()
            changes = {"state": EscalationState.ACKNOWLEDGED.value, "ack_note": text,
                       "acked_by": self.ctx.operator, "acked_at": iso(now), "acked_level": esc.level,
                       "snooze_until": None, "snooze_reason": ""}
            line = t("escalation.log.ack", id=esc.id, level=esc.level,
                     level_name=self.rules.level_name(esc.level), reason=t(esc.reason.label_key),
                     subject=esc.title or f"#{esc.subject_id}", note=text, who=self.ctx.operator)
            try:
                stored = self.ctx.store.commit([
                    Update("escalation", escalation_id, changes, expected_version=esc.version),
                    Create("log", self._entry(line, esc, now))])[0]
            except StaleRecord:
                if attempt == 2:
                    raise
                continue
            return Escalation.from_dict(stored)
        raise AssertionError("unreachable")

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
        line = t("escalation.log.snooze", id=esc.id, minutes=minutes, reason=text,
                 until=until.to(self.ctx.tz).format("HH:mm"), subject=esc.title or f"#{esc.subject_id}",
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
            "subject_kind": esc.subject_kind, "subject_id": esc.subject_id, "title": esc.title,
            "due_at": data["due_at"], "breach_at": data["breach_at"],
            "seconds_to_due": int((due - now).total_seconds()) if due else None,
            "raised_at": data["raised_at"], "notified_at": data["notified_at"],
            "notify_count": esc.notify_count, "ack_note": esc.ack_note, "acked_by": esc.acked_by,
            "acked_at": data["acked_at"], "snooze_until": data["snooze_until"],
            "snooze_reason": esc.snooze_reason, "key": esc.key, "created_at": data["created_at"],
            "updated_at": data["updated_at"], "version": esc.version}


__all__ = ["Action", "ActionKind", "DueItem", "EscalationInputs", "EscalationRules",
           "EscalationService", "Watch", "deadline_watches", "escalation_json", "evaluate",
           "next_change", "open_levels", "overdue_watches", "rules_for", "ticket_watches"]


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
