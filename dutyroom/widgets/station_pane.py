"""The Water & rain pane (水情雨情): every station, gravest state first, then nearest its threshold.

One row per station: name, kind, latest value and time, state in words, margin to the
next threshold, trend arrow and the last 24 h as a sparkline with the threshold marked.
The order is the service's (``Stations.views()``). It reloads when a station or a
reading is written (by any session) and every five minutes, as the 24 h window moves;
``enter`` opens the station (chart and readings), ``w`` on the dashboard records a reading.
"""

from __future__ import annotations

from typing import Any, ClassVar

import arrow

from dutyroom.i18n import t
from dutyroom.messages import OpenRecord
from dutyroom.services.stations import Stations
from dutyroom.widgets.pane import Row, TablePane, cell
from dutyroom.widgets.station_format import (kind_label, latest_parts, margin_text, sparkline,
                                             state_text, trend_text, trend_words)

WINDOW_MOVE = 300
"""Seconds after which the sparklines are redrawn with no new reading (the window moves)."""


class StationPane(TablePane):
    TITLE_KEY = "water.pane.title"
    KINDS = frozenset({"station", "reading"})
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("name", "water.column.name"), ("kind", "water.column.kind"),
        ("value", "water.column.value"), ("at", "water.column.at"),
        ("state", "water.column.state"), ("margin", "water.column.margin"),
        ("trend", "water.column.trend"), ("spark", "water.column.spark")]
    DROP_ORDER = ("kind", "margin", "at")
    """Narrow (the main column at 120x40): the kind goes first, then the margin, then the
    time of the reading; name, value, state, trend and the sparkline always show (the
    station screen has everything)."""
    FLEX = {"name": 16}
    """A name counts as at most 16 cells (8 Chinese characters) when fitting; longer ones are cut
    with "…" once columns are left out."""

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.service = Stations(ctx)
        self.series: dict[int, list[tuple[arrow.Arrow, float]]] = {}
        self._loaded_at: arrow.Arrow | None = None

    def load(self) -> list[dict[str, Any]]:
        views = self.service.views()
        self.series = {int(v["id"]): self.service.series(int(v["id"]), hours=24) for v in views}
        self._loaded_at = self.ctx.now()
        return views

    def row(self, view: dict[str, Any], now: arrow.Arrow) -> Row:
        value, at = latest_parts(view, self.ctx.tz, now)
        name = str(view.get("name", ""))
        state = state_text(view.get("state"), short=True)
        cells = (cell(name, "bold"), cell(kind_label(view.get("kind"))), value, at, state,
                 margin_text(view), trend_text(view.get("trend")),
                 sparkline(self.series.get(int(view["id"]), []), view, now))
        return Row(key=str(view["id"]), cells=cells,
                   search=" ".join([name, kind_label(view.get("kind")), state.plain,
                                    trend_words(view.get("trend"))]),
                   kind=str(view.get("state") or ""))

    def tick(self, now: arrow.Arrow) -> None:
        if self._loaded_at is not None and (now - self._loaded_at).total_seconds() >= WINDOW_MOVE:
            self.refresh_data(None)

    def filter_kinds(self) -> list[tuple[str, str]]:
        codes = ("normal", "above_flood_limit", "above_warning", "above_guarantee",
                 "above_1h", "above_3h", "above_24h")
        return [(t(f"enum.station_state.{code}"), code) for code in codes]

    def title_extra(self) -> str:
        above = sum(1 for v in self.records if (v.get("state") or "normal") != "normal")
        return t("water.pane.above", n=above) if above else ""

    def open_selected(self) -> None:
        station_id = self.selected_id()
        if station_id is None:
            super().open_selected()
            return
        self.post_message(OpenRecord("station", station_id))
