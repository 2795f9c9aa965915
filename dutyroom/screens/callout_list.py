"""Every warning call-out, open ones first (``callout list``): Enter opens one, ``n`` starts
another, Esc back. The list follows other sessions' commits. Also how the app opens a
call-out (:func:`open_callout`) and starts one (:func:`start_callout`)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from dutyroom.actions import bindings
from dutyroom.i18n import explain, t
from dutyroom.messages import DataChanged
from dutyroom.model.errors import DomainError
from dutyroom.screens.callout import CalloutScreen
from dutyroom.screens.record_list import RecordListScreen
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


class CalloutListScreen(RecordListScreen[dict[str, Any]]):
    BINDINGS = bindings("callouts")
    ACTION_GROUP = "callouts"
    PREFIX = "callouts"
    NOTE = "empty"
    TITLE_KEY = "calloutui.list.title"
    COLUMNS = COLUMNS
    POLLS = False  # follows DataChanged

    @property
    def views(self) -> list[dict[str, Any]]:
        """Each call-out as ``callout show --json`` has it, open ones first, newest first."""
        return self.records

    def column_label(self, key: str) -> str:
        return t("calloutui.column.id" if key == "id" else f"calloutui.list.column.{key}")

    def load(self) -> list[dict[str, Any]]:
        from dutyroom.services.callouts import Callouts, callout_json

        now = self.ctx.now()
        views = [callout_json(c, now) for c in Callouts(self.ctx).all()]
        return sorted(views, key=lambda v: (not is_open(v), -int(v.get("id") or 0)))

    def row_key(self, index: int, view: dict[str, Any]) -> str:
        return str(view.get("id"))

    def cells(self, view: dict[str, Any]) -> list[Text]:
        progress = count_progress(view)
        state = t("calloutui.open") if is_open(view) else t("calloutui.closed")
        return [Text(f"#{view.get('id')}"), Text(warning_words(str(view.get("warning") or ""))),
                cell("、".join(str(a) for a in view.get("areas") or [])),
                Text(local_time(view.get("started_at"), self.ctx.tz)),
                Text(f"{progress['answered']}/{progress['total']}"),
                Text(state, style="bold" if is_open(view) else "dim")]

    def note(self) -> str | None:
        return None if self.records else t("calloutui.list.empty")

    def on_data_changed(self, message: DataChanged) -> None:
        if self.is_mounted and (message.restarted or "callout" in message.kinds()):
            self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        view = self.selected()
        if view is not None:
            open_callout(self, self.ctx, int(view["id"]), from_list=True)

    def action_new(self) -> None:
        start_callout(self, self.ctx)

    def action_back(self) -> None:
        self.action_close()
