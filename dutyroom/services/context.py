"""What every service needs: the store, the clock, the settings and who is acting."""

from __future__ import annotations

from dataclasses import dataclass

import arrow

from dutyroom.config import Settings
from dutyroom.model.timeinput import parse_time
from dutyroom.services.clock import Clock
from dutyroom.store import Store


@dataclass
class Context:
    store: Store
    clock: Clock
    settings: Settings
    operator: str
    station: str = "local"

    @property
    def tz(self) -> str:
        return self.settings.tz

    def now(self) -> arrow.Arrow:
        return self.clock.now()

    def parse_time(self, text: str | None, field: str = "time") -> arrow.Arrow:
        return parse_time(text or "now", self.now(), self.tz, field)

    def local(self, moment: arrow.Arrow | str) -> arrow.Arrow:
        return arrow.get(moment).to(self.tz)
