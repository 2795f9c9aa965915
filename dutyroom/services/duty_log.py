"""The duty log: add, amend (a new entry that points at the old one), list, search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogEntry, LogKind, new_log_entry
from dutyroom.services.context import Context
from dutyroom.services.record_text import Message, system_entry

if TYPE_CHECKING:
    from dutyroom.services.search import LogHits


@dataclass
class LogView:
    """An entry with the ids of the entries that amend it, as every screen shows it."""

    entry: LogEntry
    amended_by: list[int]


class DutyLog:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, text: str, *, kind: str | LogKind = LogKind.OTHER, at: str | arrow.Arrow | None = None,
            author: str | None = None, amends: int | None = None, report_id: int | None = None,
            ticket_id: int | None = None, keypoint_id: int | None = None,
            system: bool = False) -> LogEntry:
        moment = at if isinstance(at, arrow.Arrow) else self.ctx.parse_time(at, "at")
        if amends is not None:
            self._require(amends)
        for kind_name, value in (("report", report_id), ("ticket", ticket_id), ("keypoint", keypoint_id)):
            if value is not None and self.ctx.store.get(kind_name, value) is None:
                raise ValidationError("error.link_missing", field=f"{kind_name}_id", kind=kind_name, id=value)
        entry = new_log_entry(text=text, kind=kind, at=moment, author=author or self.ctx.operator,
                              amends=amends, report_id=report_id, ticket_id=ticket_id,
                              keypoint_id=keypoint_id, system=system)
        return LogEntry.from_dict(self.ctx.store.create("log", entry.payload()))

    def system(self, msg: Message, kind: LogKind = LogKind.NOTICE, **links: int | None) -> LogEntry:
        """An entry the app writes itself (status changes, escalation events): a message,
        rendered in each reader's language."""
        payload = system_entry(msg, kind=kind, at=self.ctx.now(), author=self.ctx.operator, **links)
        return LogEntry.from_dict(self.ctx.store.create("log", payload))

    def amend(self, entry_id: int, text: str, *, at: str | None = None,
              kind: str | None = None) -> LogEntry:
        original = self._require(entry_id)
        return self.add(text, kind=kind or original.kind, at=at, amends=entry_id,
                        report_id=original.report_id, ticket_id=original.ticket_id,
                        keypoint_id=original.keypoint_id)

    def get(self, entry_id: int) -> LogEntry | None:
        data = self.ctx.store.get("log", entry_id)
        return LogEntry.from_dict(data) if data else None

    def _require(self, entry_id: int) -> LogEntry:
        entry = self.get(entry_id)
        if entry is None:
            raise ValidationError("error.log_missing", field="amends", id=entry_id)
        return entry

    def between(self, start: arrow.Arrow, end: arrow.Arrow) -> list[LogEntry]:
        """Entries whose event time falls in [start, end), oldest first."""
        rows = self.ctx.store.between("log", start, end)
        lo, hi = start.to("UTC"), end.to("UTC")
        entries = [LogEntry.from_dict(r) for r in rows]
        return sorted((e for e in entries if lo <= e.at < hi), key=lambda e: (e.at, e.id or 0))

    def since(self, start: arrow.Arrow | None) -> list[LogEntry]:
        if start is None:
            return self.all()
        return self.between(start, self.ctx.now().shift(days=3650))

    def all(self) -> list[LogEntry]:
        out: list[LogEntry] = []
        for day in self.ctx.store.days("log"):
            out.extend(LogEntry.from_dict(r) for r in self.ctx.store.day_records("log", day))
        return sorted(out, key=lambda e: (e.at, e.id or 0))

    def search(self, text: str, start: arrow.Arrow | None = None,
               end: arrow.Arrow | None = None) -> list[LogEntry]:
        """Season-wide plain-text search (case-insensitive) through the text index, oldest
        first; only event times in [start, end] if given."""
        from dutyroom.services.search import search_log

        return search_log(self.ctx, text, start, end)

    def hits(self, text: str, start: arrow.Arrow | None = None, end: arrow.Arrow | None = None,
             kind: str = "", previous: LogHits | None = None) -> LogHits:
        """The same search as :meth:`search` (of kind ``kind`` if given) as ids, every entry
        counted and none read until asked for: what a screen showing a page of them needs.
        ``previous``: the same search's last answer, caught up instead of searched again."""
        from dutyroom.services.search import log_hits

        return log_hits(self.ctx, text, start, end, kind, previous)

    @staticmethod
    def with_amendments(entries: list[LogEntry]) -> list[LogView]:
        by_target: dict[int, list[int]] = {}
        for entry in entries:
            if entry.amends is not None:
                by_target.setdefault(entry.amends, []).append(entry.id or 0)
        return [LogView(e, by_target.get(e.id or 0, [])) for e in entries]
