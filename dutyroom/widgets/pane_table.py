"""The DataTable every pane uses: no markup, whole rows, fast column widths, and a change
that costs what it touches.

Textual's DataTable keys every render cache on a counter that each ``add_row``,
``remove_row``, ``update_cell`` and ``sort`` bumps, and ``remove_row`` asks the whole
screen for a new layout. So one new duty-log entry at season scale re-rendered every
visible cell of the table through Rich, laid the screen out again and repainted every
pane's scrollbar: ~40 ms of a dashboard's CPU for one foreign commit. Here a cell is
rendered once per content and look (the cell object itself, its width, style, cursor and
hover), and a painted row and its line are kept by the row's key: a painted row carries
its key in the mouse metadata, not its index, so rows that move down under a new entry
are painted from the cache (the index is added when a click or a mouse move arrives,
before Textual's handlers read it). Removing a row lays out the screen only when the
table's size changes (Textual does that itself, through ``virtual_size``). The caches are
bounded (LRU) and checked against the very cell objects the table holds, so a changed
cell is never painted from an old entry; ``tests/tui/test_pane_table_render.py`` checks
the paint against Textual's own DataTable.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, Iterable

from rich.cells import cell_len
from rich.padding import Padding
from rich.protocol import is_renderable
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.render import measure
from textual._segment_tools import line_crop
from textual.renderables.styled import Styled
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import default_cell_formatter
from textual.widgets.data_table import RowDoesNotExist, RowKey

_EMPTY = Text(no_wrap=True, end="")
CELL_CACHE_SIZE = 4096
"""Rendered cells kept: a page of the duty log (200 rows x 5 columns) in both zebra
stripes and with the cursor, and every side pane's visible rows."""
ROW_CACHE_SIZE = 1024
"""Painted rows (and lines) kept: the visible rows of a pane in both stripes, many times."""


