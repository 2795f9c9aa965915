"""The handover's lifecycle: start, refresh from live state, acknowledge, sign, seal.

Order of events: the outgoing shift starts a draft (built from the live state);
the incoming officer goes through the carried items and acknowledges each (or
all, after viewing them) and signs; the outgoing officer signs; the handover is
then sealed in the same commit that opens the next shift with the carried
items. Every signature first rebuilds the content from the live state, so an
item opened a minute ago is never left out: a new item must be acknowledged
before anyone can sign over it.

While an item of severity I or II is in its first hour, signing is refused
unless the leader on duty has overridden it with a recorded reason. A sealed
handover cannot change: every mutation here checks the state first, and
:meth:`HandoverService.verify` recomputes the seal to detect edits made behind
the service's back.
"""

from __future__ import annotations

from typing import Any, Iterable

import arrow
from tinydb import where

from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.model.handover import (CarriedItem, Handover, HandoverRole, HandoverState, Override,
                                     content_digest)
from dutyroom.model.log_entry import LogKind
from dutyroom.model.shift import Shift, clean_name
from dutyroom.model.text import clean
from dutyroom.services import handover_content as content
from dutyroom.services.context import Context
from dutyroom.services.guards import bump, guard_record, retry_stale
from dutyroom.services.record_text import message, render, subject_ref, system_entry
from dutyroom.services.roster import RosterService
from dutyroom.services.shifts import ShiftService
from dutyroom.services.signatures import Signer, check_leader, check_signer
from dutyroom.store import Create, Update

MAX_NOTES = 4000
HANDOVER_GUARD = "handover"
"""Bumped by the commit that starts a shift's handover draft (one draft per shift)."""
MAX_REASON = 500


class HandoverRefused(DomainError):
    """A grave item is in its first hour; ``items`` lists them ("报告 #9", never ``report:9``)."""

    def __init__(self, items: list[CarriedItem]) -> None:
        super().__init__("handover.error.refused", items=render([subject_ref(i.kind, i.id) for i in items]),
                         count=len(items))
        self.items = items


EPOCH = arrow.get(0)


def sealed_time(handover: Handover) -> arrow.Arrow:
    """When a sealed handover was sealed; for a record sealed by another tool without a seal
    time (older demo days), when it was last signed or written, so sorting never fails."""
    return (handover.sealed_at or handover.outgoing_signed_at or handover.updated_at
            or handover.created_at or EPOCH)


