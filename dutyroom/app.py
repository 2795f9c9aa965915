"""DutyRoomApp: owns the services, the live clock and the change watcher."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from dutyroom.i18n import t
from dutyroom.resources import stylesheets
from dutyroom.services.context import Context
from dutyroom.services.duty_log import DutyLog


class DutyRoomApp(App[int]):
    CSS_PATH = [str(p) for p in stylesheets()]
    BINDINGS = [Binding("q", "quit", "quit", show=True)]

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.title = t("app.title")

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str] = DataTable(id="log-pane", classes="pane")
        table.border_title = t("kind.log")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#log-pane", DataTable)
        table.add_columns("#", t("field.at"), t("field.kind"), t("field.author"), t("field.text"))
        for entry in reversed(DutyLog(self.ctx).since(self.ctx.now().shift(hours=-24))):
            table.add_row(str(entry.id), entry.at.to(self.ctx.tz).format("HH:mm"),
                          t(entry.kind.label_key), entry.author, entry.text)


def make_app(ctx: Context) -> DutyRoomApp:
    return DutyRoomApp(ctx)


def run_app(env: Any) -> int:
    ctx = env.context()
    return make_app(ctx).run() or 0
