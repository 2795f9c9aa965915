"""The DataTable every pane uses: no markup, whole rows, fast column widths."""

from __future__ import annotations

from typing import Any, Iterable

from rich.cells import cell_len
from rich.protocol import is_renderable
from rich.text import Text
from textual.render import measure
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist


class PaneTable(DataTable):
    """A DataTable that never parses markup (all cells are Text) and selects whole rows."""

    def __init__(self, **kwargs: Any) -> None:
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


def _content_width(console: Any, value: Any) -> int:
    if isinstance(value, Text):
        plain = value.plain
        if "\n" not in plain:
            return cell_len(plain)
        return max(cell_len(line) for line in plain.splitlines()) if plain else 0
    return measure(console, value if is_renderable(value) else str(value), 1)
