"""The common base of every dashboard pane.

The dashboard calls, on every pane:

- ``refresh_data(changes)`` when the store changed (``changes`` is the list of
  :class:`dutyroom.store.store.Change`, or None for "reload everything"); a pane
  reloads only if ``wants(changes)`` and must update in place (keep cursor,
  selection and scroll), never recompose;
- ``tick(now)`` every second from the app's one clock, for countdowns;
- ``open_selected()`` on Enter, ``apply_filter(PaneFilter)`` after ``/``.

:class:`TablePane` is a ready pane over a DataTable: subclasses say how to load
their records and how to turn one into cells; it keeps the cursor on the same
record across reloads and updates only the cells that changed on a tick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, Iterable, Sequence

import arrow
from rich.cells import cell_len
from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable

from dutyroom.i18n import t
from dutyroom.model.text import strip_controls
from dutyroom.services.context import Context
from dutyroom.store.store import Change
from dutyroom.widgets.pane_table import PaneTable  # noqa: F401  (panes and screens import it from here)


@dataclass(frozen=True)
class PaneFilter:
    """What ``/`` asks for: words in the text, a kind code, a time range (UTC)."""

    text: str = ""
    kind: str = ""
    since: arrow.Arrow | None = None
    until: arrow.Arrow | None = None

    @property
    def active(self) -> bool:
        return bool(self.text or self.kind or self.since or self.until)

    def matches(self, haystack: str, kind: str = "", at: arrow.Arrow | None = None) -> bool:
        if self.text and self.text.casefold() not in haystack.casefold():
            return False
        if self.kind and kind != self.kind:
            return False
        if at is not None:
            if self.since is not None and at < self.since:
                return False
            if self.until is not None and at > self.until:
                return False
        return True


@dataclass
class Row:
    """One table row: ``key`` is the record id as text; cells are plain Text (never markup)."""

    key: str
    cells: tuple[Text, ...]
    search: str = ""
    kind: str = ""
    at: arrow.Arrow | None = None


def literal(value: Any, one_line: bool = False) -> str:
    """Outside text made safe to show: control characters and bidi overrides removed.

    Intake already strips them (``model.text.clean``); this is the second
    line of defence for records written by other tools or older versions.
    """
    if one_line:
        return _one_line("" if value is None else str(value))
    return strip_controls("" if value is None else str(value))


@lru_cache(maxsize=16384)
def _one_line(text: str) -> str:
    """Cached: panes rebuild their rows from the same few thousand strings again and again."""
    return " ".join(strip_controls(text).split())


def cell(value: Any, style: str = "") -> Text:
    """Outside text as a literal one-line cell: no markup is ever parsed, no control passes."""
    return Text(literal(value, one_line=True), style=style, no_wrap=True, overflow="ellipsis")


class Pane(Vertical):
    """A titled box on the dashboard (border title in the officer's language)."""

    TITLE_KEY: ClassVar[str] = ""
    KINDS: ClassVar[frozenset[str]] = frozenset()
    """Store kinds this pane shows: it reloads only when one of them changed."""

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        classes = ("pane " + kwargs.pop("classes", "")).strip()
        super().__init__(classes=classes, **kwargs)
        self.ctx = ctx
        self.pane_filter = PaneFilter()

    @property
    def title(self) -> str:
        return t(self.TITLE_KEY)

    def on_mount(self) -> None:
        self.border_title = self.title
        self.refresh_data(None)

    def wants(self, changes: Sequence[Change] | None) -> bool:
        if changes is None:
            return True
        return any(kind in self.KINDS for change in changes for kind, _id, _op in change.records)

    def refresh_data(self, changes: Sequence[Change] | None = None) -> None:
        """Reload from the store (only when ``wants(changes)``); update in place."""

    def apply_changes(self, message: Any) -> bool:
        """Apply a ``DataChanged`` from the records it carries, touching only the rows they
        concern; False (the default) when this pane cannot, and ``refresh_data`` reloads."""
        return False

    def tick(self, now: arrow.Arrow) -> None:
        """Called every second with the app's clock."""

    def open_selected(self) -> None:
        self.app.notify(t("dashboard.nothing_to_open"), severity="warning", markup=False)

    def filter_kinds(self) -> list[tuple[str, str]]:
        """(label, code) choices for the filter form's kind field."""
        return []

    def apply_filter(self, pane_filter: PaneFilter) -> None:
        self.pane_filter = pane_filter
        self.refresh_data(None)
        self.show_filter()

    def set_title(self, text: str) -> None:
        """The border title, repainted only when it changed (panes re-set it every second)."""
        if getattr(self, "_title_shown", None) != text:
            self._title_shown = text
            self.border_title = text

    def set_subtitle(self, text: str) -> None:
        if getattr(self, "_subtitle_shown", None) != text:
            self._subtitle_shown = text
            self.border_subtitle = text

    def idle_subtitle(self) -> str:
        """The subtitle while no filter is set (a pane's own alert); empty by default."""
        return ""

    def show_filter(self) -> None:
        f = self.pane_filter
        if not f.active:
            self.set_subtitle(self.idle_subtitle())
            return
        parts = []
        if f.text:
            parts.append(f"“{f.text}”")
        if f.kind:
            labels = dict((code, label) for label, code in self.filter_kinds())
            parts.append(labels.get(f.kind, f.kind))
        if f.since or f.until:
            fmt = "MM-DD HH:mm"
            since = self.ctx.local(f.since).format(fmt) if f.since else "…"
            until = self.ctx.local(f.until).format(fmt) if f.until else "…"
            parts.append(f"{since}~{until}")
        self.set_subtitle(t("dashboard.filtered", what=" · ".join(parts)))

    def focus_target(self) -> Widget:
        for widget in self.query("*"):
            if widget.focusable:
                return widget
        return self

    def selected_id(self) -> int | None:
        return None


class TablePane(Pane):
    """A pane showing records as rows; subclasses define ``COLUMNS``, ``load`` and ``row``."""

    COLUMNS: ClassVar[list[tuple[str, str]]] = []
    """(column key, catalog key of its heading)."""
    LIVE: ClassVar[bool] = False
    """Rows change with time (countdowns): recompute cells on every tick."""
    DROP_ORDER: ClassVar[tuple[str, ...]] = ()
    """Columns to leave out, first to last, while the rows do not fit the pane's width
    (80x24): what is left must still be read whole, not cut to its first letters."""
    SHORTEN: ClassVar[tuple[str, ...]] = ()
    """Columns cut to their first words when narrow ("!!  II serious" → "!!  II")."""
    FLEX: ClassVar[dict[str, int]] = {}
    """Columns of free text (a place): for fitting, they count as this many cells at most."""
    LIVE_COLUMNS: ClassVar[tuple[str, ...]] = ()
    """Of a LIVE pane, the columns that change with time alone. A tick recomputes only
    these (``live_cells``) and touches only the cells that changed: with 500 open reports
    rebuilding every row each second cost ~50 ms of every second. Empty: whole rows."""

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.records: list[Any] = []
        self._rows: dict[str, Row] = {}
        self._keys: list[str] = []
        self._record_keys: list[str] = []
        """The row key of each of ``records``, in order (filtered-out ones included)."""
        self.shown_columns: list[str] = [key for key, _ in self.COLUMNS]
        """The columns on screen now (``DROP_ORDER`` takes some away when narrow)."""
        self.fit_pending = False
        """A fit of the columns is scheduled (tests wait for it to pass)."""
        self._flex_widths: dict[str, int] = {}
        """When columns were dropped: the ``FLEX`` columns' fixed widths (the room left)."""

    def compose(self):
        yield PaneTable()

    @property
    def table(self) -> PaneTable:
        return self.query_one(PaneTable)

    def on_mount(self) -> None:
        # No super() call: Textual itself runs Pane.on_mount right after this one (it calls
        # every class's own handler), and calling it here as well loaded every pane twice.
        self._add_columns()

    def _add_columns(self) -> None:
        headings = dict(self.COLUMNS)
        for key in self.shown_columns:
            width = self._flex_widths.get(key)
            self.table.add_column(Text(t(headings[key]), no_wrap=True), key=key, width=width)

    def on_resize(self) -> None:
        self.fit_columns()

    def _shown(self, row: Row) -> list[tuple[str, Text]]:
        """(column key, cell) of ``row`` for the columns on screen (shortened when narrow)."""
        shown = set(self.shown_columns)
        narrow = len(shown) < len(self.COLUMNS)
        return [(key, short_cell(value) if narrow and key in self.SHORTEN else value)
                for (key, _), value in zip(self.COLUMNS, row.cells) if key in shown]

    def fit_columns(self) -> None:
        """Leave out columns in ``DROP_ORDER`` until the rest fit the table's width."""
        self.fit_pending = False
        if not self.DROP_ORDER or not self.is_mounted:
            return
        width = self.table.size.width - 1  # the vertical scrollbar
        if width <= 0:
            return
        need = self._column_widths(short=False)
        shown = [key for key, _ in self.COLUMNS]
        if sum(need.values()) > width:
            need = self._column_widths(short=True)
        for key in self.DROP_ORDER:
            if sum(need[k] for k in shown) <= width:
                break
            shown.remove(key)
        flex: dict[str, int] = {}
        if len(shown) < len(self.COLUMNS):  # narrow: free text gets the room left, cut with "…"
            flexible = [k for k in shown if k in self.FLEX]
            fixed = sum(need[k] for k in shown if k not in self.FLEX) + 2 * len(flexible)
            for key in flexible:
                flex[key] = max(self.FLEX[key], (width - fixed) // len(flexible))
        if shown != self.shown_columns or flex != self._flex_widths:
            self.shown_columns = shown
            self._flex_widths = flex
            self._rebuild()

    def _column_widths(self, short: bool) -> dict[str, int]:
        widths = {key: cell_len(t(heading)) for key, heading in self.COLUMNS}
        for row in self._rows.values():
            for (key, _), value in zip(self.COLUMNS, row.cells):
                plain = short_cell(value).plain if short and key in self.SHORTEN else value.plain
                widths[key] = max(widths[key], cell_len(plain))
        return {key: min(w, self.FLEX.get(key, w)) + 2 for key, w in widths.items()}

    def _rebuild(self) -> None:
        table = self.table
        cursor = table.cursor_row
        table.clear(columns=True)
        self._add_columns()
        for key in self._keys:
            table.add_row(*(value for _, value in self._shown(self._rows[key])), key=key)
        if 0 <= cursor < len(self._keys):
            table.move_cursor(row=cursor, animate=False)

    # -- what subclasses provide
    def load(self) -> list[Any]:
        """Records to show, already in display order (read the store here, not in ``row``)."""
        return []

    def row(self, record: Any, now: arrow.Arrow) -> Row:
        raise NotImplementedError

    def live_cells(self, record: Any, now: arrow.Arrow) -> tuple[Text, ...]:
        """The ``LIVE_COLUMNS`` cells of ``record`` at ``now``, as ``row`` would make them.

        Subclasses override this with the cheap computation; this default is the
        always-right slow one.
        """
        cells = self.row(record, now).cells
        index = self._column_index()
        return tuple(cells[index[column]] for column in self.LIVE_COLUMNS)

    def _column_index(self) -> dict[str, int]:
        return {key: i for i, (key, _heading) in enumerate(self.COLUMNS)}

    # -- the machinery
    def refresh_data(self, changes: Sequence[Change] | None = None) -> None:
        if not self.wants(changes):
            return
        self.records = self.load()
        self._show(self.ctx.now())
        if self.DROP_ORDER:  # new rows may be wider (a long place name): fit again
            self.fit_pending = True
            self.call_after_refresh(self.fit_columns)

    def tick(self, now: arrow.Arrow) -> None:
        if not (self.LIVE and self.records):
            return
        if self.LIVE_COLUMNS and len(self._record_keys) == len(self.records):
            self._show_live(now)
        else:
            self._show(now)

    def _show_live(self, now: arrow.Arrow) -> None:
        """Only the time-driven cells, in place: order and membership change with the store."""
        table = self.table
        index = self._column_index()
        for record, key in zip(self.records, self._record_keys):
            old = self._rows.get(key)
            if old is None:  # filtered out
                continue
            cells = list(old.cells)
            changed = False
            for column, value in zip(self.LIVE_COLUMNS, self.live_cells(record, now)):
                at = index[column]
                if not same_cell(cells[at], value):
                    cells[at] = value
                    if column in self.shown_columns:
                        table.update_cell(key, column, value)
                    changed = True
            if changed:
                self._rows[key] = Row(old.key, tuple(cells), old.search, old.kind, old.at)
        self._after_show([self._rows[key] for key in self._keys])

    def visible_rows(self, now: arrow.Arrow) -> list[Row]:
        rows = [self.row(r, now) for r in self.records]
        self._record_keys = [r.key for r in rows]
        f = self.pane_filter
        if f.active:
            rows = [r for r in rows if f.matches(r.search or " ".join(c.plain for c in r.cells),
                                                 r.kind, r.at)]
        return rows

    def _show(self, now: arrow.Arrow) -> None:
        rows = self.visible_rows(now)
        table = self.table
        keys = [r.key for r in rows]
        if keys == self._keys:
            for r in rows:
                self._update_cells(r, self._rows.get(r.key))
            self._rows = {r.key: r for r in rows}
            self._after_show(rows)
            return
        cursor_key = self._keys[table.cursor_row] if 0 <= table.cursor_row < len(self._keys) else None
        old_index = table.cursor_row
        scroll_y = table.scroll_y
        if not self._patch(rows, keys):
            table.clear()
            for r in rows:
                table.add_row(*(value for _, value in self._shown(r)), key=r.key)
        self._keys = keys
        self._rows = {r.key: r for r in rows}
        if cursor_key is not None and cursor_key in self._rows:
            new_index = keys.index(cursor_key)
            table.move_cursor(row=new_index, animate=False, scroll=False)
            if scroll_y > 0:  # reading further down: rows arriving above must not move the view
                table.scroll_to(y=max(0, scroll_y + new_index - old_index), animate=False)
            # at the top the view stays at the top, so what just arrived is seen
        self._after_show(rows)

    def _update_cells(self, row: Row, before: Row | None) -> None:
        """Update in the table the cells of ``row`` that differ from ``before`` (as shown:
        only the columns on screen, shortened where the pane is narrow)."""
        if before is not None and before.cells is row.cells:
            return
        table = self.table
        was = dict(self._shown(before)) if before is not None else {}
        for column, value in self._shown(row):
            old = was.get(column)
            if old is None or not same_cell(old, value):
                table.update_cell(row.key, column, value)

    def _patch(self, rows: list[Row], keys: list[str]) -> bool:
        """Change the table into ``rows`` touching only what differs: rows gone are removed,
        new ones added, changed cells updated, then the order set. A new log entry costs one
        row instead of clearing and refilling the 200 shown; a changed report one cell
        (False: most rows are new, clear and refill instead)."""
        old = set(self._keys)
        new = set(keys)
        if not old or len(old & new) < len(keys) // 2:
            return False
        table = self.table
        for key in old - new:
            table.remove_row(key)
        for r in rows:
            if r.key in old:
                self._update_cells(r, self._rows.get(r.key))
            else:
                table.add_row(*(value for _, value in self._shown(r)), key=r.key)
        if self._table_keys() != keys:
            # DataTable sorts by cell values only: tell the rows apart by the object each
            # holds in its first column
            first = table.ordered_columns[0].key
            order = {id(table.get_cell(key, first)): i for i, key in enumerate(keys)}
            if len(order) == len(keys):
                table.sort(first, key=lambda value: order.get(id(value), len(keys)))
            if self._table_keys() != keys:
                table.clear()
                return False
        return True

    def _table_keys(self) -> list[str]:
        return [row.key.value for row in self.table.ordered_rows]

    def _after_show(self, rows: list[Row]) -> None:
        total = len(self.records)
        shown = len(rows)
        count = t("dashboard.count", n=total) if shown == total else t(
            "dashboard.count_filtered", n=shown, total=total)
        self.set_title(f"{self.title} ({count}){self.title_extra()}")
        self.show_filter()

    def title_extra(self) -> str:
        """Added after the count in the title (overdue counts and the like)."""
        return ""

    def selected_key(self) -> str | None:
        table = self.table
        if 0 <= table.cursor_row < len(self._keys):
            return self._keys[table.cursor_row]
        return None

    def selected_id(self) -> int | None:
        key = self.selected_key()
        return int(key) if key and key.isdigit() else None

    def selected_record(self) -> Any:
        key = self.selected_key()
        for record in self.records:
            if str(_id_of(record)) == key:
                return record
        return None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_selected()


def same_cell(old: Any, new: Any) -> bool:
    """The cell shows the same: Rich's ``Text ==`` compares the characters and their spans
    only, so a row dimmed when acknowledged would compare equal and stay bright."""
    if old is new:
        return True
    if isinstance(old, Text) and isinstance(new, Text):
        return (old == new and old.style == new.style and old.justify == new.justify
                and old.overflow == new.overflow and old.no_wrap == new.no_wrap)
    return bool(old == new)


def short_cell(value: Text) -> Text:
    """A cell cut after its first word that is not a mark: "!!  II serious" → "!!  II",
    "!!! Ⅰ级 特别重大" → "!!! Ⅰ级"."""
    plain = value.plain
    match = re.match(r"^[^\w]*\w\S*", plain)
    if match is None or match.end() == len(plain):
        return value
    return value[:match.end()]


def _id_of(record: Any) -> Any:
    if isinstance(record, dict):
        return record.get("id")
    inner = getattr(record, "entry", record)
    return getattr(inner, "id", None)


def labelled(values: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(t(label), code) for label, code in values]
