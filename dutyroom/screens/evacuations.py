"""People moved (转移人员) by area, ``v`` on the dashboard: each area's current tally against
its plan, and the totals. ``n`` records a count (a new area, or a later count for one),
``u`` updates the selected area (the form starts from its tally), Esc closes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.evacuation import Evacuation
from dutyroom.screens.post_forms import EvacuationForm
from dutyroom.services.context import Context
from dutyroom.services.evacuations import AreaTally, Evacuations, percent_text
from dutyroom.widgets.pane import literal

COLUMNS = ("area", "planned", "moved", "percent", "shelter", "at", "updates")


class EvacuationsScreen(ModalScreen[None]):
    BINDINGS = bindings("evacuations")
    ACTION_GROUP = "evacuations"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.tallies: list[AreaTally] = []
        self._revision = -1

    def compose(self) -> ComposeResult:
        with Vertical(id="evacuations-box"):
            yield Static("", id="evacuations-summary", markup=False)
            yield DataTable(id="evacuations-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#evacuations-box").border_title = t("evacuation.screen.title")
        table = self.query_one("#evacuations-table", DataTable)
        for key in COLUMNS:
            table.add_column(Text(t(f"evacuation.column.{key}")), key=key)
        self.reload()
        self.set_interval(1.0, self._follow)
        table.focus()

    def _follow(self) -> None:
        if self.ctx.store.revision() != self._revision:
            self.reload()

    def reload(self) -> None:
        self._revision = self.ctx.store.revision()
        service = Evacuations(self.ctx)
        try:
            self.tallies = service.areas()
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        table = self.query_one("#evacuations-table", DataTable)
        row = table.cursor_row
        table.clear()
        for index, tally in enumerate(self.tallies):
            e = tally.latest
            table.add_row(Text(literal(e.area, one_line=True)), Text(str(e.planned)), Text(str(e.moved)),
                          Text(percent_text(e.moved, e.planned)), Text(literal(e.shelter, one_line=True) or "—"),
                          Text(self.ctx.local(e.at).format("MM-DD HH:mm")), Text(str(len(tally.history))),
                          key=str(index))
        if self.tallies:
            table.move_cursor(row=min(max(row, 0), len(self.tallies) - 1), animate=False)
        planned = sum(x.latest.planned for x in self.tallies)
        moved = sum(x.latest.moved for x in self.tallies)
        summary = self.query_one("#evacuations-summary", Static)
        summary.update(t("evacuation.totals", areas=len(self.tallies), planned=planned, moved=moved,
                         percent=percent_text(moved, planned)) if self.tallies else t("evacuation.screen.empty"))

    def selected(self) -> Evacuation | None:
        table = self.query_one("#evacuations-table", DataTable)
        if not self.tallies or not 0 <= table.cursor_row < len(self.tallies):
            return None
        return self.tallies[table.cursor_row].latest

    def _saved(self, record: Evacuation | None) -> None:
        if record is not None:
            self.notify(t("evacuation.saved", area=literal(record.area, one_line=True), moved=record.moved,
                          planned=record.planned), markup=False)
        self.reload()

    def action_new(self) -> None:
        self.app.push_screen(EvacuationForm(self.ctx), self._saved)

    def action_update(self) -> None:
        current = self.selected()
        if current is None:
            self.notify(t("evacuation.screen.select_first"), severity="warning", markup=False)
            return
        values = {"area": current.area, "planned": str(current.planned), "moved": str(current.moved),
                  "shelter": current.shelter}
        form = EvacuationForm(self.ctx, values, keep_drafts=False)
        form.FOCUS_FIELD = "moved"  # an update is mostly a new count of people moved
        self.app.push_screen(form, self._saved)

    def action_close(self) -> None:
        self.dismiss(None)
