"""The escalation engine's ``callout_unanswered`` provider: the silent areas of a call-out.

A call not answered by its due time escalates: first the contacts of the area above
it join the call list (:meth:`Callouts.escalate_silent`, once per call, logged), then
one escalation per call-out and due time names the areas still silent. Calls not yet
due are watched too, so the engine knows when to look again. Answering every silent
call (or closing the call-out) clears the escalation.
"""

from __future__ import annotations

import arrow

from dutyroom.model.escalation import EscalationReason
from dutyroom.services.callouts import Callouts, callout_subject, warning_message
from dutyroom.services.context import Context
from dutyroom.services.escalation_engine import DueItem, Watch, overdue_watches
from dutyroom.services.escalation_rules import EscalationRules
from dutyroom.services.record_text import message


def callout_provider(ctx: Context, now: arrow.Arrow, rules: EscalationRules) -> list[Watch]:
    """Watches on every open call-out's unanswered calls, grouped by their due time."""
    service = Callouts(ctx)
    if not ctx.store.open_records("callout"):
        return []
    service.escalate_silent(now)
    items: list[DueItem] = []
    for callout in service.all(open_only=True):
        by_due: dict[arrow.Arrow, list[str]] = {}
        for call in callout.calls:
            if call.open:
                areas = by_due.setdefault(call.due_at, [])
                if call.area not in areas:
                    areas.append(call.area)
        for due, areas in sorted(by_due.items()):
            title = message("callout.escalation.title", subject=callout_subject(callout.id or 0),
                            warning=warning_message(callout.warning), areas=areas)
            items.append(DueItem("callout", callout.id or 0, due, title))
    return overdue_watches(EscalationReason.CALLOUT_UNANSWERED, items)
