"""Help (``?`` / F1): every action of the catalog with the keys it answers to now."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from dutyroom.actions import ACTIONS, current_keys
from dutyroom.i18n import t

GROUPS = ("dashboard", "escalation", "escalation_screen", "report", "ticket", "handover", "upward", "deeds",
          "bulletin", "orders", "station", "callout", "callouts", "posts", "evacuations", "app", "form",
          "replay")


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = t("help.title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(t("help.quick_entry"), markup=False, id="help-quick")
            yield Static(t("help.close"), markup=False, classes="form-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text(t("help.key")), key="key")
        table.add_column(Text(t("help.action")), key="action")
        table.add_column(Text(t("help.where")), key="where")
        table.add_column(Text(t("help.config_id")), key="id")
        keymap = getattr(self.app, "_keymap", {})
        replaying = getattr(self.app, "replaying", False)
        for group in GROUPS:
            if group == "replay" and not replaying:
                continue  # those keys exist only in ``dutyroom --replay TIME``
            for spec in (s for s in ACTIONS if s.group == group):
                table.add_row(Text(current_keys(spec, keymap)), Text(t(spec.description_key)),
                              Text(t(f"help.group.{group}")), Text(spec.id, style="dim"), key=spec.id)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
