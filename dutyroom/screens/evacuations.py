"""People moved (转移人员) by area, ``v`` on the dashboard: each area's current tally against
its plan, and the totals. ``n`` records a count (a new area, or a later count for one),
``u`` updates the selected area (the form starts from its tally), Esc closes."""

from __future__ import annotations

from rich.text import Text

from dutyroom.actions import bindings
from dutyroom.i18n import t
from dutyroom.model.evacuation import Evacuation
from dutyroom.screens.post_forms import EvacuationForm
from dutyroom.screens.record_list import RecordListScreen
from dutyroom.services.evacuations import AreaTally, Evacuations, percent_text
from dutyroom.widgets.pane import literal

COLUMNS = ("area", "planned", "moved", "percent", "shelter", "at", "updates")


class EvacuationsScreen(RecordListScreen[AreaTally]):
    BINDINGS = bindings("evacuations")
    ACTION_GROUP = "evacuations"
    PREFIX = "evacuations"
    TITLE_KEY = "evacuation.screen.title"
    COLUMN_KEY = "evacuation.column"
    COLUMNS = COLUMNS

    def load(self) -> list[AreaTally]:
        return Evacuations(self.ctx).areas()

    def row_key(self, index: int, tally: AreaTally) -> str:
        """An area has no id of its own: its place in the list."""
        return str(index)

    def cells(self, tally: AreaTally) -> list[Text]:
        e = tally.latest
        return [Text(literal(e.area, one_line=True)), Text(str(e.planned)), Text(str(e.moved)),
                Text(percent_text(e.moved, e.planned)), Text(literal(e.shelter, one_line=True) or "—"),
                Text(self.ctx.local(e.at).format("MM-DD HH:mm")), Text(str(len(tally.history)))]

    def note(self) -> str:
        if not self.records:
            return t("evacuation.screen.empty")
        planned = sum(x.latest.planned for x in self.records)
        moved = sum(x.latest.moved for x in self.records)
        return t("evacuation.totals", areas=len(self.records), planned=planned, moved=moved,
                 percent=percent_text(moved, planned))

    @staticmethod
    def _saved(record: Evacuation) -> str:
        return t("evacuation.saved", area=literal(record.area, one_line=True), moved=record.moved,
                 planned=record.planned)

    def action_new(self) -> None:
        self.open_form(EvacuationForm(self.ctx), self._saved)

    def action_update(self) -> None:
        tally = self.selected()
        if tally is None:
            self.notify(t("evacuation.screen.select_first"), severity="warning", markup=False)
            return
        current = tally.latest
        values = {"area": current.area, "planned": str(current.planned), "moved": str(current.moved),
                  "shelter": current.shelter}
        form = EvacuationForm(self.ctx, values, keep_drafts=False)
        form.FOCUS_FIELD = "moved"  # an update is mostly a new count of people moved
        self.open_form(form, self._saved)
