"""Every figure of the party report matches the deployments and deeds it summarises."""

from __future__ import annotations

import tempfile
from pathlib import Path

import arrow
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutyroom.services import party_report
from tests.services.test_bulletin_figures import DAY_START, NOW, TASKS, World, at, build, worlds

PERIOD_END = DAY_START.shift(hours=30)


def hours_out(d: dict, start: arrow.Arrow, end: arrow.Arrow, now: arrow.Arrow) -> float:
    lo = max(at(d["start"]), start)
    hi = min(d["end"] or now, end)
    return max((hi - lo).total_seconds(), 0) / 3600


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds, district=st.sampled_from([None, "武进区", "嘉泽镇", "新北区"]),
       now_offset=st.integers(-600, 600))
def test_every_party_report_figure_matches_the_records(world: World, district: str | None,
                                                       now_offset: int) -> None:
    now = NOW.shift(minutes=now_offset)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = build(world, Path(tmp) / "db", now=now)
        start, end = party_report.period(ctx, "2026-07-28 08:30", "2026-07-29 14:30")
        assert (start, end) == (DAY_START, PERIOD_END)
        figures = party_report.compute(ctx, start, end, district)

    def wanted(d: dict) -> bool:
        return district is None or district in (d["district"], d["town"])

    chosen = [d for d in world.deployments if wanted(d)]
    out = [d for d in chosen if at(d["start"]) < end and (d["end"] is None or d["end"] > start)]
    back = [d for d in chosen if d["end"] is not None and start <= d["end"] < end]
    deeds = [x for x in world.deeds if x["marked"] and start <= at(x["at"]) < end
             and (district is None or district == x["district"])]
    totals = figures["totals"]
    assert totals["deployments"] == len(out)
    assert totals["teams"] == len({d["unit"] for d in out})
    assert totals["people"] == sum(d["people"] for d in out)
    assert totals["party_members"] == sum(d["party"] for d in out)
    assert abs(totals["person_hours"] - sum(d["people"] * hours_out(d, start, end, now) for d in out)) < 0.06
    for task in TASKS:
        assert totals["tasks"][task] == sum(d["task"] == task for d in out)
    assert totals["evacuated"] == sum(d["evacuated"] for d in back)
    assert totals["rescued"] == sum(d["rescued"] for d in back)
    assert totals["deeds_marked"] == len(deeds) == len(figures["deeds"])
    # the team rows add up to the totals, team by team
    for row in figures["teams"]:
        unit = row["team_id"] - 1
        mine = [d for d in out if d["unit"] == unit]
        assert row["deployments"] == len(mine)
        assert row["people"] == sum(d["people"] for d in mine)
        assert row["party_members"] == sum(d["party"] for d in mine)
        assert row["evacuated"] == sum(d["evacuated"] for d in back if d["unit"] == unit)
        assert row["deeds_marked"] == sum(1 for x in deeds if x["unit"] == unit)
    assert sum(r["deeds_marked"] for r in figures["teams"]) == len(deeds)
    assert sum(r["deployments"] for r in figures["teams"]) == totals["deployments"]
    for row in figures["by_district"]:
        mine = [d for d in out if d["district"] == row["district"]]
        assert (row["deployments"], row["people"], row["party_members"]) == (
            len(mine), sum(d["people"] for d in mine), sum(d["party"] for d in mine))
    assert sum(r["people"] for r in figures["by_district"]) == totals["people"]
