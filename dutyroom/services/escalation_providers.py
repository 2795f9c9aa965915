"""Where the escalation engine's watched clocks come from: tickets, key-point patrols,
reporting deadlines, leader instructions. A provider reads the store and returns watches."""

from __future__ import annotations

from typing import Callable

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.escalation import EscalationReason
from dutyroom.model.ticket import HazardTicket
from dutyroom.model.timeinput import from_iso
from dutyroom.services.callout_escalation import callout_provider
from dutyroom.services.context import Context
from dutyroom.services.escalation_engine import (DueItem, Watch, deadline_watches, overdue_watches,
                                                 ticket_watches)
from dutyroom.services.escalation_rules import EscalationRules
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.record_cache import records_of
from dutyroom.services.record_text import enum, message, subject_ref
from dutyroom.services.station_escalations import station_watches

Provider = Callable[[Context, arrow.Arrow, EscalationRules], list[Watch]]


def _ticket_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    tickets = records_of(ctx.store, HazardTicket, ctx.store.open_records("ticket"))
    return ticket_watches(tickets, rules)


def _patrol_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    items = [DueItem("keypoint", s.point.id or 0, s.due_at,
                     message("escalation.title", subject=subject_ref("keypoint", s.point.id, s.point.name),
                             detail=""))
             for s in KeyPoints(ctx).patrol_status() if s.due_at is not None]
    return overdue_watches(EscalationReason.PATROL_OVERDUE, items)


def _deadline_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    """Reporting deadlines from the reports feature: every duty still pending on an open chain
    (``services.deadlines.pending``; ``next_deadline`` where that is all there is)."""
    try:
        from dutyroom.services import deadlines  # type: ignore[attr-defined]
        from dutyroom.model.report import IncomingReport
    except ImportError:  # the reports feature is not installed: no deadlines to watch
        return []
    pending = getattr(deadlines, "pending", None)
    items: list[DueItem] = []
    for data in ctx.store.open_records("report"):
        report = IncomingReport.from_dict(data)
        if pending is not None:
            duties = list(pending(report, ctx.settings))
        else:
            duty = deadlines.next_deadline(report, ctx.settings, now)
            duties = [duty] if duty is not None else []
        for duty in duties:
            rid = getattr(duty, "report_id", None) or report.id
            kind = getattr(duty, "kind", "")
            what = enum(kind) if isinstance(kind, Code) else ""
            title = message("escalation.title.deadline", subject=subject_ref("report", int(rid)), what=what,
                            place=report.location)
            items.append(DueItem("report", int(rid), from_iso(duty.due_at), title))
    return deadline_watches(items, rules)


def _instruction_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    """Leader instructions awaiting feedback, watched to their due time (reports feature)."""
    try:
        from dutyroom.services import instructions  # type: ignore[attr-defined]
    except ImportError:  # the reports feature is not installed: no instructions to watch
        return []
    service = getattr(instructions, "Instructions", None)
    # Every open one (not only the overdue ones), so the engine knows when the next falls due.
    items_in = service(ctx).open() if service is not None else instructions.overdue(ctx)
    items: list[DueItem] = []
    for item in items_in:
        due = getattr(item, "due_at", None) if not isinstance(item, dict) else item.get("due_at")
        sid = getattr(item, "id", None) if not isinstance(item, dict) else item.get("id")
        if due is None or sid is None:
            continue
        kind = getattr(item, "KIND", None) or "instruction"
        text = getattr(item, "text", "") if not isinstance(item, dict) else item.get("text", "")
        who = getattr(item, "assignee", "") if not isinstance(item, dict) else item.get("assignee", "")
        title = message("escalation.title", subject=subject_ref(str(kind), int(sid)),
                        detail=f"{who} {text}"[:80])
        items.append(DueItem(str(kind), int(sid), from_iso(due), title))
    return overdue_watches(EscalationReason.INSTRUCTION_OVERDUE, items)


DEFAULT_PROVIDERS: tuple[Provider, ...] = (_ticket_provider, _patrol_provider, _deadline_provider,
                                           _instruction_provider, station_watches)
DEFAULT_PROVIDERS += (callout_provider,)  # issue #15: the warning call-out's silent areas


def touches_rules(kind: str, data: dict | None) -> bool:
    """Whether writing this record can change what the providers watch: anything but a
    duty-log entry other than a patrol (a patrol moves a key point's last patrol)."""
    if kind == "log":
        return data is None or data.get("kind") == "patrol"
    return True
