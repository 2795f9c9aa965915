"""The warning call-out (预警叫应): build the call list, record each call, escalate the silent.

``start`` builds the list from the responsible persons (:mod:`dutyroom.services.contacts`)
of the areas named and every area below them; each call is then answered, failed (tried
again ``retry_minutes`` later), or confirmed at post. A call still unanswered at its due
time (``within`` minutes after it was added) is escalated once: the contacts of the area
above it join the list (:meth:`Callouts.escalate_silent`, run by the escalation engine's
``callout_unanswered`` provider in :mod:`dutyroom.services.callout_escalation`). Every
change is a duty-log entry (a message key and its parameters) in the same commit.

``[callout]`` in ``config.toml``: ``retry_minutes`` (default 10), ``within_minutes``
(default 30, the answer window when ``--within`` is not given).
"""

from __future__ import annotations

from typing import Any, Callable

import arrow

from dutyroom.model.callout import (Call, CallFailReason, Callout, CallStatus, answer, arrive,
                                    check_within, clean_note, clean_text, fail)
from dutyroom.model.contact import Contact, clean_area, parse_levels
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.shift import clean_name
from dutyroom.model.status import parse_warning
from dutyroom.model.text import clean
from dutyroom.model.timeinput import iso
from dutyroom.services.contacts import Contacts
from dutyroom.services.context import Context
from dutyroom.services.record_text import Message, message, subject_ref, system_entry
from dutyroom.store import Create, StaleRecord, Update

KIND = "callout"
DEFAULTS = {"retry_minutes": 10, "within_minutes": 30}
MAX_SETTING = 1440
MAX_REASON = 500
ATTEMPTS = 20
"""Tries at a change when another session changed the same call-out meanwhile."""


