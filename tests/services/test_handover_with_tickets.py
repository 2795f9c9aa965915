"""The handover over the real ticket, key-point and escalation services."""

from __future__ import annotations

from dutyroom.services.escalation import EscalationService
from dutyroom.services.handover import HandoverService
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.tickets import Tickets
from dutyroom.services.units import Units


def test_tickets_escalations_and_overdue_patrols_are_carried(ctx):
    Units(ctx).add(kind="commando", name="市政抢险队")
    point = KeyPoints(ctx).add(type="underpass", name="解放路下穿", patrol_interval_min=60)
    ctx.clock.advance(minutes=61)
    ticket = Tickets(ctx).add("下穿隧道积水 40 厘米", hazard="waterlogging", severity="III", keypoint_id=point.id)
    Tickets(ctx).dispatch(ticket.id, "市政抢险队", ack_minutes=10)
    ctx.clock.advance(minutes=11)
    EscalationService(ctx).evaluate_now()
    escalations = EscalationService(ctx).open_escalations()
    assert escalations  # not acknowledged in time, the patrol overdue
    handover = HandoverService(ctx).start()
    keys = {i.key for i in handover.items}
    assert f"ticket:{ticket.id}" in keys and f"patrol:{point.id}" in keys
    assert {f"escalation:{e.id}" for e in escalations} <= keys
    assert not any(k.startswith("guard:") for k in keys)
    assert handover.item(f"ticket:{ticket.id}").deadline_what == "ack"