class HandoverService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.shifts = ShiftService(ctx)
        self.roster = RosterService(ctx)

    # ------------------------------------------------------------- reading
    def get(self, handover_id: int) -> Handover | None:
        data = self.ctx.store.get("handover", handover_id)
        return Handover.from_dict(data) if data else None

    def require(self, handover_id: int) -> Handover:
        found = self.get(handover_id)
        if found is None:
            raise ValidationError("handover.error.not_found", field="handover", id=handover_id)
        return found

    def all(self) -> list[Handover]:
        rows: dict[int, dict[str, Any]] = {}
        for day in self.ctx.store.days("handover"):
            for data in self.ctx.store.day_records("handover", day):
                rows[data["id"]] = data
        for data in self.ctx.store.open_records("handover"):
            rows[data["id"]] = data
        return [Handover.from_dict(rows[k]) for k in sorted(rows)]

    def for_shift(self, shift: Shift) -> Handover | None:
        """The shift's handover (its open draft first, else the sealed one)."""
        if shift.id is None:
            return None
        for data in self.ctx.store.open_records("handover"):
            if data.get("shift_id") == shift.id:
                return Handover.from_dict(data)
        # a handover is created during its shift or soon after: read only those days' files
        first = shift.start.to("UTC").format("YYYY-MM-DD")
        last = shift.end.to("UTC").shift(days=2).format("YYYY-MM-DD")
        days = [d for d in self.ctx.store.days("handover") if first <= d <= last]
        found = sorted(self.ctx.store.search("handover", where("shift_id") == shift.id, days=days),
                       key=lambda d: d["id"])
        return Handover.from_dict(found[-1]) if found else None

    def last_sealed(self) -> Handover | None:
        """The most recently sealed handover, reading day files from the newest back."""
        sealed: list[Handover] = []
        first_hit: int | None = None
        days = self.ctx.store.days("handover")
        for index in range(len(days) - 1, -1, -1):
            if first_hit is not None and index < first_hit - 1:
                break  # one older day read past the first hit covers a draft sealed a day later
            sealed += [Handover.from_dict(d) for d in self.ctx.store.day_records("handover", days[index])
                       if d.get("state") == HandoverState.SEALED.value]
            if sealed and first_hit is None:
                first_hit = index
        return max(sealed, key=lambda h: (sealed_time(h), h.id or 0)) if sealed else None

    def resolve(self, spec: str | None) -> tuple[Handover, bool]:
        """``current`` (default), ``last`` (the last sealed) or a shift id.

        Returns the handover and whether it is stored; for a shift without a
        handover yet, a preview built from the live state (not stored).
        """
        text = (spec or "current").strip().lower()
        if text in ("last", "previous", "上一班"):
            found = self.last_sealed()
            if found is None:
                raise ValidationError("handover.error.none_sealed", field="shift")
            return found, True
        shift = self.target_shift() if text in ("current", "now", "当前") else self.shifts.resolve(text)
        found = self.for_shift(shift)
        if found is not None:
            return (self.preview(shift, found) if not found.sealed else found), True
        return self.preview(shift), False

    def preview(self, shift: Shift, base: Handover | None = None) -> Handover:
        """The handover as it would read now, from the live state; nothing is stored."""
        handover = base or Handover(shift_id=shift.id)
        self._fill(handover, shift)
        return handover

    # ------------------------------------------------------------- building
    def _fill(self, handover: Handover, shift: Shift) -> list[CarriedItem]:
        """Rebuild every section from the live state; acknowledgements of items kept survive.

        Returns the items that are new since the last build.
        """
        now = self.ctx.now()
        following = self.shifts.following(shift)
        before = {i.key: i for i in handover.items}
        items = content.carried_items(self.ctx)
        new = []
        for item in items:
            old = before.get(item.key)
            if old is not None and old.acknowledged:
                item.acknowledged, item.acknowledged_by, item.acknowledged_at = \
                    True, old.acknowledged_by, old.acknowledged_at
            elif old is None and before:
                new.append(item)
        window = content.window_of(shift, now)
        handover.shift_id = shift.id
        handover.next_shift_id = following.id
        handover.period_start, handover.period_end = shift.start, shift.end
        handover.leader = shift.leader
        handover.incoming_leader = following.leader
        handover.items = items
        handover.response, handover.warnings = content.duty_status(self.ctx)
        handover.standing_orders = content.standing_orders(self.ctx)
        handover.stations = content.stations_above(self.ctx, window.start, window.end)
        handover.evacuations = content.evacuations(self.ctx)
        handover.stats = content.statistics(self.ctx, window)
        handover.events = content.notable_events(self.ctx, window)
        handover.built_at = now
        return new

    def target_shift(self) -> Shift:
        """The shift being handed over now.

        Handovers run across the changeover: in the first ``late_minutes`` (default 120) of a
        shift, a previous shift that has a record but no sealed handover is still the one to
        hand over; otherwise it is the current shift.
        """
        current = self.shifts.current()
        grace = int(content.settings(self.ctx).get("late_minutes", 120))
        if (self.ctx.now() - current.start).total_seconds() < grace * 60:
            previous = self.shifts.previous(current)
            if previous.id is not None:
                done = self.for_shift(previous)
                if done is None or not done.sealed:
                    return previous
        return current

    # ------------------------------------------------------------- changing
    def start(self, notes: str | None = None) -> Handover:
        """The draft of the shift being handed over, created from the live state if there is none."""
        shift = self.shifts.ensure(self.target_shift())
        # another session starting or refreshing this draft meanwhile makes ours stale: what
        # we add (a rebuild from the live state, or our notes) is then applied to theirs
        return retry_stale(lambda: self._start_once(shift, notes))

    def _start_once(self, shift: Shift, notes: str | None) -> Handover:
        # the guard is read before looking for a draft: two officers pressing "h" at the
        # changeover make one draft (the second commit is stale and finds the first's)
        guard = guard_record(self.ctx, HANDOVER_GUARD)
        assert guard is not None
        existing = self.for_shift(shift)
        if existing is not None:
            if existing.sealed:
                raise ValidationError("handover.error.sealed", field="handover", id=existing.id)
            return self.refresh(existing) if notes is None else self.set_notes(existing, notes)
        handover = Handover(shift_id=shift.id)
        self._fill(handover, shift)
        if notes is not None:
            handover.notes = clean(notes, "handover_notes", max_len=MAX_NOTES)
        handover.open = True
        records = self.ctx.store.commit([
            Create("handover", handover.payload()),
            self._log("handover.log.started", shift=self.shifts.label(shift), count=len(handover.items)),
            bump(guard),
        ])
        return Handover.from_dict(records[0])

    def refresh(self, handover: Handover) -> Handover:
        current = self._mutable(handover)
        self._fill(current, self._shift_of(current))
        return self._save(current)

    def set_notes(self, handover: Handover, notes: str) -> Handover:
        current = self._mutable(handover)
        current.notes = clean(notes, "handover_notes", max_len=MAX_NOTES)
        return self._save(current)

    def acknowledge(self, handover: Handover, keys: Iterable[str] | None, by: str | None = None) -> Handover:
        """The incoming officer has gone through these items (``None``: all of them)."""
        current = self._mutable(handover)
        if current.state != HandoverState.DRAFT:
            raise ValidationError("handover.error.already_signed", field="handover")
        who = clean_name(by or self.roster.my_name(), "incoming")
        now = self.ctx.now()
        self._fill(current, self._shift_of(current))  # the items as they are now, not as last built
        wanted = None if keys is None else [k.strip() for k in keys]
        if wanted is not None:
            missing = [k for k in wanted if current.item(k) is None]
            if missing:
                raise ValidationError("handover.error.no_item", field="carried_item", item=", ".join(missing))
        for item in current.items:
            if (wanted is None or item.key in wanted) and not item.acknowledged:
                item.acknowledged, item.acknowledged_by, item.acknowledged_at = True, who, now
        return self._save(current)

    def override(self, handover: Handover, by: str | None, reason: str) -> Handover:
        """The leader on duty, in their own session, lets the handover go ahead over grave items
        in their first hour (``by``: only to confirm their own name)."""
        current = self._mutable(handover)
        shift = self._shift_of(current)
        why = clean(reason, "override_reason", required=True, max_len=MAX_REASON)
        leader = check_leader(self.roster.my_name(), by, shift)
        self._fill(current, shift)
        grave = content.grave_in_first_hour(self.ctx, current.items)
        current.override = Override(by=leader, reason=why, at=self.ctx.now(), recorded_by=self.ctx.operator,
                                    items=[i.key for i in grave])
        return self._save(current, self._log("handover.log.override", leader=leader, reason=why,
                                             items=[subject_ref(i.kind, i.id) for i in grave] or "-"))

    def check_signer(self, role: HandoverRole | str, name: str | None = None, reason: str | None = None,
                     handover: Handover | None = None) -> Signer:
        """Who would sign as ``role`` (on ``handover``, else the one being handed over now);
        refused, with nothing written, when the roster says otherwise."""
        side = role if isinstance(role, HandoverRole) else HandoverRole.parse(str(role), "role")
        shift = self._shift_of(handover) if handover is not None else self.target_shift()
        return check_signer(side, self.roster.my_name(), name, reason, shift,
                            self.shifts.following(shift), self.ctx.now())

    def sign(self, handover: Handover, role: HandoverRole | str, name: str | None = None,
             reason: str | None = None) -> Handover:
        """Sign as incoming (first), leader (a countersignature, before the seal) or outgoing
        (which seals), each as the session's own identity; ``name`` and ``reason``: the leader
        on duty letting another signer through (see :mod:`dutyroom.services.signatures`)."""
        side = role if isinstance(role, HandoverRole) else HandoverRole.parse(str(role), "role")
        current = self._mutable(handover)
        shift = self._shift_of(current)
        signer = self.check_signer(side, name, reason, current)
        if side == HandoverRole.LEADER:
            return self._countersign(current, signer)
        new = self._fill(current, shift)
        self._check_grave(current)
        following = self.shifts.following(shift)
        if side == HandoverRole.INCOMING:
            return self._sign_incoming(current, following, signer)
        return self._sign_outgoing(current, shift, following, signer, new)

    def _countersign(self, current: Handover, signer: Signer) -> Handover:
        if current.countersigned_by:
            raise ValidationError("handover.error.already_signed", field="handover")
        current.countersigned_by, current.countersigned_at = signer.name, self.ctx.now()
        return self._save(current, self._log("signature.log.countersigned", name=signer.name),
                          *self._proxy(current, signer))

    def _proxy(self, current: Handover, signer: Signer) -> list[Create]:
        """A signature the leader let through: kept on the handover (sealed with it) and logged."""
        proxy = signer.proxy
        if proxy is None:
            return []
        current.signed_for.append(proxy)
        from dutyroom.i18n import t

        return [self._log("signature.log.signed_for", leader=proxy.by, name=proxy.name,
                          role=t(f"enum.handover_role.{proxy.role}"), reason=proxy.reason)]

    def _sign_incoming(self, current: Handover, following: Shift, signer: Signer) -> Handover:
        who = signer.name
        if current.state != HandoverState.DRAFT:
            raise ValidationError("handover.error.already_signed", field="handover")
        pending = current.unacknowledged()
        if pending:
            raise ValidationError("handover.error.unacknowledged", field="carried_items", count=len(pending),
                                  items=", ".join(i.key for i in pending[:10]))
        current.incoming, current.incoming_signed_at = who, self.ctx.now()
        current.state = HandoverState.SIGNED_INCOMING
        more = self._proxy(current, signer)
        return self._save(current, self._log("handover.log.incoming_signed", name=who), *more)

    def _sign_outgoing(self, current: Handover, shift: Shift, following: Shift, signer: Signer,
                       new: list[CarriedItem]) -> Handover:
        who = signer.name
        if current.state != HandoverState.SIGNED_INCOMING:
            raise ValidationError("handover.error.incoming_first", field="handover")
        if current.unacknowledged():
            # Something opened after the incoming officer signed: they must see it and sign again.
            pending = current.unacknowledged()
            current.state, current.incoming, current.incoming_signed_at = HandoverState.DRAFT, "", None
            self._save(current, self._log("handover.log.reopened",
                                          items=[subject_ref(i.kind, i.id) for i in pending]))
            raise ValidationError("handover.error.new_items", field="carried_items", count=len(pending),
                                  items=render([subject_ref(i.kind, i.id) for i in pending[:10]]))
        if who == current.incoming:
            raise ValidationError("handover.error.same_person", field="outgoing", name=who)
        following = self.shifts.ensure(following)
        more = self._proxy(current, signer)  # before the seal: the seal covers it
        now = self.ctx.now()
        current.next_shift_id = following.id
        current.incoming_leader = following.leader
        current.outgoing, current.outgoing_signed_at = who, now
        current.state, current.sealed_at, current.open = HandoverState.SEALED, now, False
        current.seal = ""
        current.seal = content_digest(current.to_dict())
        carried = [i.key for i in current.items]
        return self._save(current,
                          Update("shift", following.id or 0, {"handover_in": current.id, "carried": carried},
                                 following.version),
                          self._log("handover.log.sealed", name=who, incoming=current.incoming,
                                    count=len(carried), seal=current.seal[:16]), *more)

    def _check_grave(self, current: Handover) -> None:
        grave = content.grave_in_first_hour(self.ctx, current.items)
        covered = set(current.override.items) if current.override else set()
        refused = [i for i in grave if i.key not in covered]
        if refused:
            raise HandoverRefused(refused)

    # ------------------------------------------------------------- checking
    def verify(self, handover: Handover) -> bool:
        """True when a sealed handover's content still matches its seal."""
        data = self.ctx.store.get("handover", handover.id or 0) or handover.to_dict()
        return bool(data.get("seal")) and content_digest(data) == data["seal"]

    # ------------------------------------------------------------- plumbing
    def _mutable(self, handover: Handover) -> Handover:
        """The stored handover, fresh; refused once sealed."""
        if handover.id is None:
            raise ValidationError("handover.error.not_started", field="handover")
        current = self.require(handover.id)
        if current.sealed or current.seal:
            raise ValidationError("handover.error.sealed", field="handover", id=current.id)
        if current.version != handover.version:
            from dutyroom.store import StaleRecord

            raise StaleRecord("error.stale", kind="handover", id=current.id, by=current.updated_by,
                              at=current.updated_at.isoformat() if current.updated_at else "?")
        return current

    def _shift_of(self, handover: Handover) -> Shift:
        shift = self.shifts.get(handover.shift_id or 0)
        if shift is None:
            raise ValidationError("shift.error.not_found", field="shift", id=handover.shift_id)
        return shift

    def _save(self, handover: Handover, *more: Create | Update) -> Handover:
        records = self.ctx.store.commit([Update("handover", handover.id or 0, handover.payload(),
                                               handover.version), *more])
        return Handover.from_dict(records[0])

    def _log(self, key: str, **params: object) -> Create:
        return Create("log", system_entry(message(key, **params), kind=LogKind.NOTICE, at=self.ctx.now(),
                                          author=self.ctx.operator))