def callout_settings(ctx: Context) -> dict[str, int]:
    """``[callout]`` over the defaults; a bad value is named, never a crash."""
    merged = {**DEFAULTS, **ctx.settings.section("callout")}
    for name in DEFAULTS:
        value = merged[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SETTING:
            raise ValidationError("callout.error.bad_setting", field="callout", name=name, value=value)
    return {name: int(merged[name]) for name in DEFAULTS}


def warning_message(code: str) -> Message:
    """A warning code (``rainstorm:red``) as a message: "暴雨红色预警" / "rainstorm red"."""
    warning = parse_warning(code)
    return message("status.warning_name", type=warning.type, colour=warning.colour)


class Callouts:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------ starting
    def start(self, warning: str, areas: list[str], levels: list[str] | None = None,
              within: int | None = None, text: str | None = None) -> Callout:
        """A new call-out to every responsible person of ``areas`` and the areas below them,
        of ``levels`` only when given; unanswered after ``within`` minutes, a call escalates."""
        code = parse_warning(warning).code
        names = _area_list(areas)
        wanted = [level.value for level in parse_levels(levels)] if levels else []
        window = check_within(callout_settings(self.ctx)["within_minutes"] if within is None else within)
        body = clean_text(text)
        contacts = Contacts(self.ctx)
        tree = contacts.areas()
        for area in names:
            if area not in tree:
                raise ValidationError("callout.error.unknown_area", field="areas", area=area)
        covered: list[str] = []
        for area in names:
            for name in [area, *contacts.below(area)]:
                if name not in covered:
                    covered.append(name)
        people = contacts.all()
        chosen = [c for area in covered for c in people
                  if c.area == area and (not wanted or c.level.value in wanted)]
        if not chosen:
            raise ValidationError("callout.error.nobody", field="areas", areas=", ".join(names))
        now = self.ctx.now()
        due = now.shift(minutes=window)
        calls = [_call(index, c, tree, now, due) for index, c in enumerate(chosen, start=1)]
        callout = Callout(warning=code, areas=names, levels=wanted, within=window, text=body,
                          started_at=now, started_by=self.ctx.operator, due_at=due, calls=calls)
        log = self._log(message("callout.log.started", id=self.ctx.store.next_id(KIND),
                                warning=warning_message(code), areas=names, count=len(calls),
                                within=window))
        stored = self.ctx.store.commit([Create(KIND, callout.payload()), log])
        return Callout.from_dict(stored[0])

    # ------------------------------------------------------------ each call
    def answer(self, callout_id: int, call_id: int, by: str | None = None, note: str | None = None) -> Callout:
        """Heard: answered, by ``by`` when someone other than the person called picked up."""
        who = clean_name(by, "answered_by") if by is not None and str(by).strip() else ""
        remark = clean_note(note)

        def change(callout: Callout) -> Message:
            call = callout.call(call_id)
            answer(call, at=self.ctx.now(), by=who, note=remark, officer=self.ctx.operator)
            return message("callout.log.answered", id=callout_id, call=call_id, area=call.area,
                           name=call.name, by=call.answered_by, note=remark)
        return self._change(callout_id, change)

    def fail(self, callout_id: int, call_id: int, reason: str | CallFailReason) -> Callout:
        """Not reached this time: tried again ``retry_minutes`` later (``next_try_at``)."""
        why = reason if isinstance(reason, CallFailReason) else CallFailReason.parse(str(reason), "fail_reason")
        retry = callout_settings(self.ctx)["retry_minutes"]

        def change(callout: Callout) -> Message:
            call = callout.call(call_id)
            now = self.ctx.now()
            fail(call, at=now, reason=why, retry_at=now.shift(minutes=retry), officer=self.ctx.operator)
            return message("callout.log.failed", id=callout_id, call=call_id, area=call.area,
                           name=call.name, reason=why, retry=retry)
        return self._change(callout_id, change)

    def arrived(self, callout_id: int, call_id: int) -> Callout:
        """At their post (在岗到位), confirmed."""
        def change(callout: Callout) -> Message:
            call = callout.call(call_id)
            arrive(call, at=self.ctx.now(), officer=self.ctx.operator)
            return message("callout.log.arrived", id=callout_id, call=call_id, area=call.area,
                           name=call.name)
        return self._change(callout_id, change)

    def _change(self, callout_id: int, change: Callable[[Callout], Message]) -> Callout:
        """Read, change and commit with the version read; another session's write to another
        call meanwhile is not a conflict for the officer: read again and apply again."""
        for attempt in range(ATTEMPTS):
            callout = self.require(callout_id)
            if not callout.open:
                raise TransitionError("callout.error.closed", id=callout_id)
            msg = change(callout)
            update = Update(KIND, callout_id, {"calls": callout.to_dict()["calls"]}, callout.version)
            try:
                stored = self.ctx.store.commit([update, self._log(msg)])
            except StaleRecord:
                if attempt == ATTEMPTS - 1:
                    raise
                continue
            return Callout.from_dict(stored[0])
        raise AssertionError("unreachable")

    # ------------------------------------------------------------ closing
    def close(self, callout_id: int, override_reason: str | None = None) -> Callout:
        """Close a call-out once every call is answered; with calls still unanswered only the
        leader on duty may close it, in their own session, with a reason (kept and logged)."""
        from dutyroom.services.roster import RosterService
        from dutyroom.services.shifts import ShiftService
        from dutyroom.services.signatures import check_leader

        callout = self.require(callout_id)
        if not callout.open:
            raise TransitionError("callout.error.closed", id=callout_id)
        silent = [c for c in callout.calls if c.open]
        now = self.ctx.now()
        changes: dict[str, Any] = {"open": False, "closed_at": iso(now), "closed_by": self.ctx.operator}
        if silent:
            reason = clean(override_reason, "override_reason", max_len=MAX_REASON)
            if not reason:
                raise TransitionError("callout.error.unanswered", id=callout_id, count=len(silent),
                                      total=len(callout.calls))
            leader = check_leader(RosterService(self.ctx).my_name(), None, ShiftService(self.ctx).current())
            changes.update(override_reason=reason, closed_by=leader)
            msg = message("callout.log.closed_override", id=callout_id, count=len(silent),
                          leader=leader, reason=reason)
        else:
            msg = message("callout.log.closed", id=callout_id, count=len(callout.calls))
        stored = self.ctx.store.commit([Update(KIND, callout_id, changes, callout.version), self._log(msg)])
        return Callout.from_dict(stored[0])

    # ------------------------------------------------------------ escalation up the tree
    def escalate_silent(self, now: arrow.Arrow | None = None) -> list[Callout]:
        """Every open call-out's calls unanswered at their due time are escalated once: the
        contacts of the area above join the list (due ``within`` minutes later), logged naming
        the silent area. Idempotent and safe when two sessions run it at once."""
        moment = now or self.ctx.now()
        changed = []
        for callout in self.all(open_only=True):
            if any(c.silent(moment) and c.escalated_at is None for c in callout.calls):
                result = self._escalate(callout.id or 0, moment)
                if result is not None:
                    changed.append(result)
        return changed

    def _escalate(self, callout_id: int, now: arrow.Arrow) -> Callout | None:
        contacts = Contacts(self.ctx)
        for _attempt in range(ATTEMPTS):
            callout = self.require(callout_id)
            silent = [c for c in callout.calls if c.silent(now) and c.escalated_at is None]
            if not callout.open or not silent:
                return None
            logs = []
            for call in silent:
                call.escalated_at = now
                added = self._add_above(callout, call, contacts, now)
                if added:
                    msg = message("callout.log.escalated", id=callout_id, call=call.call_id, area=call.area,
                                  name=call.name, parent=call.parent, added=[c.name for c in added])
                else:
                    msg = message("callout.log.escalated_top", id=callout_id, call=call.call_id,
                                  area=call.area, name=call.name)
                logs.append(self._log(msg))
            update = Update(KIND, callout_id, {"calls": callout.to_dict()["calls"]}, callout.version)
            try:
                stored = self.ctx.store.commit([update, *logs])
            except StaleRecord:
                continue
            return Callout.from_dict(stored[0])
        return None

    @staticmethod
    def _add_above(callout: Callout, call: Call, contacts: Contacts, now: arrow.Arrow) -> list[Call]:
        """The contacts of the silent call's parent area, appended unless already on the list."""
        if not call.parent:
            return []
        tree = contacts.areas()
        listed = {(c.area, c.name) for c in callout.calls}
        added = []
        for person in contacts.all(call.parent):
            if (person.area, person.name) in listed:
                continue
            new = _call(len(callout.calls) + 1, person, tree, now, now.shift(minutes=callout.within))
            new.escalated_from = call.call_id
            callout.calls.append(new)
            listed.add((person.area, person.name))
            added.append(new)
        return added

    # ------------------------------------------------------------ reading
    def get(self, callout_id: int) -> Callout | None:
        data = self.ctx.store.get(KIND, callout_id)
        return Callout.from_dict(data) if data else None

    def require(self, callout_id: int) -> Callout:
        callout = self.get(callout_id)
        if callout is None:
            raise ValidationError("callout.error.missing", field="id", id=callout_id)
        return callout

    def all(self, open_only: bool = False) -> list[Callout]:
        """Call-outs by id; ``open_only`` reads only the open ones (cheap: ``open.json``)."""
        if open_only:
            rows = [r for r in self.ctx.store.open_records(KIND) if r.get("open")]
        else:
            rows = [r for day in self.ctx.store.days(KIND) for r in self.ctx.store.day_records(KIND, day)]
        return sorted((Callout.from_dict(r) for r in rows), key=lambda c: c.id or 0)

    def progress(self, callout: Callout) -> dict[str, int]:
        """Counts for the progress line "叫应 23/41 · 未应 3 · 到位 12" (see :func:`progress_of`)."""
        return progress_of(callout, self.ctx.now())

    def open_progress(self) -> dict[str, int] | None:
        """:meth:`progress` summed over the open call-outs; None while none is open."""
        found = self.all(open_only=True)
        if not found:
            return None
        total = dict.fromkeys(("total", "answered", "unanswered", "arrived", "failed", "pending"), 0)
        for callout in found:
            for key, value in self.progress(callout).items():
                total[key] += value
        return total

    def queue(self, callout: Callout) -> list[Call]:
        """The calls still to make, in the order to make them: by when each is due (a new call
        when it was added, a failed one at its retry time), then by call id."""
        return sorted((c for c in callout.calls if c.open), key=lambda c: (c.due(), c.call_id))

    def next_call(self, callout: Callout) -> Call | None:
        """The next call to make (see :meth:`queue`); None when everyone has answered."""
        waiting = self.queue(callout)
        return waiting[0] if waiting else None

    def _log(self, msg: Message) -> Create:
        return Create("log", system_entry(msg, kind=LogKind.CALL_OUT, at=self.ctx.now(),
                                          author=self.ctx.operator))


def _area_list(areas: list[str] | str) -> list[str]:
    parts = areas.replace("，", ",").split(",") if isinstance(areas, str) else list(areas)
    out: list[str] = []
    for part in parts:
        if str(part).strip():
            name = clean_area(part, "areas")
            if name not in out:
                out.append(name)
    if not out:
        raise ValidationError("error.required", field="areas")
    return out


def _call(call_id: int, person: Contact, tree: dict[str, str], added: arrow.Arrow, due: arrow.Arrow) -> Call:
    return Call(call_id=call_id, level=person.level.value, area=person.area,
                parent=person.parent or tree.get(person.area, ""), name=person.name, role=person.role,
                phone=person.phone, alt_phone=person.alt_phone, added_at=added, due_at=due)


def progress_of(callout: Callout, now: arrow.Arrow) -> dict[str, int]:
    """``answered`` counts everyone reached (arrived included); ``unanswered`` the calls past
    their due time still not answered (the silent ones, which escalate); ``failed`` and
    ``pending`` the calls in those states now."""
    statuses = [c.status for c in callout.calls]
    return {"total": len(statuses),
            "answered": sum(1 for s in statuses if s.reached),
            "unanswered": sum(1 for c in callout.calls if c.silent(now)),
            "arrived": statuses.count(CallStatus.ARRIVED),
            "failed": statuses.count(CallStatus.FAILED),
            "pending": statuses.count(CallStatus.PENDING)}


def _time(value: arrow.Arrow | None) -> str | None:
    return iso(value) if value is not None else None


def call_json(call: Call) -> dict[str, Any]:
    """One call as ``callout show --json`` lists it; ``attempts`` counts tries, ``history`` has each."""
    return {"call_id": call.call_id, "level": call.level, "area": call.area, "parent": call.parent,
            "name": call.name, "role": call.role, "phone": call.phone, "alt_phone": call.alt_phone,
            "status": call.status.value, "attempts": call.attempts, "answered_by": call.answered_by or None,
            "answered_at": _time(call.answered_at), "arrived_at": _time(call.arrived_at),
            "next_try_at": _time(call.next_try_at), "fail_reason": call.fail_reason or None,
            "note": call.note, "due_at": _time(call.due_at), "escalated_from": call.escalated_from,
            "escalated_at": _time(call.escalated_at),
            "history": [{"at": iso(a.at), "outcome": a.outcome.value, "reason": a.reason or None,
                         "by": a.by, "note": a.note, "officer": a.officer} for a in call.history]}


def callout_json(callout: Callout, now: arrow.Arrow) -> dict[str, Any]:
    """The stable JSON shape of a call-out (``callout show --json``, a contract with scripts)."""
    return {"id": callout.id, "warning": callout.warning, "areas": list(callout.areas),
            "levels": list(callout.levels), "within": callout.within, "text": callout.text,
            "started_at": iso(callout.started_at), "started_by": callout.started_by,
            "due_at": iso(callout.due_at), "open": callout.open, "closed_at": _time(callout.closed_at),
            "closed_by": callout.closed_by or None, "override_reason": callout.override_reason or None,
            "progress": progress_of(callout, now), "calls": [call_json(c) for c in callout.calls],
            "version": callout.version}


def callout_subject(callout_id: int) -> dict[str, Any]:
    """The call-out as a message subject ("叫应 #3" / "call-out #3")."""
    return subject_ref(KIND, callout_id)
