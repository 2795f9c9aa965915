"""复盘: the duty room as it stood at a past moment, for the review after a flood.

A :class:`ReplaySession` pairs a read-only store as of a journal line
(:class:`~dutyroom.store.replay_store.ReplayStore`) with a clock stopped at that moment,
in a :class:`~dutyroom.services.context.Context` of its own. Every service reads through
it unchanged, so the status, the shift, the report chains with their deadlines, the
tickets, the escalations and the instructions come out as the services computed them then,
countdowns included. Writing through it is refused by the store.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.store.replay_store import ReadOnlyReplay, ReplayStore


class ReplaySession:
    """The room as of ``moment``; move it by time (:meth:`goto`) or by journal line (:meth:`step`)."""

    def __init__(self, live: Context, moment: arrow.Arrow | None = None) -> None:
        self.live = live
        self.clock = FixedClock(moment or live.now())
        self.store = ReplayStore(live.store, now=self.clock.now)
        self.ctx = Context(store=self.store, clock=self.clock, settings=live.settings,
                           operator=live.operator, station=live.station, account=live.account)
        self.goto(self.clock.now())

    @property
    def moment(self) -> arrow.Arrow:
        return self.clock.now()

    @property
    def line(self) -> int:
        return self.store.line

    def goto(self, moment: arrow.Arrow) -> None:
        """Stand at ``moment``: every line written then or before, none after."""
        self.store.goto_time(moment)
        self.clock.set(moment)

    def shift(self, hours: float) -> None:
        self.goto(self.moment.shift(hours=hours))

    def goto_line(self, number: int) -> None:
        """Stand after journal line ``number``: the clock moves to that line's time."""
        self.store.goto_line(number)
        if self.store.at:
            self.clock.set(arrow.get(self.store.at))

    def step(self, count: int) -> bool:
        """To the next (or previous) journal event: the clock moves to that event's time."""
        moved = self.store.step(count)
        if moved:
            self.clock.set(arrow.get(self.store.at) if self.store.at else self.moment)
        return moved

    def integrity(self) -> dict[str, Any]:
        return self.store.integrity()

    def close(self) -> None:
        self.store.close()


def integrity_line(check: dict[str, Any]) -> str:
    """The first line of every replay: intact through line N, or the first break, named."""
    if check["intact"]:
        return t("replay.intact", line=check["through_line"])
    first = check["breaks"][0]
    return t("replay.broken", line=first.get("line", "?"), count=len(check["breaks"]),
             detail=t(first.get("key", "verify.chain_break"), **_params(first)))


def _params(item: dict[str, Any]) -> dict[str, Any]:
    params = dict(item.get("params") or {})
    params.setdefault("line", item.get("line", "?"))
    for name in ("seq", "expected"):
        params.setdefault(name, "?")
    return params


__all__ = ["ReadOnlyReplay", "ReplaySession", "integrity_line"]
