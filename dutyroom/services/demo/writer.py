"""The demo day written through the store in time order, up to a moment at a time.

Events are committed stamped with their time (to the batch) and officer, and the
escalation engine runs between them as the room's app would have run it, with the
clock at that moment: a look every ``ENGINE_MINUTES`` of the day (the officer on
duty first acknowledging what the previous look raised), and a look right after
a commit that touches an open escalation's subject (a patrol clears its reminder
at once). So the journal holds the escalations raised, climbing, acknowledged and
cleared through the day, each at its time, and a replay of any moment shows what
the dashboard did. (The app looks every minute; the demo every 20 minutes, to stay
quick to build: what falls due in between is raised at the next look, with its
breach time.)

:meth:`DemoWriter.write_until` commits every event up to a moment, so a live
dashboard can be opened on the day as it stood then (what that app writes is
part of the record). Written in steps, the day differs from one go only where a
step cut a batch: those events are committed at the step, and the engine's look
after that commit comes earlier; its reports, tickets and their ids are the same.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.services.context import Context
from dutyroom.services.demo.day import BATCH_MINUTES, Day, Event
from dutyroom.services.escalation import EscalationService, rules_for
from dutyroom.store import Store
from dutyroom.store.store import Create, Update


ENGINE_MINUTES = 20
"""The engine looks at the day every this many minutes of demo time."""
ACK_NOTE = "已知悉,已电话督促落实。"
"""What the officer on duty notes acknowledging an escalation (officers' words, as the demo's log)."""


class _DemoClock:
    """The writer's clock: it stands where the day's writing has got to."""

    def __init__(self, moment: arrow.Arrow) -> None:
        self.moment = moment

    def now(self) -> arrow.Arrow:
        return self.moment


class DemoWriter:
    """Write ``day``'s events into ``ctx.store``'s data directory, a moment at a time.

    Ids are assigned the way the store assigns them (the next id of each kind,
    in order), so events can refer to records created earlier in the same batch;
    the store's answer is checked against that, and a concurrent writer that
    broke it stops the demo with a clear error rather than wrong links.
    """

    def __init__(self, ctx: Context, day: Day) -> None:
        self.day = day
        self.ctx = ctx
        self.clock = _DemoClock(day.start)
        self.store = Store(ctx.store.root, now=self.clock.now, operator=ctx.operator, station=ctx.station,
                           lock_timeout=ctx.store.lock_timeout)
        self.events = [event for _, event in sorted(enumerate(day.events), key=lambda p: (p[1].at, p[0]))]
        self.position = 0
        """The first event not yet taken into a batch."""
        self.written_until: arrow.Arrow | None = None
        self._engine = EscalationService(self._context(day.start, ctx.operator),
                                         rules=rules_for(ctx, strict=False))
        self._due = day.start
        """When the engine next has something to do, if nothing is committed before."""
        self._batch: list[Any] = []
        self._predicted: list[int | None] = []
        self._created: set[tuple[str, int]] = set()
        self._next_id: dict[str, int] = {}
        self._start: arrow.Arrow | None = None
        self._end = day.start
        self._operator = ctx.operator
        self._built: dict[int, list[Any]] = {}
        """Operations of an event built ahead (to see whether it closes the batch), by position."""

    def _context(self, moment: arrow.Arrow, operator: str) -> Context:
        self.clock.moment = moment
        return Context(store=self.store, clock=self.clock, settings=self.ctx.settings, operator=operator,
                       station=self.ctx.station)

    # ------------------------------------------------------------ writing
    def write_until(self, moment: arrow.Arrow) -> None:
        """Commit every event of the day up to ``moment`` and the engine's looks up to then."""
        moment = min(moment, self.day.now)
        while self.position < len(self.events):
            event = self.events[self.position]
            if self._closes(event):
                self._flush()
            if event.at > moment:
                break
            self._engine_until(min(event.at, self.day.now))  # the batch is empty if anything is due
            if event.service is not None:
                self._run_service(event)
            else:
                self._take(event)
            self.position += 1
        self._flush()  # what happened by ``moment`` is committed by then
        self._engine_until(moment)
        self.written_until = moment

    def _closes(self, event: Event) -> bool:
        """Whether ``event`` starts a new commit (so the pending batch is committed before it)."""
        if event.service is not None or self._start is None or event.operator != self._operator:
            return True
        if self._due <= event.at:
            return True  # the engine looks before this event, at what is committed by then
        if (event.at - self._start).total_seconds() > BATCH_MINUTES * 60:
            return True
        # the store applies an update to what is stored, not to this batch
        return any(isinstance(op, Update) and (op.kind, op.id) in self._created for op in self._ops(event))

    def _ops(self, event: Event) -> list[Any]:
        if self.position not in self._built:
            assert event.build is not None
            self._built[self.position] = event.build()
        return self._built[self.position]

    def _take(self, event: Event) -> None:
        if self._start is None:
            self._start, self._operator = event.at, event.operator
        fake = []
        for op in self._ops(event):
            if isinstance(op, Create):
                new_id = self._next_id.get(op.kind) or self.store.next_id(op.kind)
                self._next_id[op.kind] = new_id + 1
                self._predicted.append(new_id)
                self._created.add((op.kind, new_id))
                fake.append({**op.data, "id": new_id})
            else:
                self._predicted.append(None)
                fake.append({**op.data, "id": op.id})
        self._batch.extend(self._built.pop(self.position))
        self._end = event.at
        event.after(fake)

    def _flush(self) -> None:
        """Commit the pending batch, stamped with its last event's time."""
        self._start = None
        if not self._batch:
            return
        moment = min(self._end, self.day.now)
        self.clock.moment = moment
        self.store.operator = self._operator
        stored = self.store.commit(self._batch)
        for want, got in zip(self._predicted, stored):
            if want is not None and int(got["id"]) != want:
                raise RuntimeError("demo: another process wrote while the demo was loading")
        touched = _subjects(self._batch)
        self._batch, self._predicted, self._next_id = [], [], {}
        self._created.clear()
        if any((e.subject_kind, e.subject_id) in touched for e in self._engine.open_escalations()):
            self._evaluate(moment, ack=False)  # the app clears what this commit resolved at once

    def _run_service(self, event: Event) -> None:
        """The real services at the event's moment, as its officer."""
        assert event.service is not None
        moment = min(event.at, self.day.now)
        self.store.operator = event.operator
        event.service(self._context(moment, event.operator))

    # ------------------------------------------------------------ the engine, as the app runs it
    def _engine_until(self, moment: arrow.Arrow) -> None:
        while self._due <= moment:
            self._evaluate(self._due)

    def _evaluate(self, moment: arrow.Arrow, ack: bool = True) -> None:
        """One look of the room's engine at ``moment``, as the officer on duty then, who first
        acknowledges what the previous look raised (the room keeps track of its alarms)."""
        self.clock.moment = moment
        self._engine.ctx.operator = self.store.operator = self.day.officer(moment)
        if ack and moment < self.day.now:  # at "now" what the last look raised is left for the officer
            self._engine.acknowledge_active(ACK_NOTE)
        self._engine.evaluate_now(moment)  # raised at the level already reached: one look is enough
        if ack:
            self._due = moment.shift(minutes=ENGINE_MINUTES)


SUBJECT_LINKS = {"keypoint_id": "keypoint", "ticket_id": "ticket", "report_id": "report", "chain_id": "report",
                 "station_id": "station"}


def _subjects(ops: list[Any]) -> set[tuple[str, int]]:
    """What escalations the operations may resolve: the records they update or link to."""
    out: set[tuple[str, int]] = set()
    for op in ops:
        if isinstance(op, Update):
            out.add((op.kind, int(op.id)))
        for name, kind in SUBJECT_LINKS.items():
            if op.data.get(name):
                out.add((kind, int(op.data[name])))
    return out
