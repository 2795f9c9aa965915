"""The demo day's handovers, made and sealed by the handover service itself at each changeover.

Built from the live state of that moment, acknowledged by the incoming officer, signed by
both and sealed exactly as in the room: ``handover verify`` checks them like any other.
"""

from __future__ import annotations

from dutyroom.services.context import Context
from dutyroom.services.demo.day import Day
from dutyroom.services.handover import HandoverRefused, HandoverService

MINUTES_BEFORE = 3
"""The outgoing shift hands over this many minutes before its end."""
NOTES = "雨势仍强,重点关注沙河水库、江北大堤和后山村。"
OVERRIDE = "伤员已送医,处置力量在位,带班领导同意按时交接。"


def handovers(day: Day) -> None:
    """One sealed handover at every changeover within the day."""
    for slot in day.slots[:-1]:
        moment = slot.end.shift(minutes=-MINUTES_BEFORE)
        if moment <= day.start:
            continue
        outgoing, incoming = day.officer(slot.start), day.officer(slot.end)
        leader = day.leader(slot.start)
        day.log_count += 4
        day.call(moment, lambda ctx, o=outgoing, i=incoming, lead=leader: _hand_over(ctx, o, i, lead),
                 operator=outgoing)


def _hand_over(ctx: Context, outgoing: str, incoming: str, leader: str) -> None:
    service = HandoverService(ctx)
    draft = service.start(NOTES)
    ctx.operator = incoming
    draft = service.acknowledge(draft, None, by=incoming)
    try:
        draft = service.sign(draft, "incoming", incoming)
    except HandoverRefused:  # a grave item in its first hour: the leader lets it go ahead
        ctx.operator = leader
        draft = service.override(draft, leader, OVERRIDE)
        ctx.operator = incoming
        draft = service.sign(draft, "incoming", incoming)
    ctx.operator = outgoing
    service.sign(draft, "outgoing", outgoing)
