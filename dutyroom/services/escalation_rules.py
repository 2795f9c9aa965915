"""The escalation rules in force (``[escalation]`` in ``config.toml``), validated once.

Levels climb with the clock from the breach (``level_minutes``: when levels 1, 2, 3
are reached); the names of the levels are the configured ones or the catalog's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.escalation import EscalationReason
from dutyroom.services.context import Context

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

    def level_name_value(self, level: int) -> Any:
        """The level's name as a message parameter: the configured literal, else a catalog key
        (so the stored record reads in each reader's language)."""
        if 1 <= level <= len(self.level_names):
            return self.level_names[level - 1]
        return {"key": f"escalation.level.{min(level, 3)}", "params": {}}


def rules_for(ctx: Context, strict: bool = True) -> EscalationRules:
    """The rules in force; with ``strict=False`` a bad section gives the defaults instead."""
    try:
        return EscalationRules.from_section(ctx.settings.section("escalation"))
    except ValidationError:
        if strict:
            raise
        return EscalationRules()

