"""Every warning call-out, open ones first (``callout list``): Enter opens one, ``n`` starts
another, Esc back. The list follows other sessions' commits. Also how the app opens a
call-out (:func:`open_callout`) and starts one (:func:`start_callout`)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.messages import DataChanged
from dutyroom.model.errors import DomainError
from dutyroom.screens.callout import CalloutScreen
from dutyroom.services.callout_text import count_progress, is_open, local_time, warning_words
from dutyroom.services.context import Context
from dutyroom.widgets.pane import cell

COLUMNS = ("id", "warning", "areas", "started", "progress", "state")


def open_callout(node: Any, ctx: Context, callout_id: int, from_list: bool = False) -> None:
    """Push the call-out screen; its ``l`` comes back here and shows every call-out (from
    the list: the list is already below it)."""

    def back(result: str | None) -> None:
        if result == "list" and not from_list:
            node.app.push_screen(CalloutListScreen(ctx))
        refresh = getattr(node, "reload", None)
        if from_list and refresh is not None:
            refresh()

    node.app.push_screen(CalloutScreen(ctx, callout_id), back)


def start_callout(node: Any, ctx: Context, warning: str | None = None) -> None:
    """Open the start form (``warning`` prefilled); once started, open the new call-out."""
    from dutyroom.screens.callout_forms import CalloutStartForm

    def started(callout: Any) -> None:
        if callout is None:
            return
        callout_id = int(getattr(callout, "id", 0) or 0)
        node.notify(t("calloutui.started", id=callout_id, total=len(callout.calls)), markup=False)
        node.app.refresh_now()
        open_callout(node, ctx, callout_id, from_list=isinstance(node, CalloutListScreen))

    try:
        form = CalloutStartForm(ctx, warning=warning)
    except DomainError as error:
        node.notify(explain(error), severity="error", markup=False)
        return
    node.app.push_screen(form, started)


class CalloutListScreen(ModalScreen[None]):
    BINDINGS = bindings("callouts")
    ACTION_GROUP = "callouts"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.views: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="callouts-box"):
            yield Static("", id="callouts-empty", markup=False)
            yield DataTable(id="callouts-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#callouts-box").border_title = t("calloutui.list.title")
        table = self.query_one("#callouts-table", DataTable)
        for key in COLUMNS:
            label = "calloutui.column.id" if key == "id" else f"calloutui.list.column.{key}"
            table.add_column(Text(t(label)), key=key)
        self.reload()
        table.focus()

    def reload(self) -> None:
        from dutyroom.services.callouts import Callouts, callout_json

        try:
            now = self.ctx.now()
            views = [callout_json(c, now) for c in Callouts(self.ctx).all()]
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        self.views = sorted(views, key=lambda v: (not is_open(v), -int(v.get("id") or 0)))
        table = self.query_one("#callouts-table", DataTable)
        row = table.cursor_row
        table.clear()
        for view in self.views:
            progress = count_progress(view)
            state = t("calloutui.open") if is_open(view) else t("calloutui.closed")
            table.add_row(Text(f"#{view.get('id')}"), Text(warning_words(str(view.get("warning") or ""))),
                          cell("、".join(str(a) for a in view.get("areas") or [])),
                          Text(local_time(view.get("started_at"), self.ctx.tz)),
                          Text(f"{progress['answered']}/{progress['total']}"),
                          Text(state, style="bold" if is_open(view) else "dim"), key=str(view.get("id")))
        if self.views:
            table.move_cursor(row=min(max(row, 0), len(self.views) - 1), animate=False)
        empty = self.query_one("#callouts-empty", Static)
        empty.update(t("calloutui.list.empty"))
        empty.display = not self.views

    def on_data_changed(self, message: DataChanged) -> None:
        if self.is_mounted and (message.restarted or "callout" in message.kinds()):
            self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#callouts-table", DataTable)
        if not self.views or not 0 <= table.cursor_row < len(self.views):
            return
        open_callout(self, self.ctx, int(self.views[table.cursor_row]["id"]), from_list=True)

    def action_new(self) -> None:
        start_callout(self, self.ctx)

    def action_back(self) -> None:
        self.dismiss(None)
