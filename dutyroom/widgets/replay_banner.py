"""The one-line replay banner on every screen: 复盘 REPLAY 02:40 · read-only.

It only shows what the replay app gives it (:meth:`show`): the moment shown, the journal
line it stands after, and the playing speed while it plays.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static


class ReplayBanner(Static):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.line = ""

    def show(self, line: str) -> None:
        if line == self.line:
            return
        self.line = line
        self.update(Text(line, no_wrap=True, overflow="ellipsis"))
