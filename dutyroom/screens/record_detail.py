"""A read-only view of any record: its fields, literally (outside text never obeyed)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dutyroom.i18n import t
from dutyroom.services.record_text import record_rows, subject_text
from dutyroom.widgets.pane import literal


class RecordDetailScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,enter", "close", show=False)]

    def __init__(self, ctx: Any, kind: str, data: dict[str, Any]) -> None:
        super().__init__()
        self.ctx = ctx
        self.kind = kind
        self.data = data

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box") as box:
            box.border_title = subject_text(self.kind, self.data.get("id"))
            with VerticalScroll():
                yield Static(self.body(), markup=False, id="detail-body")
            yield Static(t("help.close"), markup=False, classes="form-hint")

    def body(self) -> Text:
        text = Text()
        for label, value in record_rows(self.kind, self.data, self.ctx.tz):
            text.append(f"{label}: ", style="bold")
            text.append(literal(value) + "\n")
        return text

    def action_close(self) -> None:
        self.dismiss(None)