class PaneTable(DataTable):
    """A DataTable that never parses markup (all cells are Text) and selects whole rows."""

    def __init__(self, **kwargs: Any) -> None:
        # set before Textual's __init__, whose reactive watchers already clear the caches
        self._plain_cells: LRUCache[tuple[Any, ...], tuple[Any, list[list[Segment]]]] = (
            LRUCache(CELL_CACHE_SIZE))
        """Cells rendered without their row/column metadata, by content and look."""
        self._row_lines: LRUCache[tuple[Any, ...], tuple[tuple[Any, ...], list[list[Segment]]]] = (
            LRUCache(ROW_CACHE_SIZE))
        """Whole painted rows, by row key and look (checked against the cells they show)."""
        self._strips: LRUCache[tuple[Any, ...], tuple[Any, Strip]] = LRUCache(ROW_CACHE_SIZE)
        """Painted lines, by the painted row they show (the very object) and the crop."""
        self._row_styles: dict[tuple[Any, ...], tuple[Style, Style, Style]] = {}
        self._quiet_layout = False
        self._base_style: Style | None = None
        self._paint_look: tuple[Any, ...] | None = None
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        """Column widths from each new cell's plain text, then Textual's own bookkeeping.

        Textual measures every cell of every new row through Rich, building console
        options per cell: with the 500 open reports of a flood day that was ~65 ms of
        the start-up, before the first frame. Our cells are Text, whose measured width
        is the cell length of its longest line, so we work that out directly (anything
        else goes through Textual's ``measure``). ``tests/tui/test_pane_live_cells.py`` checks
        the widths come out as Textual's own.
        """
        columns = self.ordered_columns
        console = self.app.console
        for row_key in new_rows:
            try:
                values = self.get_row(row_key)
            except RowDoesNotExist:  # removed again before the table went idle
                continue
            for column, value in zip(columns, values):
                width = _content_width(console, value)
                if width > column.content_width:
                    column.content_width = width
        super()._update_dimensions(())

    # -- a removed row: no screen layout unless the size changes
    def remove_row(self, row_key: RowKey | str) -> None:
        """As Textual's, without its unconditional ``refresh(layout=True)``: the new height is
        set on idle (``_update_dimensions`` → ``virtual_size``), which lays out the screen
        if, and only if, the table's size changed; the rows themselves are repainted."""
        self._quiet_layout = True
        try:
            super().remove_row(row_key)
        finally:
            self._quiet_layout = False
        self.refresh()

    def refresh(self, *regions: Any, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> "PaneTable":
        if self._quiet_layout:
            layout = False
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    # -- cells rendered once per content
    def _look(self) -> tuple[Any, ...]:
        """What a rendered cell depends on besides its content, row style, cursor, hover and
        width: read once per paint (each reactive read costs a few microseconds)."""
        look = self._paint_look
        if look is None:
            look = (self._show_hover_cursor, self.show_cursor, self._pseudo_class_state,
                    self.cell_padding, self.cursor_foreground_priority,
                    self.cursor_background_priority)
        return look

    def _cell_lines(self, row_key: Any, row_index: int, column_index: int, column_key: Any,
                    value: Any, row_style: Style, width: int, cursor: bool, hover: bool,
                    look: tuple[Any, ...], by_key: bool = True) -> list[list[Segment]]:
        """The cell as Textual renders it, from the cache unless its content or look changed;
        only the row/column metadata (what a mouse click reads) is laid on per position."""
        key = (row_key, column_key, row_style, cursor, hover, width, look)
        hit = self._plain_cells.get(key)
        if hit is None or hit[0] is not value:
            hit = (value, self._render_plain(row_index, value, row_style, width, cursor, hover))
            self._plain_cells[key] = hit
        meta = Style.from_meta(_position(row_key if by_key else None, row_index, column_index))
        return [[Segment(text, meta if style is None else style + meta, control)
                 for text, style, control in line] for line in hit[1]]

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """Textual's cell rendering, cached by the cell's content and look instead of by the
        table's update counter. Row labels, fixed rows and columns, a header taller than a
        line and rows taller than one line go through Textual's own path."""
        if column_index < 0 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        column_key = self._column_locations.get_key(column_index)
        if row_index == -1:
            if self.header_height != 1 or column_key not in self.columns:
                return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            row_key: Any = self._header_row_key
            value: Any = self.columns[column_key].label
        else:
            row_key = self._row_locations.get_key(row_index)
            row = self.rows.get(row_key) if row_key is not None else None
            if row is None or row.height != 1 or row.auto_height:
                return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            value = self._data[row_key].get(column_key)
        return self._cell_lines(row_key, row_index, column_index, column_key, value, base_style,
                                width, cursor, hover, self._look(), by_key=False)

    def render_lines(self, crop: Any) -> list[Any]:
        self._pseudo_class_state = self.get_pseudo_class_state()
        # once per paint, not once per line: the widget's style (a walk over every ancestor)
        # and the reactives every cell reads
        self._base_style = self.rich_style
        self._paint_look = None
        self._paint_look = self._look()
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = self._paint_look = None

    def render_line(self, y: int) -> Any:
        """Textual's, with the widget's style taken once per paint."""
        base_style = self._base_style
        if base_style is None or self.fixed_rows:
            return super().render_line(y)
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + width, base_style)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """Textual's, with each painted line kept with the row it shows (Textual keeps it by
        its position and the table's update counter: after any change, none is reused)."""
        if self._base_style is None or self.fixed_columns or self._should_render_row_labels:
            return super()._render_line(y, x1, x2, base_style)
        width = self.size.width
        try:
            row_key, line_no = self._get_offsets(y)
        except LookupError:
            return Strip.blank(width, base_style)
        _fixed, cells = self._render_line_in_row(row_key, line_no, base_style,
                                                 self.cursor_coordinate, self.hover_coordinate)
        key = (id(cells), x1, x2, width, base_style)
        hit = self._strips.get(key)
        if hit is not None and hit[0] is cells:
            return hit[1]
        segments = line_crop(list(chain.from_iterable(cells)), x1, x2, width)
        strip = Strip(segments).adjust_cell_length(width, base_style).simplify()
        self._strips[key] = (cells, strip)
        return strip

    def _render_line_in_row(self, row_key: RowKey, line_no: int, base_style: Style,
                            cursor_location: Coordinate, hover_location: Coordinate
                            ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """Textual's line of a row, for our tables (row cursor, one-line rows and header, no
        labels, no fixed rows or columns), with the row styles looked up once per look:
        Textual walks the widget's ancestors two or three times for every line it renders,
        and after any change to the table it renders them all again."""
        header = row_key is self._header_row_key
        if (self.cursor_type != "row" or self.fixed_rows or self.fixed_columns or line_no
                or self._should_render_row_labels or (header and self.header_height != 1)):
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                               hover_location)
        row_index = -1 if header else self._row_locations.get(row_key)
        if row_index is None:
            row_index = -1
        elif row_index >= 0 and self.rows[row_key].height != 1:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                               hover_location)
        look = self._look()
        styles = self._styles_for(base_style)
        row_style = styles[0] if row_index == -1 else (
            styles[1 + row_index % 2] if self.zebra_stripes else base_style)
        cursor = cursor_location.row == row_index
        hover = hover_location.row == row_index
        data = None if row_index == -1 else self._data[row_key]
        columns = self.ordered_columns
        values = tuple(column.label if data is None else data.get(column.key) for column in columns)
        widths = tuple(column.get_render_width(self) for column in columns)
        key = (row_key, row_style, cursor, hover, look, widths, self.size.width)
        hit = self._row_lines.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], values)):
            return [], hit[1]
        cells = [self._cell_lines(row_key, row_index, column_index, column.key, value, row_style,
                                  width, cursor, hover, look)[0]
                 for column_index, (column, value, width) in enumerate(zip(columns, values, widths))]
        remaining = max(0, self.size.width - sum(widths))
        extend, _ = self._get_styles_to_render_cell(row_index == -1, False, False, hover, cursor,
                                                    look[1], look[0], False, False)
        extend_style = row_style + extend + Style.from_meta(
            {**_position(row_key, row_index, 0), "out_of_bounds": True})
        cells.append([Segment(" " * remaining, extend_style)])
        self._row_lines[key] = (values, cells)
        return [], cells

    # -- the mouse: rows carry their key; Textual's handlers (run next) read the index
    def _on_click(self, event: events.Click) -> None:
        self._index_of_row(event)

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._index_of_row(event)

    def _index_of_row(self, event: events.MouseEvent) -> None:
        """A painted row carries its key, not its index (rows move when one arrives above
        them, and a paint is reused): add the row's index now, as Textual's handlers expect."""
        meta = event.style.meta
        if "row_key" in meta and "row" not in meta:
            index = self._row_locations.get(RowKey(meta["row_key"]))
            if index is not None:
                event.style = event.style + Style.from_meta({"row": index})

    def _styles_for(self, base_style: Style) -> tuple[Style, Style, Style]:
        """(header, even row, odd row) styles, as Textual's ``_get_row_style`` makes them."""
        key = (base_style, self._pseudo_class_state)
        styles = self._row_styles.get(key)
        if styles is None:
            styles = (self.get_component_styles("datatable--header").rich_style,
                      self.get_component_styles("datatable--even-row").rich_style,
                      self.get_component_styles("datatable--odd-row").rich_style)
            self._row_styles[key] = styles
        return styles

    def _render_plain(self, row_index: int, value: Any, base_style: Style, width: int,
                      cursor: bool, hover: bool) -> list[list[Segment]]:
        """What Textual's ``_render_cell`` renders, less the row/column metadata."""
        header = row_index == -1
        if header:
            renderable: Any = value
        else:  # as Textual formats a one-line row's cells
            renderable = _EMPTY if value is None else (
                default_cell_formatter(value, wrap=False, height=1) or _EMPTY)
        component_style, post_style = self._get_styles_to_render_cell(
            header, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
        return self.app.console.render_lines(
            Styled(Padding(renderable, (0, self.cell_padding)),
                   pre_style=base_style + component_style, post_style=post_style),
            options)

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._plain_cells.clear()
        self._row_lines.clear()
        self._strips.clear()
        self._row_styles.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._plain_cells.clear()
        self._row_lines.clear()
        self._strips.clear()
        self._row_styles.clear()


def _position(row_key: Any, row_index: int, column_index: int) -> dict[str, Any]:
    """The mouse metadata of a cell: the header by its index (-1, fixed), a row by its key."""
    if row_key is None or row_index < 0:
        return {"row": row_index, "column": column_index}
    return {"row_key": row_key.value, "column": column_index}


def _content_width(console: Any, value: Any) -> int:
    if isinstance(value, Text):
        plain = value.plain
        if "\n" not in plain:
            return cell_len(plain)
        return max(cell_len(line) for line in plain.splitlines()) if plain else 0
    return measure(console, value if is_renderable(value) else str(value), 1)
