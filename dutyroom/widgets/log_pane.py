"""The duty-log pane: the current shift, newest first, windowed.

A DataTable measures every cell it holds (~100 µs a row), so the pane never
holds the season: it loads the shift's day files and shows one page of
``PAGE_SIZE`` rows; ``[`` / ``]`` page through older entries. A time-range
filter loads that range instead of the shift.
"""

from __future__ import annotations

from typing import Any, ClassVar, Sequence

import arrow
from rich.text import Text

from dutyroom.i18n import t
from dutyroom.model.log_entry import LogKind
from dutyroom.model.text import clip_columns, columns
from dutyroom.services.dashboard import current_shift
from dutyroom.services.duty_log import DutyLog, LogView
from dutyroom.services.roster import RosterService
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
        self.names: dict[str, str] = {}

    def load(self) -> list[LogView]:
        f = self.pane_filter
        log = DutyLog(self.ctx)
        if f.since or f.until:
            start = f.since or self.ctx.now().shift(days=-1)
            end = f.until or self.ctx.now().shift(days=1)
            entries = log.between(start, end.shift(seconds=1))
        else:
            window = current_shift(self.ctx)
            self.window_end = window.end
            entries = log.between(window.start, window.end)
        views = DutyLog.with_amendments(entries)
        self.names = RosterService(self.ctx).names_by_account()  # entries written under a login
        by_id = {v.entry.id: v for v in views}
        self.corrections = {v.entry.id: [by_id[i].entry for i in v.amended_by if i in by_id]
                            for v in views if v.amended_by}
        views.reverse()
        if f.text or f.kind:
            views = [v for v in views if f.matches(_haystack(v, self.corrections), v.entry.kind.value)]
        self.all_views = views
        pages = max(1, -(-len(views) // PAGE_SIZE))
        self.page = min(self.page, pages - 1)
        return views[self.page * PAGE_SIZE:(self.page + 1) * PAGE_SIZE]

    def tick(self, now: arrow.Arrow) -> None:
        if self.window_end is not None and now >= self.window_end:  # the next shift began
            self.window_end = None
            self.refresh_data(None)

    def visible_rows(self, now: arrow.Arrow) -> list[Row]:
        return [self.row(v, now) for v in self.records]  # filtered in load(): it pages

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
                text.append(literal(fixes[-1].text, one_line=True))
            text.append("  " + t("log.was") + " ", style="dim")
            text.append(literal(entry.text, one_line=True), style="strike dim")
        else:
            text.append(literal(entry.text, one_line=True))
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
        total = len(self.all_views)
        pages = max(1, -(-total // PAGE_SIZE))
        label = t("dashboard.count", n=total)
        if pages > 1:
            label += " · " + t("log.page", page=self.page + 1, pages=pages)
        self.border_title = f"{self.title} ({label})"
        self.show_filter()

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(k.label_key), k.value) for k in LogKind]

    def change_page(self, delta: int) -> None:
        pages = max(1, -(-len(self.all_views) // PAGE_SIZE))
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
        from dutyroom.screens.log_detail import LogDetailScreen

        self.app.push_screen(LogDetailScreen(self.ctx, view.entry.id or 0))

    def refresh_data(self, changes: Sequence[Change] | None = None) -> None:
        super().refresh_data(changes)


def _capped(name: str) -> str:
    return name if columns(name) <= AUTHOR_COLUMNS else clip_columns(name, AUTHOR_COLUMNS - 1) + "…"


def _haystack(view: LogView, corrections: dict[int | None, list[Any]]) -> str:
    entry = view.entry
    parts = [entry.text, entry.author, t(entry.kind.label_key), str(entry.id)]
    parts.extend(fix.text for fix in corrections.get(entry.id, []))
    return " ".join(parts)
