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
STEP_MINUTES: dict[TicketStatus, tuple[int, int]] = {
    TicketStatus.DISPATCHED: (5, 15), TicketStatus.ACKNOWLEDGED: (6, 22), TicketStatus.ON_SITE: (20, 45),
    TicketStatus.UNDER_CONTROL: (40, 150), TicketStatus.RESOLVED: (40, 150), TicketStatus.CLOSED: (30, 90),
    TicketStatus.CANCELLED: (10, 25),
}
"""How long after the previous state a ticket reaches this one: the unit replies within
``ACK_MINUTES``; a cancelled ticket is cancelled before its reply falls due."""
PROGRESS_MINUTES = (40, 57)
"""News from the scene comes this often while a ticket is worked: within the no-update rule's hour."""
LATE_NEWS_TICKET, LATE_NEWS_HOURS, LATE_NEWS_MINUTES = 1, 7.0, 80
"""Once in the night (the first news due after 02:00 when "now" is 09:00) the embankment's
news comes 80 minutes after the last, 20 minutes past the no-update hour: the engine raises it,
the news clears it (a room that mostly keeps up)."""
LATE_NEWS = "现场回报(夜间通信中断后恢复):反滤围井运行正常,渗水量稳定,抢险队在位。"
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
    if final_status == TicketStatus.DISPATCHED:  # opened when it could be sent: dispatched minutes later
        sent = SLOW_ACK_DISPATCHED_MINUTES if number == SLOW_ACK_TICKET else rng.randint(8, 20)
        opened = day.now.shift(minutes=-sent - rng.randint(5, 15))
    path = PATH[final_status]
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
    moment, status = opened, TicketStatus.OPEN
    for step in path:
        after = moment.shift(minutes=rng.randint(*STEP_MINUTES[step]))
        if path == [TicketStatus.DISPATCHED]:  # within the last half hour, or the slow unit's 45 min
            after = day.now.shift(minutes=-sent)
        if after >= day.now:
            break
        _progress(day, number, status, moment, after, location, state)
        moment, status = after, step
        _step(day, number, status, moment, unit_index, state)
        day.log(moment.shift(minutes=1), LogKind.ACTION, f"工单:{location} {NOTES[status]}", ticket=number)
    _progress(day, number, status, moment, day.now, location, state)


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


def _progress(day: Day, number: int, status: TicketStatus, last: arrow.Arrow, until: arrow.Arrow,
              location: str, state: dict[str, Any]) -> None:
    """News from the scene at least every hour while the ticket is worked, until ``until``
    (the no-update rule's span, 60 minutes by default), but once in the night, when the
    embankment's news comes late (:data:`LATE_NEWS_TICKET`)."""
    if status not in PROGRESS:
        return
    moment = last.shift(minutes=day.rng.randint(*PROGRESS_MINUTES))
    while moment < until:
        late = number == LATE_NEWS_TICKET and "late" not in state and moment >= day.at(LATE_NEWS_HOURS)
        if late:
            state["late"] = moment = last.shift(minutes=LATE_NEWS_MINUTES)
        text = LATE_NEWS if late else day.rng.choice(PROGRESS[status])

        def update(moment: arrow.Arrow = moment, text: str = text) -> list[Any]:
            state["timeline"].append(TimelineEvent(moment, day.officer(moment), status, text))
            return [Update("ticket", day.ids["ticket"][number], {"timeline": _timeline(state),
                                                                 "last_update_at": iso(moment)})]

        day.add(moment, update)
        day.log(moment.shift(minutes=1), LogKind.ACTION, f"工单:{location} {text}", ticket=number)
        last, moment = moment, moment.shift(minutes=day.rng.randint(*PROGRESS_MINUTES))
