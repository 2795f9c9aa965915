"""One duty-log entry with its corrections and links; ``e`` amends it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dutyroom.i18n import t
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.record_text import entry_text
from dutyroom.widgets.pane import literal


class LogDetailScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,enter", "close", show=False),
                Binding("e", "amend", show=False)]

    def __init__(self, ctx: Any, entry_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.entry_id = entry_id

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box") as box:
            box.border_title = f"{t('kind.log')} #{self.entry_id}"
            with VerticalScroll():
                yield Static(self.body(), markup=False, id="detail-body")
            yield Static(t("log.detail_hint"), markup=False, classes="form-hint")

    def body(self) -> Text:
        log = DutyLog(self.ctx)
        entry = log.get(self.entry_id)
        text = Text()
        if entry is None:
            text.append(t("error.log_missing", id=self.entry_id))
            return text
        fixes = [e for e in log.between(entry.at.shift(days=-1), self.ctx.now().shift(days=3650))
                 if e.amends == entry.id]
        rows = [(t("field.at"), self.ctx.local(entry.at).format("YYYY-MM-DD HH:mm")),
                (t("field.kind"), t(entry.kind.label_key)), (t("field.author"), entry.author),
                (t("log.written"), f"{self.ctx.local(entry.created_at).format('YYYY-MM-DD HH:mm:ss')}"
                                   f" {literal(entry.created_by)}@{literal(entry.station)}" if entry.created_at else "")]
        if entry.amends:
            rows.append((t("field.amends"), f"#{entry.amends}"))
        if entry.report_id:
            rows.append((t("kind.report"), f"#{entry.report_id}"))
        if entry.ticket_id:
            rows.append((t("kind.ticket"), f"#{entry.ticket_id}"))
        for label, value in rows:
            text.append(f"{label}: ", style="bold")
            text.append(literal(value) + "\n")
        text.append("\n")
        text.append(literal(entry_text(entry)) + "\n")
        for fix in fixes:
            text.append(f"\n{t('log.correction', id=fix.id)} "
                        f"({self.ctx.local(fix.created_at or fix.at).format('MM-DD HH:mm')} {fix.author}):\n",
                        style="bold")
            text.append(literal(entry_text(fix)) + "\n")
        return text

    def action_close(self) -> None:
        self.dismiss(None)

    def action_amend(self) -> None:
        from dutyroom.screens.forms.log_entry import AmendForm

        self.dismiss(None)
        self.app.push_screen(AmendForm(self.ctx, entry_id=self.entry_id))
