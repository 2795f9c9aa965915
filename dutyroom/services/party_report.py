"""The report on party organisations and members at the front (党组织和党员发挥作用情况).

For a period and optionally a district or town: teams deployed, people and party
members mobilised, person-hours, actions by kind, people evacuated and rescued,
deeds marked for reporting upward. One row per team, and the totals.

What counts, so that adjacent periods add up:
- a deployment counts in a period when its team was out at some moment of it;
- person-hours are people × the hours out inside the period (a team still out
  counts up to now);
- evacuated and rescued count in the period in which the team came back;
- a deed counts in the period in which it happened (its ``at``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import arrow

from dutyroom.model.deployment import Deployment, TaskCode
from dutyroom.model.errors import ValidationError
from dutyroom.model.text import clean
from dutyroom.services.context import Context
from dutyroom.services.deeds import Deeds
from dutyroom.services.deployments import Deployments
from dutyroom.services.post_figures import post_figures

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TASKS = TaskCode.codes()


@dataclass
class TeamRow:
    team_id: int
    team: str
    unit_kind: str
    district: str
    deployments: int = 0
    people: int = 0
    party_members: int = 0
    person_hours: float = 0.0
    tasks: dict[str, int] = field(default_factory=lambda: {code: 0 for code in TASKS})
    evacuated: int = 0
    rescued: int = 0
    deeds: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"team_id": self.team_id, "team": self.team, "unit_kind": self.unit_kind,
                "district": self.district, "deployments": self.deployments, "people": self.people,
                "party_members": self.party_members, "person_hours": round(self.person_hours, 1),
                **{f"task_{code}": n for code, n in self.tasks.items()},
                "evacuated": self.evacuated, "rescued": self.rescued, "deeds_marked": self.deeds}


CSV_COLUMNS = ["team_id", "team", "unit_kind", "district", "deployments", "people", "party_members",
               "person_hours", *[f"task_{c}" for c in TASKS], "evacuated", "rescued", "deeds_marked"]


def period(ctx: Context, start_text: str, end_text: str) -> tuple[arrow.Arrow, arrow.Arrow]:
    """[start, end): a bare date ``--to`` includes the whole of that day in the duty room's zone."""
    start = _bound(ctx, start_text, "from", end_of_day=False)
    end = _bound(ctx, end_text, "to", end_of_day=True)
    if end <= start:
        raise ValidationError("error.bad_period", field="to", start=start_text, end=end_text)
    return start, end


def _bound(ctx: Context, text: str, name: str, *, end_of_day: bool) -> arrow.Arrow:
    value = (text or "").strip()
    if _DATE.match(value):
        try:
            day = arrow.get(value, "YYYY-MM-DD", tzinfo=ctx.tz)
        except (arrow.parser.ParserError, ValueError):
            raise ValidationError("error.bad_date", field=name, value=text) from None
        return (day.shift(days=1) if end_of_day else day).to("UTC")
    return ctx.parse_time(value, name)


def matches_district(district: str, town: str, wanted: str | None) -> bool:
    if not wanted:
        return True
    key = wanted.casefold()
    return key in (district.casefold(), town.casefold())


def compute(ctx: Context, start: arrow.Arrow, end: arrow.Arrow,
            district: str | None = None) -> dict[str, Any]:
    """Every figure of the report, per team and in total, as plain JSON."""
    wanted = clean(district, "district", max_len=100, single_line=True) or None
    now = ctx.now()
    rows: dict[int, TeamRow] = {}

    def row_for(d: Deployment) -> TeamRow:
        if d.unit_id not in rows:
            rows[d.unit_id] = TeamRow(d.unit_id, d.team, d.unit_kind, d.district)
        return rows[d.unit_id]

    for d in Deployments(ctx).until(end):
        if not matches_district(d.district, d.town, wanted):
            continue
        if d.overlaps(start, end):
            row = row_for(d)
            row.deployments += 1
            row.people += d.people
            row.party_members += d.party_members
            row.person_hours += d.people * d.hours_within(start, end, now)
            row.tasks[d.task.value] += 1
        if d.ended_at is not None and start <= d.ended_at < end:
            row = row_for(d)
            row.evacuated += d.evacuated
            row.rescued += d.rescued
    deeds = [x for x in Deeds(ctx).listing(marked=True, start=start, end=end)
             if matches_district(x.district, x.town, wanted)]
    units = {u["id"]: u for u in ctx.store.all("unit")}
    for deed in deeds:
        if deed.unit_id is None:
            continue
        if deed.unit_id not in rows:
            unit = units.get(deed.unit_id, {})
            rows[deed.unit_id] = TeamRow(deed.unit_id, str(unit.get("name", deed.name)),
                                         str(unit.get("kind", "")), str(unit.get("district", "")))
        rows[deed.unit_id].deeds += 1
    teams = [rows[k].as_dict() for k in sorted(rows, key=lambda k: (rows[k].team, k))]
    totals = {"teams": sum(1 for r in teams if r["deployments"]),
              "deployments": sum(r["deployments"] for r in teams),
              "people": sum(r["people"] for r in teams),
              "party_members": sum(r["party_members"] for r in teams),
              "person_hours": round(sum(rows[k].person_hours for k in rows), 1),
              "tasks": {code: sum(r[f"task_{code}"] for r in teams) for code in TASKS},
              "evacuated": sum(r["evacuated"] for r in teams), "rescued": sum(r["rescued"] for r in teams),
              "deeds_marked": len(deeds),
              "deeds_of_teams": sum(r["deeds_marked"] for r in teams)}
    districts: dict[str, dict[str, Any]] = {}
    for d in Deployments(ctx).until(end):
        if not matches_district(d.district, d.town, wanted) or not d.overlaps(start, end):
            continue
        row = districts.setdefault(d.district, {"district": d.district, "deployments": 0, "people": 0,
                                                "party_members": 0, "person_hours": 0.0})
        row["deployments"] += 1
        row["people"] += d.people
        row["party_members"] += d.party_members
        row["person_hours"] += d.people * d.hours_within(start, end, now)
    by_district = [{**r, "person_hours": round(r["person_hours"], 1)}
                   for _, r in sorted(districts.items())]
    deed_items = [{"id": x.id, "subject": x.subject.value, "name": x.name, "text": x.text[:300],
                   "at": x.at.isoformat(), "place": x.place, "district": x.district,
                   "witness": x.witness} for x in deeds]
    return {"period_start": start.isoformat(), "period_end": end.isoformat(), "district": wanted or "",
            "generated_at": now.isoformat(), "teams": teams, "totals": totals, "by_district": by_district,
            "deeds": deed_items, "posts": post_figures(ctx, start, end, wanted)}


def csv_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per team, then a totals row (team ``TOTAL``/合计 left to the caller's label)."""
    return list(figures["teams"])
