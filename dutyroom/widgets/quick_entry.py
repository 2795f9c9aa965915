"""The quick-entry line (``:``): type, Enter, logged at once with the current time.

The line is never lost: on any error (unknown report, bad time, disk full) it
stays in the input with the message beside it; it also goes to the drafts on
every change, so a dropped link keeps it.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static
from dutyroom.widgets.text_fields import TextInput

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.services.drafts import Draft
from dutyroom.widgets.pane import literal
from dutyroom.services.quick_entry import log_quick_line
from dutyroom.services.quick_reading import REFUSALS, is_reading_line, record_quick_reading

DRAFT_KEY = "quick-entry"


class QuickEntry(Horizontal):
    BINDINGS = [Binding("escape", "close", show=False)]

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Static(":", id="quick-prompt", markup=False)
        yield TextInput(placeholder=t("quick.placeholder"), id="quick-input")
        yield Static("", id="quick-message", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#quick-input", Input)

    def open(self, text: str | None = None) -> None:
        self.display = True
        if text is not None:
            self.input.value = text
        self.input.focus()

    def action_close(self) -> None:
        if self.input.value.strip():
            self.query_one("#quick-message", Static).update(t("quick.kept"))
        else:
            self.display = False
        back = getattr(self.screen, "focus_pane", None)
        if back is not None:
            back(self.screen.active_pane)
        else:
            self.screen.focus_next()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value:
            self.query_one("#quick-message", Static).update("")
        drafts = getattr(self.app, "drafts", None)
        if drafts is None:
            return
        try:
            if event.value.strip():
                drafts.save(Draft(key=DRAFT_KEY, form="quick", values={"line": event.value},
                                  saved_at=self.ctx.now().isoformat(), title=t("quick.title")))
            else:
                drafts.discard(DRAFT_KEY)
        except OSError:
            pass

    def _record(self, line: str) -> str:
        """Log the line (or record the reading of a ``~`` line); what was done, in words."""
        if is_reading_line(line):
            station, reading = record_quick_reading(self.ctx, line)
            return t("water.quick.recorded", name=literal(station.name, one_line=True),
                     value=f"{reading.value:g}")
        return t("quick.logged", id=log_quick_line(self.ctx, line).id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        line = event.value
        if not line.strip():
            return
        message = self.query_one("#quick-message", Static)
        try:
            done = self._record(line)
        except DomainError as error:
            if error.key in REFUSALS:  # implausible: the form (w) can force it with a reason
                message.update("✗ " + t(REFUSALS[error.key], **error.params) + t("water.quick.force_hint"))
            else:
                message.update("✗ " + explain(error))
            self.input.add_class("-invalid")
            return
        except OSError as error:
            message.update("✗ " + t("form.save_failed", reason=error.strerror or str(error)))
            return
        self.input.remove_class("-invalid")
        self.input.value = ""
        message.update(done)
        refresh = getattr(self.app, "refresh_now", None)
        if refresh:
            refresh()
