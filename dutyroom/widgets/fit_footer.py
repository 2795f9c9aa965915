"""The footer every screen uses: compact below 100 columns, and never a key cut in half.

Textual's footer lays its keys out in a row and cuts whatever passes the right edge
("h Handov" at 80 columns). This one shows the keys that fit whole, in binding order
(the order of the action catalog: the most used first, ``?`` at the head so the full
list is always one key away) and leaves the rest to the help screen. Labels are the
catalog's short forms (:func:`dutyroom.actions.short_label`).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

COMPACT_BELOW = 100
"""Columns under which the footer drops its padding (the dashboard decides for itself)."""


class FitFooter(Footer):
    def __init__(self, *, follow_width: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.follow_width = follow_width
        """Set ``compact`` from the terminal's width (off where the screen sets it itself)."""
        self._fitted: tuple[int, bool] | None = None
        """(width, compact) the keys were chosen for."""
        self.settled = False
        """True once the keys on show were chosen for the present width (tests wait on it)."""

    def _compact_for_width(self) -> None:
        """Set ``compact`` without a rebuild of its own (the caller decides on that)."""
        if self.follow_width:
            compact = self.app.size.width < COMPACT_BELOW
            if compact != self.compact:
                self.set_reactive(Footer.compact, compact)
                self.set_class(compact, "-compact")
                self.show_command_palette = not compact

    def on_resize(self, event: events.Resize) -> None:
        self._compact_for_width()
        self._refit()

    def watch_compact(self, compact: bool) -> None:
        """Compact keys are narrower: more of them fit."""
        self._refit()

    def _refit(self) -> None:
        if self.is_mounted and self._fitted != (self.app.size.width, self.compact):
            self.settled = False
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        self._compact_for_width()
        width = self.app.size.width  # docked along the bottom: the whole width
        self._fitted = (width, self.compact)
        self.settled = True
        items = list(super().compose())
        palette = [item for item in items if item.has_class("-command-palette")]
        used = sum(self._width(item) for item in palette)
        for item in items:
            if item in palette:
                continue
            need = self._width(item)
            if used + need > width:
                break  # the rest are in the help (?), in this same order
            used += need
            yield item
        yield from palette

    def _width(self, item: Any) -> int:
        if not isinstance(item, FooterKey):
            return cell_len(str(getattr(item, "renderable", ""))) + 1
        text = cell_len(item.key_display) + (cell_len(item.description) + 1 if item.description else 0)
        return text + (1 if self.compact else 2) + (2 if item.has_class("-command-palette") else 0)
