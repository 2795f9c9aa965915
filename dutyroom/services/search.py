"""Season-wide text search for the duty log, reports and tickets, through the text index.

The index (:mod:`dutyroom.store.text_index`) is derived from the journal and kept by
the checkpoint; each search also reads the journal tail beyond it, so what is found is
what was confirmed, and a search reads a few postings at season scale instead of every
day file. Only what the log search needs is imported at module level (a fresh
process's search is mostly its imports).
Matching is case-insensitive, in the log's text, a report's location, reporter and
text, a ticket's location and text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dutyroom.model.log_entry import LogEntry
from dutyroom.store.text_index import TextIndex, matches

if TYPE_CHECKING:
    import arrow

    from dutyroom.model.report import IncomingReport
    from dutyroom.model.ticket import HazardTicket
    from dutyroom.services.context import Context


def _day(moment: "arrow.Arrow | None") -> str | None:
    return moment.to("UTC").format("YYYY-MM-DD") if moment is not None else None


def index_of(ctx: "Context") -> TextIndex:
    return TextIndex(ctx.store.root)


def _found(ctx: "Context", kind: str, text: str, first: str | None = None,
           last: str | None = None) -> list[dict[str, Any]]:
    """Through the index; where it cannot be kept (a read-only data directory for this
    account), by reading the state's day files as before: slower, never wrong."""
    try:
        return index_of(ctx).search(kind, text, first, last)
    except OSError:
        days = [d for d in ctx.store.days(kind)
                if (first is None or d >= first) and (last is None or d <= last)]
        return sorted(ctx.store.search(kind, lambda doc: matches(kind, doc, text), days=days),
                      key=lambda r: int(r.get("id") or 0))


def search_log(ctx: "Context", text: str, start: "arrow.Arrow | None" = None,
               end: "arrow.Arrow | None" = None) -> list[LogEntry]:
    """Entries whose text contains ``text``, event time in [start, end] if given, oldest first."""
    rows = _found(ctx, "log", text, _day(start), _day(end))
    entries = [LogEntry.from_dict(r) for r in rows]
    entries = [e for e in entries if (start is None or e.at >= start) and (end is None or e.at <= end)]
    return sorted(entries, key=lambda e: (e.at, e.id or 0))


def search_reports(ctx: "Context", text: str) -> "list[IncomingReport]":
    """The chains (their first reports) in which any report matches ``text``, by received time."""
    from dutyroom.model.report import IncomingReport
    from dutyroom.services.reports import Reports

    found = [IncomingReport.from_dict(r) for r in _found(ctx, "report", text)]
    heads = {r.id: r for r in found if r.is_head}
    service = Reports(ctx)
    for report in found:
        head_id = report.head_id
        if head_id is not None and head_id not in heads:
            heads[head_id] = service.get(head_id)
    return sorted(heads.values(), key=lambda r: (r.received_at, r.id or 0))


def search_tickets(ctx: "Context", text: str) -> "list[HazardTicket]":
    """Tickets whose location or text contains ``text``, by id."""
    from dutyroom.model.ticket import HazardTicket

    return [HazardTicket.from_dict(r) for r in _found(ctx, "ticket", text)]
