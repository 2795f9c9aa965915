"""The demo day: realistic sizes, every ticket state, consistent links, a verifiable journal."""

from __future__ import annotations

from collections import Counter

from dutyroom.model.ticket import TicketStatus
from dutyroom.services.demo import fill_demo
from dutyroom.services.status import StatusService
from dutyroom.store.verify import verify


def test_demo_fills_a_flood_season_day(ctx):
    summary = fill_demo(ctx)
    store = ctx.store
    logs = [r for d in store.days("log") for r in store.day_records("log", d)]
    reports = [r for d in store.days("report") for r in store.day_records("report", d)]
    tickets = [r for d in store.days("ticket") for r in store.day_records("ticket", d)]
    assert summary == {"log": len(logs), "reports": len(reports), "tickets": len(tickets)}
    assert 280 <= len(logs) <= 360 and 55 <= len(reports) <= 70 and len(tickets) == 15
    assert set(Counter(t["status"] for t in tickets)) == {s.value for s in TicketStatus}
    assert {k["type"] for k in store.all("keypoint")} >= {"reservoir", "embankment", "waterlogging_point",
                                                          "geological_point", "dilapidated_house",
                                                          "river", "bridge"}
    status = StatusService(ctx).current()
    assert status.response.value == "III" and "rainstorm:orange" in [w.code for w in status.warnings]
    assert any("Ⅳ级提升至Ⅲ级" in r["text"] for r in logs)
    chains = Counter(r["chain_id"] or r["id"] for r in reports)
    assert len(chains) >= 20 and max(chains.values()) >= 3
    by_id = {r["id"]: r for r in reports}
    assert all(by_id[r["chain_id"]]["sequence"] == 0 for r in reports if r["chain_id"])
    report_ids = set(by_id)
    assert all(r["report_id"] in report_ids for r in logs if r.get("report_id"))
    assert len(store.open_records("escalation")) >= 5
    handovers = [r for d in store.days("handover") for r in store.day_records("handover", d)]
    assert len(handovers) == 2 and all(h["state"] == "sealed" for h in handovers)
    assert any(r.get("amends") for r in logs)
    now = ctx.now()
    assert all(r["at"] <= now.isoformat() for r in logs)
    assert verify(store).ok
