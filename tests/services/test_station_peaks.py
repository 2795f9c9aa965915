"""Stations above a threshold, with peak and time of peak, in the daily bulletin and the handover
(issue #15), kept in their records and printed."""

from __future__ import annotations

from dutyroom.i18n import set_language
from dutyroom.services.bulletin import Bulletins
from dutyroom.services.handover import HandoverService
from dutyroom.services.handover_print import handover_document
from dutyroom.services.printout import render
from dutyroom.services.roster import RosterService
from dutyroom.services.stations import Stations
from dutyroom.services.upward_print import bulletin_document

ROSTER = """date,shift,role,name,phone
2026-07-29,08:00,leader,王强,13800000001
2026-07-29,08:00,officer,张伟,13800000002
2026-07-30,08:00,leader,李娜,13800000003
2026-07-30,08:00,officer,赵敏,13800000004
"""


def night(ctx) -> Stations:
    """The night of 28/29 July (the clock stands at 09:00 on the 29th): the river passes its
    warning level at 01:00 and peaks at 03:00; the reservoir is above its flood limit."""
    service = Stations(ctx)
    service.add("清水河 城关站", "river", warning_level=4.5, guarantee_level=5.5)
    service.add("沙河水库", "reservoir", flood_limit=21)
    service.add("东城雨量站", "rain", rain_1h=30)
    for local, value in (("2026-07-28 20:00", 3.9), ("2026-07-29 01:00", 4.6), ("2026-07-29 03:00", 4.9),
                         ("2026-07-29 05:00", 4.7), ("2026-07-29 07:00", 4.3)):
        service.add_reading("清水河 城关站", value, at=ctx.parse_time(local))
    service.add_reading("沙河水库", 21.2, at=ctx.parse_time("2026-07-28 22:00"))
    service.add_reading("东城雨量站", 5, at=ctx.parse_time("2026-07-29 02:00"), source="sensor")
    return service


def test_the_bulletin_carries_each_station_above_a_threshold_with_its_peak(ctx):
    night(ctx)
    content = Bulletins(ctx).draft().content
    rows = content["stations"]
    assert [r["name"] for r in rows] == ["清水河 城关站", "沙河水库"]  # the rain gauge stayed normal
    assert rows[0]["peak"] == 4.9 and rows[0]["peak_at"] == "2026-07-28T19:00:00+00:00"
    assert rows[0]["peak_state"] == "above_warning" and rows[0]["state"] == "normal"
    assert rows[1]["peak_state"] == "above_flood_limit"
    text = render(bulletin_document(ctx, Bulletins(ctx).find("2026-07-28")), "txt").decode("utf-8")
    assert "清水河 城关站(河道)超警戒,峰值 4.9 米(07-29 03:00)" in text
    set_language("en")
    english = render(bulletin_document(ctx, Bulletins(ctx).find("2026-07-28")), "txt").decode("utf-8")
    assert "清水河 城关站 (river) above warning, peak 4.9 m at 07-29 03:00" in english


def test_the_handover_carries_the_shift_peaks(ctx):
    RosterService(ctx).import_text(ROSTER)
    service = night(ctx)
    service.add_reading("清水河 城关站", 4.8, at=ctx.parse_time("2026-07-29 08:30"))
    handover = HandoverService(ctx).start()
    # the river read 4.8 in the shift; the reservoir, read last night, still stands above its limit
    assert [(r["name"], r["peak"]) for r in handover.stations] == [("清水河 城关站", 4.8), ("沙河水库", 21.2)]
    stored = ctx.store.get("handover", handover.id)
    assert stored["stations"][0]["peak_at"] == "2026-07-29T00:30:00+00:00"
    text = render(handover_document(handover, "Asia/Shanghai", "zh"), "txt").decode("utf-8")
    assert "超过阈值的测站" in text and "峰值 4.8 米(07-29 08:30)" in text
