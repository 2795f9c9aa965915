"""The warning call-out in the handover and the daily bulletin.

The handover carries every open call-out as one item (how far the calls have got and
which areas are still silent); the bulletin counts the call-outs started in its duty day
and how their calls stood at the day's end, from each call's attempts (so a bulletin
drafted late still counts the day as it was). Hooked in with one line each from
:mod:`dutyroom.services.handover_content`, :mod:`dutyroom.services.bulletin` and
:mod:`dutyroom.services.upward_print`.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.model.callout import Call, Callout, CallOutcome
from dutyroom.model.handover import CarriedItem
from dutyroom.model.timeinput import iso
from dutyroom.services.callouts import KIND, callout_subject, progress_of, warning_message
from dutyroom.services.context import Context
from dutyroom.services.record_text import message, render


# --------------------------------------------------------------- the handover
def handover_item(ctx: Context, kind: str, data: dict[str, Any], now: arrow.Arrow) -> CarriedItem:
    """An open call-out as the handover carries it: its progress, the silent areas, and when
    the next unanswered call falls due (overdue once one is silent)."""
    callout = Callout.from_dict(data)
    counts = progress_of(callout, now)
    silent = _unique(c.area for c in callout.calls if c.silent(now))
    params = dict(subject=callout_subject(callout.id or 0), warning=warning_message(callout.warning),
                  areas=list(callout.areas), answered=counts["answered"], total=counts["total"],
                  arrived=counts["arrived"])
    msg = (message("callout.handover.silent", silent=silent, **params) if silent
           else message("callout.handover.item", **params))
    waiting = [c.due_at for c in callout.calls if c.open]
    deadline = min(waiting) if waiting else None
    return CarriedItem(kind=kind, id=callout.id or 0, summary=render(msg)[:300], message=msg,
                       opened_at=callout.started_at, deadline=deadline, deadline_what="due" if deadline else "",
                       overdue=bool(silent), detail=callout.warning)


def _unique(values: Any) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


# --------------------------------------------------------------- the bulletin
def _state_at(call: Call, end: arrow.Arrow) -> str:
    """How a call stood at ``end``: ``arrived``, ``answered``, ``failed`` (tried, not reached)
    or ``pending`` (not tried yet), from its attempts."""
    outcomes = [a.outcome for a in call.history if a.at < end]
    if CallOutcome.ARRIVED in outcomes:
        return "arrived"
    if CallOutcome.ANSWERED in outcomes:
        return "answered"
    return "failed" if outcomes else "pending"


def bulletin_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> dict[str, Any]:
    """The call-outs started in [start, end) and their calls' totals at ``end``, as plain JSON."""
    items = []
    for data in ctx.store.between(KIND, start, end.shift(seconds=-1)):
        callout = Callout.from_dict(data)
        if not start <= callout.started_at < end:
            continue
        calls = [c for c in callout.calls if c.added_at < end]
        states = [_state_at(c, end) for c in calls]
        reached = sum(1 for s in states if s in ("answered", "arrived"))
        items.append({"id": callout.id, "warning": callout.warning, "areas": list(callout.areas),
                      "started_at": iso(callout.started_at), "calls": len(calls), "answered": reached,
                      "arrived": states.count("arrived"), "unanswered": len(calls) - reached,
                      "escalated": sum(1 for c in calls if c.escalated_at is not None and c.escalated_at < end),
                      "closed": bool(callout.closed_at is not None and callout.closed_at < end)})
    totals = {name: sum(i[name] for i in items) for name in ("calls", "answered", "arrived", "unanswered",
                                                             "escalated")}
    return {"callouts": len(items), **totals, "items": items}


def bulletin_sections(ctx: Context, content: dict[str, Any], Section: Any, Table: Any) -> list[Any]:
    """The bulletin's call-out section; none for a bulletin sealed before call-outs existed."""
    figures = content.get("callouts")
    if not isinstance(figures, dict):
        return []
    paragraphs = [t("callout.bulletin.totals", n=figures["callouts"], calls=figures["calls"],
                    answered=figures["answered"], arrived=figures["arrived"],
                    unanswered=figures["unanswered"], escalated=figures["escalated"])]
    rows = [[f"#{i['id']}", ctx.local(i["started_at"]).format("MM-DD HH:mm"),
             render(warning_message(i["warning"])), render(i["areas"]),
             f"{i['answered']}/{i['calls']}", str(i["arrived"]), str(i["unanswered"])]
            for i in figures["items"]]
    columns = ["#", t("upward.col.time"), t("callout.bulletin.col.warning"), t("callout.bulletin.col.areas"),
               t("callout.bulletin.col.answered"), t("callout.bulletin.col.arrived"),
               t("callout.bulletin.col.unanswered")]
    return [Section(t("callout.bulletin.heading"), paragraphs=paragraphs,
                    table=Table(columns, rows) if rows else None)]
