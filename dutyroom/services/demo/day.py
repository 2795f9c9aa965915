"""The demo day's frame: its shifts (from the configured pattern) and its events.

Events are collected out of order, then committed in time order by
:class:`~dutyroom.services.demo.writer.DemoWriter` through a store whose clock is
the event's time, so the journal, the audit trail and ``created_at`` look like a
real day. An event either builds store operations
(batched, ids predicted as the store assigns them) or calls the real services
(handovers, leader instructions) with a context whose clock and operator are the
event's: what those services seal or record is exactly what they would in the room.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable

import arrow

from dutyroom.model.log_entry import LogKind, new_log_entry
from dutyroom.services.context import Context
from dutyroom.services.shifts import ShiftService, Slot
from dutyroom.store import Store
from dutyroom.store.store import Create, Update

OFFICER_ROTA = ["张伟", "李娜", "陈静"]
"""The officer of the current shift, the one before, the one before that (and round again)."""
LEADER_ROTA = ["王建国", "刘敏"]
SECOND_OFFICER = "赵磊"
DEMO_HOURS = 24
BATCH_MINUTES = 20
"""Events within this span share one commit: ~70 fsynced commits for the day, not ~430."""


@dataclass
class Event:
    at: arrow.Arrow
    operator: str
    build: Callable[[], list[Any]] | None = None
    after: Callable[[list[dict[str, Any]]], None] = field(default=lambda stored: None)
    service: Callable[[Context], None] | None = None
    """Called instead of ``build``: the real services at this moment, as this operator."""


class Day:
    """The day being built: its clock, its shifts, the ids of what it has made so far."""

    def __init__(self, ctx: Context, seed: int) -> None:
        self.ctx = ctx
        self.rng = random.Random(seed)
        self.now = ctx.now().to("UTC").replace(microsecond=0)
        self.start = self.now.shift(hours=-DEMO_HOURS)
        self.slots = demo_slots(ShiftService(ctx), self.start, self.now)
        """The pattern's shifts from the one holding the day's start to the current one."""
        self.shift_start = self.slots[-1].start
        self.forwards: dict[int, list[Any]] = {}
        """Reports upward made so far, by chain (the demo's duty room keeps up with them)."""
        self.events: list[Event] = []
        self.ids: dict[str, dict[Any, int]] = {"keypoint": {}, "unit": {}, "report": {}, "ticket": {},
                                              "shift": {}, "instruction": {}}
        self.log_count = 0

    def at(self, hours_ago: float) -> arrow.Arrow:
        return self.now.shift(seconds=-int(hours_ago * 3600)).replace(microsecond=0)

    def ago(self, slot: Slot) -> int:
        """0 for the current shift, 1 for the one before, ..."""
        return len(self.slots) - 1 - self.slots.index(slot)

    def slot(self, moment: arrow.Arrow) -> Slot:
        for slot in reversed(self.slots):
            if slot.start <= moment:
                return slot
        return self.slots[0]

    def officer(self, moment: arrow.Arrow) -> str:
        return OFFICER_ROTA[self.ago(self.slot(moment)) % len(OFFICER_ROTA)]

    def leader(self, moment: arrow.Arrow) -> str:
        return LEADER_ROTA[self.ago(self.slot(moment)) % len(LEADER_ROTA)]

    def add(self, moment: arrow.Arrow, build: Callable[[], list[Any]],
            after: Callable[[list[dict[str, Any]]], None] | None = None, operator: str | None = None) -> None:
        self.events.append(Event(moment, operator or self.officer(moment), build,
                                 after or (lambda stored: None)))

    def call(self, moment: arrow.Arrow, service: Callable[[Context], None], operator: str | None = None) -> None:
        """Run ``service`` against the real services at ``moment`` (see :class:`Event`)."""
        self.events.append(Event(moment, operator or self.officer(moment), service=service))

    def log(self, moment: arrow.Arrow, kind: LogKind, text: str, *, system: bool = False,
            report: Any = None, ticket: Any = None, keypoint: int | None = None,
            author: str | None = None) -> None:
        self.log_count += 1

        def build() -> list[Any]:
            entry = new_log_entry(text=text, kind=kind, at=moment, author=author or self.officer(moment),
                                  system=system,
                                  report_id=self.ids["report"].get(report) if report is not None else None,
                                  ticket_id=self.ids["ticket"].get(ticket) if ticket is not None else None,
                                  keypoint_id=self.ids["keypoint"].get(keypoint) if keypoint is not None else None)
            return [Create("log", entry.payload())]

        self.add(moment, build)


def demo_slots(shifts: ShiftService, start: arrow.Arrow, now: arrow.Arrow) -> list[Slot]:
    """The pattern's slots from the one holding ``start`` up to the one holding ``now``."""
    slots = [shifts.slot_at(now)]
    while slots[0].start > start:
        slots.insert(0, shifts.slot_at(slots[0].start.shift(seconds=-1)))
    return slots
