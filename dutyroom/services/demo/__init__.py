"""The demo: a realistic flood-season day in a Chinese city (江城市), for training and trying out.

The day is replayed in time order through the store (events of one officer within
20 minutes share a commit, stamped with the last one's time and that officer), so
the journal, the audit trail, ``created_at`` and "time since last update" all look
like a real day: a rainstorm yellow warning upgraded to orange, the flood response
started at level IV and raised to III, readings and patrols through the day, ~27
report chains, 15 tickets in every state, leader instructions with their feedback,
and a sealed handover at every changeover of the configured shift pattern. The
escalation engine runs through the day as the room's app would have run it (see
:mod:`~dutyroom.services.demo.writer`). The room keeps up with its own rules (key
points patrolled within their intervals, units replying in time, news of every ticket
being worked within the hour: :mod:`~dutyroom.services.demo.patrols`,
:mod:`~dutyroom.services.demo.tickets`), so the engine raises about a dozen escalations
in the day, each cleared at its time: the rain and the rising water at the
stations, and in the night one late patrol and one ticket's late news. At the
demo's "now" a few things are late (one written report upward, one patrol, one
unit's reply, a reservoir above its flood limit), each with one pending escalation.
Deterministic for a given ``now`` (seeded), so it suits tests; :func:`demo_writer`
writes the same day a moment at a time (a live dashboard can look at it at 02:40).
"""

from __future__ import annotations

from dutyroom.services.context import Context
from dutyroom.services.demo.callouts import callouts
from dutyroom.services.demo.day import Day
from dutyroom.services.demo.handovers import handovers
from dutyroom.services.demo.incidents import reports
from dutyroom.services.demo.posts import posts
from dutyroom.services.demo.patrols import patrols
from dutyroom.services.demo.routine import chatter, readings, registry, status
from dutyroom.services.demo.stations import stations
from dutyroom.services.demo.tickets import tickets
from dutyroom.services.demo.writer import DemoWriter

__all__ = ["DemoWriter", "demo_writer", "fill_demo"]


def demo_writer(ctx: Context, seed: int = 7) -> DemoWriter:
    """The demo day planned (ending at ``ctx.now()``) and ready to be written into ``ctx.store``."""
    day = Day(ctx, seed)
    registry(day)
    status(day)
    readings(day)
    stations(day)
    patrols(day)
    reports(day)
    tickets(day)
    callouts(day)  # issue #15: the red rainstorm warning and its call-out (预警叫应)
    posts(day)
    handovers(day)
    chatter(day)
    return DemoWriter(ctx, day)


def fill_demo(ctx: Context, seed: int = 7) -> dict[str, int]:
    """Write the demo day into ``ctx.store``; returns how many of each were written."""
    writer = demo_writer(ctx, seed)
    writer.write_until(writer.day.now)
    store = ctx.store
    return {kind: sum(len(store.day_records(name, d)) for d in store.days(name))
            for kind, name in (("log", "log"), ("reports", "report"), ("tickets", "ticket"))}
