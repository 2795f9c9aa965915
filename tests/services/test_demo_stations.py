"""The demo day's stations (issue #15): a river that passed its warning level in the night, a
reservoir just above its flood limit, rain gauges read through the day."""

from __future__ import annotations

from dutyroom.services.demo import fill_demo
from dutyroom.services.stations import Stations


def test_demo_stations(ctx):
    fill_demo(ctx)
    service = Stations(ctx)
    views = {v["name"]: v for v in service.views()}
    assert {v["kind"] for v in views.values()} == {"river", "reservoir", "rain"}
    assert sum(v["kind"] == "rain" for v in views.values()) == 3
    river, reservoir = views["清水河 水文站"], views["沙河水库"]
    assert river["state"] == "normal" and reservoir["state"] == "above_flood_limit"
    assert river["keypoint_id"] and reservoir["keypoint_id"]
    assert list(views)[0] == "沙河水库"  # the pane's order: the most severe state first
    day = service.above_threshold(ctx.now().shift(hours=-24), ctx.now())
    crest = next(r for r in day if r["name"] == "清水河 水文站")
    assert crest["peak_state"] == "above_warning" and crest["peak"] == 28.5
    assert [r["name"] for r in day if r["kind"] == "rain"] == ["江北区 东湖雨量站"]  # 32 mm in the night
    assert all(len(service.series(v["id"])) >= 10 for v in views.values())
    readings = [e for d in ctx.store.days("log") for e in ctx.store.day_records("log", d)
                if e["kind"] == "reading" and e.get("station_id")]
    assert len(readings) == sum(len(service.readings(v["id"])) for v in views.values())
    escalation = next(e for e in ctx.store.open_records("escalation") if e["subject_kind"] == "station")
    assert escalation["reason"] == "level_above_flood_limit" and escalation["level"] == 1
