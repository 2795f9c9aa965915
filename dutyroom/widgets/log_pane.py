"""The duty-log pane: the current shift, newest first, windowed.

A DataTable measures every cell it holds (~100 µs a row), so the pane never
holds the season: it loads the shift's day files and shows one page of
``PAGE_SIZE`` rows; ``[`` / ``]`` page through older entries. A time-range
filter loads that range instead of the shift; words in the filter are also looked
up in the whole season (or the range) through the text index.
"""

from __future__ import annotations

from typing import Any, ClassVar, Sequence

import arrow
from rich.text import Text

from dutyroom.i18n import t
from dutyroom.messages import OpenRecord
from dutyroom.model.log_entry import LogEntry, LogKind
from dutyroom.model.text import clip_columns, columns
from dutyroom.services.dashboard import current_shift
from dutyroom.services.duty_log import DutyLog, LogView
from dutyroom.services.record_text import entry_text
from dutyroom.services.roster import RosterService
from dutyroom.services.search import LogHits
from dutyroom.store.store import Change
from dutyroom.widgets.pane import Row, TablePane, cell, literal

PAGE_SIZE = 200
AUTHOR_COLUMNS = 12
"""The author column's cap: a long name (an operator name may take 32 columns) is cut with
"…" rather than widening the column until the text column disappears at 120x40."""


