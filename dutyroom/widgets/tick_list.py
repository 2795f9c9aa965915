"""A selection list whose ticks read without colour: ``[✓]`` and ``[ ]`` in text.

Textual's own SelectionList draws every box as ``▐X▌`` and tells ticked from not by
colour alone; on a NO_COLOR terminal every box showed an X.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "[✓] "
UNTICKED = "[ ] "


class TickList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt alone; the box is drawn here
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        style = next(iter(line)).style or self.rich_style
        mark = TICKED if selection.value in self.selected else UNTICKED
        return Strip([Segment(mark, style=style + Style(bold=True, meta={"option": index})), *line])
