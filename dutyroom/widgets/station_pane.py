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
from rich.cells import cell_len

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
    station screen has everything). At 80x24 (the pane alone) every column shows."""
    NAME_LEAST = 12
    """A name keeps at least this many cells (six Chinese characters: "清水河大桥" and
    "清水河下游" must not both read "清水河…") before columns go."""

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.service = Stations(ctx)
        self.series: dict[int, list[tuple[arrow.Arrow, float]]] = {}
        self._loaded_at: arrow.Arrow | None = None

    def load(self) -> list[dict[str, Any]]:
        """The views, and each station's last 24 h in one pass over the readings (``recent``):
        ``series`` station by station reads the day's partitions once per station."""
        now = self.ctx.now()
        views = self.service.views(now)
        start = now.shift(hours=-24)
        recent = self.service.recent(now, hours=24)
        self.series = {sid: [(r.at, r.value) for r in readings if r.at >= start]
                       for sid, readings in recent.items()}
        self._loaded_at = now
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

    def fit_columns(self) -> None:
        """Leave out columns in ``DROP_ORDER`` until the rest fit, then give the name the room
        left, cut with "…" if it needs more: the sparkline and its threshold mark at the right
        end must never be cut off. (TablePane's own fitting gives a free-text column at least
        its ``FLEX`` cells, and only when columns were left out: a long name then pushed the
        sparkline out of the pane.)"""
        self.fit_pending = False
        if not self.is_mounted:
            return
        width = self.table.size.width - 1  # the vertical scrollbar
        if width <= 0:
            return
        need = {key: cell_len(t(heading)) + 2 for key, heading in self.COLUMNS}
        for row in self._rows.values():
            for (key, _), value in zip(self.COLUMNS, row.cells):
                need[key] = max(need[key], cell_len(value.plain) + 2)
        shown = [key for key, _ in self.COLUMNS]
        least = min(need["name"], self.NAME_LEAST + 2)
        for key in self.DROP_ORDER:
            if sum(need[k] for k in shown if k != "name") + least <= width:
                break
            shown.remove(key)
        room = width - sum(need[k] for k in shown if k != "name")
        flex = {"name": max(2, room - 2)} if need["name"] > room else {}
        if shown != self.shown_columns or flex != self._flex_widths:
            self.shown_columns = shown
            self._flex_widths = flex
            self._rebuild()

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
