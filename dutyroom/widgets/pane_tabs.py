"""The tab strip of the small dashboard (80x24): one tab per pane, with its number key.

Full titles if they fit, else short ones for the other tabs, else their numbers only:
a tab is never cut off the end of the line, so every pane can be found. A tab may
carry a count in the alert colour (the active escalations): the count is never
dropped, whatever form the titles take.
"""

from __future__ import annotations

from typing import Any, Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import Static


class PaneTabs(Static):
    COMPONENT_CLASSES = {"pane-tabs--alert"}
    """The style of a count that needs the officer (``styles/app.tcss``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.text = Text()
        """What the strip shows now."""

    def show(self, tabs: Sequence[tuple[str, str, str]], active: int, counts: dict[int, int],
             width: int) -> None:
        """``tabs``: (pane id, full title, short title) in key order; ``counts``: tab index → count."""
        text = Text()
        for form in ("full", "short", "number"):
            text = self.tabs_text(tabs, active, counts, form)
            if text.cell_len <= width:
                break
        if text == self.text and self.is_mounted and self.text.cell_len:
            return  # the same strip again (every commit asks): no repaint, no layout
        self.text = text
        self.update(text, layout=False)  # always one line: the screen's layout stays

    def tabs_text(self, tabs: Sequence[tuple[str, str, str]], active: int, counts: dict[int, int],
                  form: str) -> Text:
        alert = self.get_component_rich_style("pane-tabs--alert", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (_pane_id, full, short) in enumerate(tabs):
            number = index + 1
            count = counts.get(index, 0)
            if index == active:
                text.append(f"▶{number} {full}", style="bold reverse")
                if count:
                    text.append(f" {count}", style=alert + Style(bold=True, reverse=True))
                text.append("◀", style="bold reverse")
            else:
                label = {"full": f" {number} {full}", "short": f" {number} {short}"}.get(form, f" {number}")
                text.append(label)
                if count:
                    text.append(f" {count}", style=alert)
                text.append(" ")
            if form == "full":
                text.append(" ")
        return text
