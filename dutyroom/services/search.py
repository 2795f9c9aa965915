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

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from dutyroom.model.log_entry import LogEntry
from dutyroom.store.dayindex import encode_day
from dutyroom.store.search_hits import Hits, find_hits, load_records
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


def _as_of(ctx: "Context", kind: str, ids: list[int]) -> list[int]:
    """In a replay (复盘), only what existed at the replayed moment: the index and the
    journal tail it reads run to the journal's end, and a record created later must not be
    found at 02:40. Outside a replay, every hit."""
    if not getattr(ctx.store, "read_only", False):
        return ids
    limit = ctx.store.next_id(kind)
    return [i for i in ids if i < limit]


def _found(ctx: "Context", kind: str, text: str, first: str | None = None,
           last: str | None = None) -> list[dict[str, Any]]:
    """Through the index; where it cannot be kept (a read-only data directory for this
    account), by reading the state's day files as before: slower, never wrong."""
    try:
        rows = index_of(ctx).search(kind, text, first, last)
        kept = set(_as_of(ctx, kind, [int(r.get("id") or 0) for r in rows]))
        return [r for r in rows if int(r.get("id") or 0) in kept]
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


@dataclass
class LogHits:
    """Every duty-log entry a search finds, as ids; the entries are read only when asked
    for (the log pane asks for one page), so a term matching the whole season costs its ids."""

    ids: list[int]
    """Every hit, ascending (the order they were recorded)."""
    days: list[int]
    """The day of each hit (days since 2000-01-01, UTC, as the store files it)."""
    entries: Callable[[list[int]], list[LogEntry]]
    """The entries of the given ids (hits of this search), in the order given."""
    query: tuple[Any, ...] = ()
    found: Hits | None = None
    """The index's answer, brought up to date by the next :func:`log_hits` of the same query."""

    def newest_first(self, also: list[LogEntry]) -> list[int]:
        """The ids of every hit and of ``also`` (entries at hand), newest first a day at a
        time: by day, then the most recently recorded first (a page puts its own entries in
        time order; within a day the two orders differ only for entries back-dated)."""
        extra = {e.id or 0: encode_day(e.at.to("UTC").format("YYYY-MM-DD")) for e in also}
        keyed = [d << 32 | i for i, d in zip(self.ids, self.days) if i not in extra]  # ints: small
        keyed.extend(d << 32 | i for i, d in extra.items())
        keyed.sort(reverse=True)
        return [k & 0xFFFFFFFF for k in keyed]


    def newest(self, count: int) -> list[LogEntry]:
        """The ``count`` newest hits by event time, oldest first; reads only the hits of the
        days they fall on (all of the oldest such day, to find its latest exactly)."""
        keyed = sorted((d << 32 | i for i, d in zip(self.ids, self.days)), reverse=True)
        if len(keyed) > count:
            end, day = count, keyed[count - 1] >> 32
            while end < len(keyed) and keyed[end] >> 32 == day:
                end += 1
            keyed = keyed[:end]
        found = sorted(self.entries([k & 0xFFFFFFFF for k in keyed]), key=lambda e: (e.at, e.id or 0))
        return found[-count:] if count else []


def _entries_of(index: TextIndex, first: str | None, last: str | None) -> Callable[[list[int]], list[LogEntry]]:
    def entries(ids: list[int]) -> list[LogEntry]:
        rows = load_records(index, "log", ids, (first, last))
        return [LogEntry.from_dict(row) for i in ids if (row := rows.get(i)) is not None]

    return entries


def log_hits(ctx: "Context", text: str, start: "arrow.Arrow | None" = None,
             end: "arrow.Arrow | None" = None, kind: str = "", previous: LogHits | None = None) -> LogHits:
    """The hits of :func:`search_log` (and of kind ``kind`` if given), without reading them.
    ``previous`` (the same search, a moment ago) is brought up to date from the journal
    lines written since instead of searching again."""
    query = (text, start, end, kind)
    first, last = _day(start), _day(end)
    lo = start.to("UTC").datetime if start is not None else None
    hi = end.to("UTC").datetime if end is not None else None

    def where(data: dict[str, Any]) -> bool:
        if kind and data.get("kind") != kind:
            return False
        try:
            at = datetime.fromisoformat(str(data.get("at")))
        except ValueError:
            return False
        return (lo is None or at >= lo) and (hi is None or at <= hi)

    index = index_of(ctx)
    try:
        if previous is not None and previous.found is not None and previous.query == query:
            hits = previous.found.refreshed()
        else:
            hits = find_hits(index, "log", text, first, last, where if (kind or lo or hi) else None)
        ids = _as_of(ctx, "log", hits.ids)
        return LogHits(ids, ctx.store.day_numbers("log", ids), _entries_of(index, first, last), query, hits)
    except OSError:  # an index this account cannot keep: the day files, as search_log does
        found = {e.id or 0: e for e in search_log(ctx, text, start, end) if not kind or e.kind.value == kind}
        ids = sorted(found)
        return LogHits(ids, [encode_day(found[i].at.to("UTC").format("YYYY-MM-DD")) for i in ids],
                       lambda wanted: [found[i] for i in wanted if i in found])


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