class LogPane(TablePane):
    TITLE_KEY = "pane.log"
    KINDS = frozenset({"log"})
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("id", "column.id"), ("at", "field.at"), ("kind", "field.kind"),
        ("author", "field.author"), ("text", "field.text")]

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.page = 0
        self.all_views: list[LogView] = []
        self.corrections: dict[int | None, list[Any]] = {}
        self.window_end: arrow.Arrow | None = None
        self.window: Any = None
        """The shift shown (``start``, ``end``), when no time range is asked for."""
        self._row_cache: dict[int, tuple[Any, Row]] = {}
        self.unseen = 0
        """Entries that arrived while the officer was reading further down ("N new" in the title)."""
        self.names: dict[str, str] = {}
        self.hit_total: int | None = None
        """With words in the filter: how many entries match (only a page of them is loaded)."""
        self.found: LogHits | None = None
        """The filter's last search: a reload after a commit reads only the lines since."""

    def load(self) -> list[LogView]:
        f = self.pane_filter
        log = DutyLog(self.ctx)
        self.window = None
        if f.since or f.until:
            start = f.since or self.ctx.now().shift(days=-1)
            end = f.until or self.ctx.now().shift(days=1)
            entries = log.between(start, end.shift(seconds=1))
        else:
            window = current_shift(self.ctx)
            self.window = window
            self.window_end = window.end
            entries = log.between(window.start, window.end)
        self.names = RosterService(self.ctx).names_by_account()  # entries written under a login
        if f.text:  # words are looked for in the whole season (the text index), not only here
            return self._load_found(log, entries)
        self.hit_total = None
        views = DutyLog.with_amendments(entries)
        by_id = {v.entry.id: v for v in views}
        self.corrections = {v.entry.id: [by_id[i].entry for i in v.amended_by if i in by_id]
                            for v in views if v.amended_by}
        views.reverse()
        if f.kind:
            views = [v for v in views if f.matches(_haystack(v, self.corrections), v.entry.kind.value)]
        self.all_views = views
        pages = max(1, -(-len(views) // PAGE_SIZE))
        self.page = min(self.page, pages - 1)
        return views[self.page * PAGE_SIZE:(self.page + 1) * PAGE_SIZE]

    def _load_found(self, log: DutyLog, shown: list[LogEntry]) -> list[LogView]:
        """The filter's words over the season, a page at a time: every hit is counted (by id,
        from the text index) but only the page's entries are read; the shift's (or range's)
        entries also match by author, kind or number. Pages run newest first a day at a time
        (see :meth:`LogHits.newest_first`); a page is in time order, newest first."""
        f = self.pane_filter
        hits = self.found = log.hits(f.text, f.since, f.until, f.kind, previous=self.found)
        near = {v.entry.id or 0: v for v in DutyLog.with_amendments(shown)}
        fixes = {v.entry.id: [near[i].entry for i in v.amended_by if i in near] for v in near.values()}
        mine = {i for i, v in near.items() if f.matches(_haystack(v, fixes), v.entry.kind.value)}
        ids = hits.newest_first([near[i].entry for i in mine])
        self.hit_total = len(ids)
        pages = max(1, -(-len(ids) // PAGE_SIZE))
        self.page = min(self.page, pages - 1)
        wanted = ids[self.page * PAGE_SIZE:(self.page + 1) * PAGE_SIZE]
        found = hits.entries([i for i in wanted if i not in near])
        views = DutyLog.with_amendments(sorted([v.entry for v in near.values()] + found,
                                               key=lambda e: (e.at, e.id or 0)))
        by_id = {v.entry.id: v for v in views}
        self.corrections = {v.entry.id: [by_id[i].entry for i in v.amended_by if i in by_id]
                            for v in views if v.amended_by}
        page = sorted((by_id[i] for i in wanted if i in by_id), key=lambda v: (v.entry.at, v.entry.id or 0),
                      reverse=True)
        self.all_views = page
        return page

    @property
    def total(self) -> int:
        """Every entry the pane has to show (all pages)."""
        return len(self.all_views) if self.hit_total is None else self.hit_total

    def _show(self, now: arrow.Arrow) -> None:
        """Follow the newest entries while the view is at the top; once the officer scrolled
        down, keep the view and count what arrives above it. The cursor stays on its entry
        either way (a key pressed just then must act on the entry the officer chose)."""
        table = self.table
        newest_before = max((int(k) for k in self._keys if k.isdigit()), default=None)
        following = table.scroll_y <= 0
        super()._show(now)
        if newest_before is None:
            return
        fresh = sum(1 for k in self._keys if k.isdigit() and int(k) > newest_before)
        if not fresh:
            return
        if following:
            self.unseen = 0
        else:
            self.unseen += fresh
        self._after_show([])

    def tick(self, now: arrow.Arrow) -> None:
        if self.unseen and self.table.scroll_y <= 0:  # back at the top: all seen
            self.unseen = 0
            self._after_show([])
        window = self.window
        if self.window_end is not None and (now >= self.window_end or (window is not None and now < window.start)):
            # the next shift began (or, in a replay stepped back, the shift before)
            self.window_end = None
            self.refresh_data(None)

    def apply_changes(self, message: Any) -> bool:
        """New entries of the shift go in from the journal lines, one row each, and entries a
        replay stepped back over go out; anything else (a correction, a filter, another page)
        reloads."""
        touched = [(rid, op) for change in message.changes for kind, rid, op in change.records
                   if kind == "log"]
        if not touched:
            return True
        window = self.window
        if window is None or self.pane_filter.active or self.page != 0:
            return False
        known = {view.entry.id for view in self.all_views}
        fresh, gone = [], set()
        for rid, op in touched:
            data = message.records.get(("log", rid))
            undone = message.undone.get(("log", rid)) if data is None else None
            if op == "create" and undone is not None and undone.get("amends") is None:
                gone.add(rid)
                continue
            if op != "create" or data is None:
                return False
            entry = LogEntry.from_dict(data)
            if entry.amends is not None:  # the amended row shows its correction: reload
                return False
            if window.start <= entry.at < window.end and entry.id not in known:
                fresh.append(LogView(entry, []))
        if gone and gone & known:
            self.all_views = [view for view in self.all_views if view.entry.id not in gone]
            if not fresh:
                self.records = self.all_views[:PAGE_SIZE]
                self._show(self.ctx.now())
        if fresh:
            views = self.all_views
            for view in fresh:  # newest first; a new entry almost always goes on top
                key = (view.entry.at, view.entry.id or 0)
                at = 0
                while at < len(views) and (views[at].entry.at, views[at].entry.id or 0) > key:
                    at += 1
                views.insert(at, view)
            self.records = views[:PAGE_SIZE]
            self._show(self.ctx.now())
        return True

    def visible_rows(self, now: arrow.Arrow) -> list[Row]:
        """Filtered in load() (it pages); rows are kept per entry, as entries never change."""
        day = self.ctx.local(now).date()
        cache: dict[int, tuple[Any, Row]] = {}
        rows = []
        for view in self.records:
            entry_id = view.entry.id or 0
            fixes = self.corrections.get(view.entry.id, [])
            stamp = (day, tuple(view.amended_by), fixes[-1].id if fixes else None, view.entry.version)
            hit = self._row_cache.get(entry_id)
            row = hit[1] if hit is not None and hit[0] == stamp else self.row(view, now)
            cache[entry_id] = (stamp, row)
            rows.append(row)
        self._row_cache = cache
        return rows

    def row(self, view: LogView, now: arrow.Arrow) -> Row:
        entry = view.entry
        local = entry.at.to(self.ctx.tz)
        today = self.ctx.local(now).date() == local.date()
        when = local.format("HH:mm") if today else local.format("MM-DD HH:mm")
        text = Text(no_wrap=True, overflow="ellipsis")
        if entry.amends:
            text.append(t("log.amends_mark", id=entry.amends) + " ", style="italic")
        if view.amended_by:
            fixes = self.corrections.get(entry.id, [])
            text.append(t("log.amended_mark", ids=",".join(f"#{i}" for i in view.amended_by)) + " ",
                        style="bold")
            if fixes:
                text.append(literal(entry_text(fixes[-1]), one_line=True))
            text.append("  " + t("log.was") + " ", style="dim")
            text.append(literal(entry_text(entry), one_line=True), style="strike dim")
        else:
            text.append(literal(entry_text(entry), one_line=True))
        links = []
        if entry.report_id:
            links.append(f"^R{entry.report_id}")
        if entry.ticket_id:
            links.append(f"^T{entry.ticket_id}")
        if links:
            text.append("  " + " ".join(links), style="dim")
        author = _capped(literal(self.names.get(entry.author, entry.author), one_line=True)) + (" ⚙" if entry.system else "")
        return Row(str(entry.id), (cell(entry.id), cell(when), cell(t(entry.kind.label_key)),
                                   cell(author), text), kind=entry.kind.value, at=entry.at)

    def _after_show(self, rows: list[Row]) -> None:
        total = self.total
        pages = max(1, -(-total // PAGE_SIZE))
        label = t("dashboard.count", n=total)
        if pages > 1:
            label += " · " + t("log.page", page=self.page + 1, pages=pages)
        unseen = " · " + t("log.unseen", n=self.unseen) if self.unseen else ""
        self.set_title(f"{self.title} ({label}){unseen}")
        self.show_filter()

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(k.label_key), k.value) for k in LogKind]

    def change_page(self, delta: int) -> None:
        pages = max(1, -(-self.total // PAGE_SIZE))
        page = min(max(0, self.page + delta), pages - 1)
        if page != self.page:
            self.page = page
            self.refresh_data(None)
            self.table.move_cursor(row=0, animate=False)

    def selected_view(self) -> LogView | None:
        record = self.selected_record()
        return record if isinstance(record, LogView) else None

    def open_selected(self) -> None:
        view = self.selected_view()
        if view is None:
            super().open_selected()
            return
        self.post_message(OpenRecord("log", view.entry.id or 0))

    def refresh_data(self, changes: Sequence[Change] | None = None) -> None:
        super().refresh_data(changes)


def _capped(name: str) -> str:
    return name if columns(name) <= AUTHOR_COLUMNS else clip_columns(name, AUTHOR_COLUMNS - 1) + "…"


def _haystack(view: LogView, corrections: dict[int | None, list[Any]]) -> str:
    entry = view.entry
    parts = [entry_text(entry), entry.author, t(entry.kind.label_key), str(entry.id)]
    parts.extend(entry_text(fix) for fix in corrections.get(entry.id, []))
    return " ".join(parts)
