"""The one-line alert banner the app keeps at the top of whatever screen is showing.

It only shows what the app gives it (:meth:`show`); the app decides what is alerting
and mounts one banner into each screen it shows, forms and detail screens included.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from dutyroom.i18n import t
from dutyroom.widgets.pane import literal


class AlertBanner(Static):
    """Hidden while nothing is alerting (it then takes no row)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.line = ""

    def show(self, line: str, more: int, open_key: str, dismiss_key: str) -> None:
        """``line`` names the subject (outside text inside: shown literally); ``more`` counts the
        other alerts waiting behind it."""
        self.display = bool(line)
        self.set_class(bool(line), "-alerting")
        if not line:
            self.line = ""
            return
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("⚠ ")
        text.append(literal(line, one_line=True), style="bold")
        if more:
            text.append("  " + t("alert.more", n=more))
        text.append("  " + t("alert.keys", open=open_key, dismiss=dismiss_key))
        self.line = text.plain
        self.update(text)
