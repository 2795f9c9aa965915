"""Notable deeds (先进典型) of the chosen period; ``m`` marks or unmarks one for reporting upward."""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.deed import Deed
from dutyroom.model.errors import DomainError
from dutyroom.services.deeds import Deeds
from dutyroom.widgets.pane import Row, TablePane, cell


class DeedPane(TablePane):
    TITLE_KEY = "upward.deeds.title"
    KINDS = frozenset({"deed"})
    COLUMNS = [("id", "upward.pane.id"), ("mark", "upward.deeds.mark_col"), ("at", "upward.col.time"),
               ("name", "upward.deeds.name"), ("place", "upward.col.location"), ("text", "upward.col.text")]
    BINDINGS = bindings("deeds")

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        translate_bindings(self)
        self.start: arrow.Arrow | None = None
        self.end: arrow.Arrow | None = None

    def set_period(self, start: arrow.Arrow, end: arrow.Arrow) -> None:
        self.start, self.end = start, end
        self.refresh_data(None)

    def load(self) -> list[Deed]:
        return list(reversed(Deeds(self.ctx).listing(start=self.start, end=self.end)))

    def row(self, d: Deed, now: arrow.Arrow) -> Row:
        cells = (cell(f"#{d.id}"), cell("★" if d.report_upward else ""),
                 cell(self.ctx.local(d.at).format("MM-DD HH:mm")), cell(d.name), cell(d.place), cell(d.text))
        return Row(key=str(d.id), cells=cells, search=f"{d.name} {d.place} {d.text}", at=d.at)

    def action_toggle_mark(self) -> None:
        deed = self.selected_record()
        if deed is None:
            return
        try:
            Deeds(self.ctx).mark(deed.id, on=not deed.report_upward, expected_version=deed.version)
        except DomainError as error:
            self.app.notify(explain(error), severity="error", markup=False)
            return
        self.refresh_data(None)
