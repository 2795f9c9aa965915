"""复盘 timeline: every event of a period and the measures an after-action review asks for.

Read through a :class:`~dutyroom.services.replay.ReplaySession` standing at the end of the
period, so the record is taken as it stood then and its hash chain is checked over the
span read. The events are the duty log's entries of the period (the room's own account:
intake, follow-ups, reports upward, dispatches, acknowledgements, escalations, instructions
and their feedback, sign-ons, handovers), each with its author and station. The measures:

- per chain received in the period: intake → first report upward and → first written
  report, against the phone and written deadlines of its severity (``[deadlines]``);
- per ticket opened in the period: dispatch → acknowledged → on site → under control;
- per escalation that breached in the period: breach → acknowledged;
- every missed deadline, with who was on duty when it fell due.

- per warning call-out started in the period: start → every call answered.

All times are kept as Arrow (UTC); the renderers format them in the duty room's zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import arrow

from dutyroom.model.callout import Callout
from dutyroom.model.deadline import DeadlineKind
from dutyroom.model.escalation import Escalation
from dutyroom.model.report import ForwardVia, IncomingReport
from dutyroom.model.ticket import HazardTicket, TicketStatus
from dutyroom.services import deadlines
from dutyroom.services.callouts import Callouts
from dutyroom.services.context import Context
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.record_text import entry_text
from dutyroom.services.replay import ReplaySession
from dutyroom.services.reports import Reports
from dutyroom.services.shifts import ShiftService
from dutyroom.services.tickets import Tickets
from dutyroom.services.timeline_events import event_code

TICKET_STEPS = (TicketStatus.DISPATCHED, TicketStatus.ACKNOWLEDGED, TicketStatus.ON_SITE,
                TicketStatus.UNDER_CONTROL)


@dataclass
class Event:
    at: arrow.Arrow
    kind: str
    """The duty-log kind code (rendered by the catalog's ``enum.log_kind.*``)."""
    event: str
    """The review's kind of event (``services/timeline_events.py``: ``upward``, ``dispatch``, ...)."""
    author: str
    station: str
    text: str
    entry_id: int


@dataclass
class ChainMeasure:
    report: IncomingReport
    phone_due: arrow.Arrow | None
    first_upward: arrow.Arrow | None
    written_due: arrow.Arrow | None
    first_written: arrow.Arrow | None

    def minutes_to(self, moment: arrow.Arrow | None) -> int | None:
        return minutes(self.report.received_at, moment)


@dataclass
class TicketMeasure:
    ticket: HazardTicket
    steps: dict[TicketStatus, arrow.Arrow]
    """The first time the ticket reached each of :data:`TICKET_STEPS`."""


@dataclass
class EscalationMeasure:
    escalation: Escalation


@dataclass
class CalloutMeasure:
    callout: Callout
    reached: int
    """Calls answered (or at their post) by the end of the period."""
    all_answered: arrow.Arrow | None
    """When the last call was answered, once every call was; None while any was not."""


@dataclass
class Missed:
    kind: DeadlineKind
    report_id: int
    place: str
    due_at: arrow.Arrow
    done_at: arrow.Arrow | None
    leader: str
    on_duty: list[str]


@dataclass
class Timeline:
    start: arrow.Arrow
    end: arrow.Arrow
    integrity: dict[str, Any]
    events: list[Event] = field(default_factory=list)
    chains: list[ChainMeasure] = field(default_factory=list)
    tickets: list[TicketMeasure] = field(default_factory=list)
    escalations: list[EscalationMeasure] = field(default_factory=list)
    callouts: list[CalloutMeasure] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)
    per_hour: list[tuple[arrow.Arrow, int]] = field(default_factory=list)
    """Events in each hour of the period (from the hour ``start`` falls in)."""
    open_items: list[tuple[arrow.Arrow, int]] = field(default_factory=list)
    """Open chains + open tickets + active escalations + open call-outs at each hour mark and at
    the end (a call-out is open from its start until it is closed)."""


