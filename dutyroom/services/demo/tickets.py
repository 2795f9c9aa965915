"""The demo day's hazard tickets: one per planned chain, walked through the states of
:data:`~dutyroom.services.demo.data.TICKET_PLAN`, with news from the scene."""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.model.log_entry import LogKind
from dutyroom.model.report import Category
from dutyroom.model.ticket import HazardTicket, TicketStatus, TimelineEvent
from dutyroom.model.timeinput import iso
from dutyroom.services.demo.data import CHAINS, NOTES, PATH, PROGRESS, SLOW_ACK_TICKET, TICKET_PLAN
from dutyroom.services.demo.day import Day
from dutyroom.store.store import Create, Update

ACK_MINUTES = 30
SLOW_ACK_DISPATCHED_MINUTES = 45
"""The slow unit's ticket was dispatched this long ago: its reply fell due 15 minutes ago."""


def tickets(day: Day) -> int:
    for number, (chain_index, final_status, unit_index) in enumerate(TICKET_PLAN):
        _ticket(day, number, chain_index, final_status, unit_index)
    return len(TICKET_PLAN)


def _ticket(day: Day, number: int, chain_index: int, final_status: TicketStatus, unit_index: int) -> None:
    rng = day.rng
    category, severity, kp, location, first, _follow, _final = CHAINS[chain_index]
    opened = day.at(22.0 - chain_index * (21.0 / len(CHAINS))).shift(minutes=15)
    opened = min(opened, day.now.shift(minutes=-40))
    if final_status == TicketStatus.OPEN:  # opened in the last half hour: not yet dispatched
        opened = day.now.shift(minutes=-rng.randint(20, 35))
    path = PATH[final_status]
    span = max(10.0, (day.now - opened).total_seconds() / 60 - 5)
    state: dict[str, Any] = {"timeline": []}

    def create() -> list[Any]:
        ticket = HazardTicket(hazard=category, text=first, severity=severity,
                              keypoint_id=day.ids["keypoint"].get(kp) if kp is not None else None,
                              location=location, report_ids=[day.ids["report"][chain_index]],
                              timeline=[TimelineEvent(opened, day.officer(opened), TicketStatus.OPEN,
                                                      "据接报立单。")])
        state["timeline"] = list(ticket.timeline)
        data = ticket.payload()
        data["open"] = True
        return [Create("ticket", data)]

    def created(stored: list[dict[str, Any]]) -> None:
        day.ids["ticket"][number] = int(stored[0]["id"])

    day.add(opened, create, created)
    day.log(opened.shift(minutes=1), LogKind.ACTION, f"就 {location} 险情立工单。", ticket=number)
    moment = opened
    for status in path:
        moment = moment.shift(minutes=max(3, int(span / (len(path) + 1) * rng.uniform(0.6, 1.0))))
        if path == [TicketStatus.DISPATCHED]:
            if number == SLOW_ACK_TICKET:
                moment = day.now.shift(minutes=-SLOW_ACK_DISPATCHED_MINUTES)
            else:  # dispatched within the last half hour: the unit's reply is not due yet
                moment = max(moment, day.now.shift(minutes=-rng.randint(8, 20)))
        if moment >= day.now:
            break
        _step(day, number, status, moment, unit_index, state)
        day.log(moment.shift(minutes=1), LogKind.ACTION, f"工单:{location} {NOTES[status]}", ticket=number)
    _progress(day, number, path[-1] if path else TicketStatus.OPEN, moment, location, state)


def _timeline(state: dict[str, Any]) -> list[dict[str, Any]]:
    probe = HazardTicket(hazard=Category.OTHER, text="x", timeline=state["timeline"])
    return probe.to_dict()["timeline"]


def _step(day: Day, number: int, status: TicketStatus, moment: arrow.Arrow, unit_index: int,
          state: dict[str, Any]) -> None:
    def update() -> list[Any]:
        state["timeline"].append(TimelineEvent(moment, day.officer(moment), status, NOTES[status]))
        changes: dict[str, Any] = {"status": status.value, "timeline": _timeline(state),
                                   "open": status not in (TicketStatus.CLOSED, TicketStatus.CANCELLED),
                                   "last_update_at": iso(moment)}
        if status == TicketStatus.DISPATCHED:
            changes["assigned_to"] = day.ids["unit"][unit_index]
            changes["ack_due_at"] = iso(moment.shift(minutes=ACK_MINUTES))
        if status == TicketStatus.CANCELLED:
            changes["cancel_reason"] = NOTES[status]
        return [Update("ticket", day.ids["ticket"][number], changes)]

    day.add(moment, update)


def _progress(day: Day, number: int, status: TicketStatus, last: arrow.Arrow, location: str,
              state: dict[str, Any]) -> None:
    """News from the scene within the hour for every ticket still being worked."""
    if status not in PROGRESS:
        return
    moment = day.now.shift(minutes=-day.rng.randint(10, 40))
    if moment <= last:
        return

    def update() -> list[Any]:
        state["timeline"].append(TimelineEvent(moment, day.officer(moment), status, PROGRESS[status]))
        return [Update("ticket", day.ids["ticket"][number], {"timeline": _timeline(state),
                                                             "last_update_at": iso(moment)})]

    day.add(moment, update)
    day.log(moment.shift(minutes=1), LogKind.ACTION, f"工单:{location} {PROGRESS[status]}", ticket=number)
