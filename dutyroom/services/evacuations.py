"""People moved (转移人员): tallies per village or area against the plan.

``add`` always writes a new record with its duty-log entry in the same commit;
the area's current tally is its latest record by ``at`` (then id), so a later
count "updates" the area while the history stays. Totals sum the current tally of
every area, as of now or as of the end of a period (the bulletin's duty day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.model.evacuation import Evacuation, area_key, new_evacuation
from dutyroom.model.log_entry import LogKind
from dutyroom.services.context import Context
from dutyroom.services.record_text import message, system_entry
from dutyroom.store import Create

KIND = "evacuation"
FUTURE_SLACK_MIN = 5


@dataclass
class AreaTally:
    """An area's current tally (``latest``) and every record of it, oldest first."""

    latest: Evacuation
    history: list[Evacuation] = field(default_factory=list)


class Evacuations:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, area: object, *, planned: object, moved: object, shelter: object = None,
            at: str | arrow.Arrow | None = None) -> Evacuation:
        """Record a tally for ``area``; a later one for the same area becomes its current tally."""
        moment = at if isinstance(at, arrow.Arrow) else self.ctx.parse_time(at, "at")
        if moment > self.ctx.now().shift(minutes=FUTURE_SLACK_MIN):
            raise ValidationError("error.future_time", field="at", value=str(at))
        record = new_evacuation(area=area, planned=planned, moved=moved, shelter=shelter or "", at=moment)
        tallies = {area_key(a.latest.area): a.latest for a in self.areas()}
        before = tallies.get(area_key(record.area))
        if before is not None:
            record.area = before.area  # one spelling per area
            record.shelter = record.shelter or before.shelter  # not given again: still the same
        known = tallies
        key = "evacuation.log.updated" if area_key(record.area) in known else "evacuation.log.added"
        msg = message(key, area=record.area, planned=record.planned, moved=record.moved,
                      shelter=record.shelter or "—")
        log = system_entry(msg, kind=LogKind.ACTION, at=moment, author=self.ctx.operator)
        stored = self.ctx.store.commit([Create(KIND, record.payload()), Create("log", log)])
        return Evacuation.from_dict(stored[0])

    def all(self) -> list[Evacuation]:
        rows = (Evacuation.from_dict(r) for r in self.ctx.store.all(KIND))
        return sorted(rows, key=lambda e: (e.at, e.id or 0))

    def areas(self, until: arrow.Arrow | None = None) -> list[AreaTally]:
        """Each area's tally as of ``until`` (None: now, every record), in order of first record."""
        out: dict[str, AreaTally] = {}
        for record in self.all():
            if until is not None and record.at >= until:
                continue
            tally = out.setdefault(area_key(record.area), AreaTally(record))
            tally.history.append(record)
            tally.latest = record  # all() is ordered by at, then id
        return list(out.values())

    def totals(self, until: arrow.Arrow | None = None) -> dict[str, int]:
        """``areas``, ``planned``, ``moved`` summed over every area's current tally."""
        tallies = self.areas(until)
        return {"areas": len(tallies), "planned": sum(t.latest.planned for t in tallies),
                "moved": sum(t.latest.moved for t in tallies)}


def evacuation_json(record: Evacuation) -> dict[str, Any]:
    """The stable JSON shape of one tally record (a contract with scripts; see the README)."""
    data = record.to_dict()
    return {"id": record.id, "area": record.area, "planned": record.planned, "moved": record.moved,
            "percent": record.percent, "shelter": record.shelter, "at": data["at"],
            "recorded_by": record.created_by}


def area_json(tally: AreaTally) -> dict[str, Any]:
    """An area as ``evacuation list --json`` gives it: its current tally, and its history."""
    return {**evacuation_json(tally.latest), "updates": len(tally.history),
            "history": [evacuation_json(e) for e in tally.history]}


def percent_text(moved: int, planned: int) -> str:
    """"80%"; a dash when nobody was planned."""
    return f"{round(100 * moved / planned)}%" if planned else "—"