def minutes(start: arrow.Arrow | None, end: arrow.Arrow | None) -> int | None:
    """Whole minutes from ``start`` to ``end`` (None when either is missing)."""
    if start is None or end is None:
        return None
    return int((end - start).total_seconds() // 60)


def build(live: Context, start: arrow.Arrow, end: arrow.Arrow) -> Timeline:
    """The timeline of [start, end], read as the record stood at ``end``."""
    session = ReplaySession(live, end)
    try:
        ctx = session.ctx
        out = Timeline(start=start, end=end, integrity=session.integrity())
        out.events = _events(ctx, start, end)
        out.chains = _chains(ctx, start, end)
        out.tickets = _tickets(ctx, start, end)
        out.escalations = _escalations(ctx, start, end)
        out.callouts = _callouts(ctx, start, end)
        out.missed = _missed(ctx, out.chains, end)
        out.per_hour = _per_hour(out.events, start, end)
        out.open_items = _open_items(session, start, end)
        return out
    finally:
        session.close()


def _events(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> list[Event]:
    entries = DutyLog(ctx).between(start, end.shift(seconds=1))
    return [Event(at=e.at, kind=e.kind.value, event=event_code(e), author=e.author, station=e.station,
                  text=entry_text(e), entry_id=e.id or 0) for e in entries]


def _chains(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> list[ChainMeasure]:
    table = deadlines.table(ctx.settings)
    out = []
    for head in Reports(ctx).all_chains():
        if not start <= head.received_at <= end:
            continue
        begin = (head.severity_at or head.received_at).to("UTC")
        limits = table.for_severity(head.severity)
        upward = sorted((f for f in head.forwards if f.at >= begin), key=lambda f: f.at)
        written = [f for f in upward if f.via == ForwardVia.WRITTEN]
        out.append(ChainMeasure(
            report=head,
            phone_due=begin.shift(minutes=limits.phone_min) if limits.phone_min else None,
            first_upward=upward[0].at if upward else None,
            written_due=begin.shift(minutes=limits.written_min) if limits.written_min else None,
            first_written=written[0].at if written else None))
    return out


def _tickets(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> list[TicketMeasure]:
    out = []
    for ticket in Tickets(ctx).all():
        opened = ticket.timeline[0].at if ticket.timeline else None
        if opened is None or not start <= opened <= end:
            continue
        steps: dict[TicketStatus, arrow.Arrow] = {}
        for event in ticket.timeline:
            if event.status in TICKET_STEPS and event.status not in steps:
                steps[event.status] = event.at
        out.append(TicketMeasure(ticket=ticket, steps=steps))
    return out


def _escalations(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> list[EscalationMeasure]:
    rows = []
    for day in ctx.store.days("escalation"):
        rows.extend(ctx.store.day_records("escalation", day))
    found = [Escalation.from_dict(r) for r in rows]
    inside = [e for e in found if e.breach_at is not None and start <= e.breach_at <= end]
    return [EscalationMeasure(e) for e in sorted(inside, key=lambda e: (e.breach_at, e.id or 0))]


def _callouts(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> list[CalloutMeasure]:
    """Each warning call-out started in the period: start → every call answered (叫应)."""
    out = []
    for callout in Callouts(ctx).all():
        if not start <= callout.started_at <= end:
            continue
        answered = [c.answered_at for c in callout.calls if c.status.reached and c.answered_at is not None]
        done = max(answered) if callout.calls and len(answered) == len(callout.calls) else None
        out.append(CalloutMeasure(callout, len(answered), done))
    return sorted(out, key=lambda m: (m.callout.started_at, m.callout.id or 0))


def _missed(ctx: Context, chains: list[ChainMeasure], end: arrow.Arrow) -> list[Missed]:
    shifts = ShiftService(ctx)
    out = []
    for chain in chains:
        for kind, due, done in ((DeadlineKind.PHONE, chain.phone_due, chain.first_upward),
                                (DeadlineKind.WRITTEN, chain.written_due, chain.first_written)):
            if due is None or due > end or (done is not None and done <= due):
                continue
            shift = shifts.at(due)
            out.append(Missed(kind=kind, report_id=chain.report.id or 0, place=chain.report.location,
                              due_at=due, done_at=done, leader=shift.leader,
                              on_duty=shift.on_duty() or list(shift.officers)))
    return sorted(out, key=lambda m: (m.due_at, m.report_id))


def _hours(start: arrow.Arrow, end: arrow.Arrow) -> list[arrow.Arrow]:
    out, mark = [], start.floor("hour")
    while mark <= end:
        out.append(mark)
        mark = mark.shift(hours=1)
    return out


def _per_hour(events: list[Event], start: arrow.Arrow, end: arrow.Arrow) -> list[tuple[arrow.Arrow, int]]:
    counts = {mark: 0 for mark in _hours(start, end)}
    for event in events:
        mark = event.at.floor("hour")
        if mark in counts:
            counts[mark] += 1
    return sorted(counts.items())


def _open_items(session: ReplaySession, start: arrow.Arrow, end: arrow.Arrow) -> list[tuple[arrow.Arrow, int]]:
    marks = [m for m in _hours(start, end) if m >= start] or [start]
    if marks[0] > start:
        marks.insert(0, start)
    if marks[-1] < end:
        marks.append(end)
    out = []
    store = session.ctx.store
    for mark in marks:
        session.goto(mark)
        chains = Reports(session.ctx).open_chains()
        callouts = Callouts(session.ctx).all(open_only=True)
        out.append((mark, len(chains) + len(store.open_records("ticket"))
                    + len(store.open_records("escalation")) + len(callouts)))
    return out
