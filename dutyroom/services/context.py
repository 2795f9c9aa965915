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
    """Who is acting, as records and screens name them: the roster name where the roster
    maps this account to one (see ``RosterService.adopt_identity``), else the account."""
    station: str = "local"
    account: str = ""
    """The OS account (login) acting, once known apart from the name; see :attr:`login`."""

    @property
    def login(self) -> str:
        """The OS account acting: ``account``, else the operator name as given."""
        return self.account or self.operator

    def set_identity(self, name: str, account: str | None = None) -> None:
        """Act as ``name`` from now on (after identifying); the store stamps it too."""
        self.account = account or self.login
        self.operator = name
        self.store.operator, self.store.account = self.operator, self.account

    @property
    def tz(self) -> str:
        return self.settings.tz

    def now(self) -> arrow.Arrow:
        return self.clock.now()

    def parse_time(self, text: str | None, field: str = "time") -> arrow.Arrow:
        return parse_time(text or "now", self.now(), self.tz, field)

    def local(self, moment: arrow.Arrow | str) -> arrow.Arrow:
        return arrow.get(moment).to(self.tz)
