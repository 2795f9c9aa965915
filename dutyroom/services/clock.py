"""The one place that reads the wall clock; tests pass a FixedClock instead."""

from __future__ import annotations

from typing import Protocol

import arrow


class Clock(Protocol):
    def now(self) -> arrow.Arrow: ...


class SystemClock:
    def now(self) -> arrow.Arrow:
        return arrow.utcnow()


class FixedClock:
    """A clock that moves only when told: ``advance(minutes=5)``."""

    def __init__(self, start: arrow.Arrow | str) -> None:
        self._now = arrow.get(start).to("UTC")

    def now(self) -> arrow.Arrow:
        return self._now

    def set(self, moment: arrow.Arrow | str) -> None:
        self._now = arrow.get(moment).to("UTC")

    def advance(self, **delta: float) -> arrow.Arrow:
        self._now = self._now.shift(**delta)
        return self._now
