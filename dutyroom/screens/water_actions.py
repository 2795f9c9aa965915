"""The dashboard's water & rain part (issue 15): ``w`` records a reading, and the height of
the Water & rain pane in the main column. A mixin, so the dashboard module stays about layout."""

from __future__ import annotations

from typing import Any

from dutyroom.i18n import t
from dutyroom.screens.side_layout import FRAME
from dutyroom.widgets.station_pane import StationPane

STATION_ROWS = 8
"""At most this many stations show at once in the wide layout; the rest scroll."""


class WaterActions:
    """Mixed into the dashboard screen (needs ``self.ctx``, ``self.app``, ``self.query_one``)."""

    ctx: Any
    app: Any
    query_one: Any
    active_pane: str

    def action_record_reading(self) -> None:
        """The reading form; on a selected station (Water & rain pane focused) it starts there."""
        from dutyroom.screens.reading_form import ReadingForm

        values = None
        pane = self.query_one(StationPane)
        view = pane.selected_record() if pane.has_focus_within else None
        if view is not None:
            values = {"station": str(view.get("name", ""))}
        self.app.push_screen(ReadingForm(self.ctx, values), self._reading_saved)

    def action_new_station(self) -> None:
        """``W``: set up a station (``station add``); the pane shows it once committed."""
        from dutyroom.screens.station_form import StationForm

        self.app.push_screen(StationForm(self.ctx), self._station_saved)

    def _station_saved(self, station: Any) -> None:
        if station is not None:
            self.app.notify(t("station.form.saved", id=station.id, name=station.name), markup=False)
            self.app.refresh_now()

    def _reading_saved(self, reading: Any) -> None:
        if reading is not None:
            self.app.refresh_now()

    def fit_station_pane(self, compact: bool) -> None:
        """Wide: as many rows as stations (at most ``STATION_ROWS``), hidden while there are
        none and it is not the pane asked for; the tabs (80x24) give it the whole body."""
        pane = self.query_one(StationPane)
        height = None if compact else min(max(pane.table.row_count, 1), STATION_ROWS) + FRAME
        hidden = not compact and not pane.records and self.active_pane != pane.id
        if getattr(self, "_station_fit", None) == (hidden, height):
            return
        self._station_fit = (hidden, height)
        pane.set_class(hidden, "-squeezed")
        pane.styles.height = height if height is not None else "1fr"
