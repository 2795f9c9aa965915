"""``g`` in a replay: jump to a time (``02:40``, ``-2h``, ``2026-07-29 02:40``)."""

from __future__ import annotations

from typing import Any

import arrow
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from dutyroom.widgets.text_fields import TextInput

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.timeinput import parse_time


class ReplayGotoScreen(ModalScreen[arrow.Arrow | None]):
    """Enter jumps, Escape leaves the replay where it was; a bad time is said, not taken."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, now: arrow.Arrow, tz: str) -> None:
        super().__init__()
        self.now, self.tz = now, tz

    def compose(self) -> ComposeResult:
        with Vertical(id="replay-goto-box") as box:
            box.border_title = t("replay.goto.title")
            yield Static(t("replay.goto.hint"), markup=False)
            yield TextInput(placeholder=self.now.to(self.tz).format("YYYY-MM-DD HH:mm"), id="replay-goto-input")
            yield Static("", markup=False, id="replay-goto-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            moment = parse_time(event.value.strip() or "now", self.now, self.tz, "at")
        except DomainError as error:
            self.query_one("#replay-goto-error", Static).update(explain(error))
            return
        self.dismiss(moment)

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__: list[Any] = ["ReplayGotoScreen"]
