"""One station (``enter`` on the Water & rain pane): thresholds, state, chart and readings.

The summary names the station, its kind and key point, its thresholds, the state in
words, the margin and the trend. The chart (textual-plotext) draws the last 24 h of
readings with each threshold as a line; plotext counts every character as one cell,
so the lines carry letters (F flood limit, W warning, G guarantee; 1h the one-hour rain)
that the summary spells out in the officer's language. The readings list (the last week)
is newest first. ``w`` records a reading for this station, ``escape`` goes back. The
screen follows other sessions' commits.
"""

from __future__ import annotations

from typing import Any

import arrow
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import t
from dutyroom.messages import DataChanged
from dutyroom.services.context import Context
from dutyroom.services.stations import Stations
from dutyroom.widgets.fit_footer import FitFooter
from dutyroom.widgets.pane import literal
from dutyroom.widgets.station_format import (LEVEL_THRESHOLDS, RAIN, kind_label, margin_text, number,
                                             reading_value, state_text, trend_words)

LINE_MARK = {"flood_limit": "F", "warning_level": "W", "guarantee_level": "G", "rain_1h": "1h"}
LINE_COLOR = {"flood_limit": "yellow", "warning_level": "red", "guarantee_level": "magenta",
              "rain_1h": "red"}
CHART_HOURS = 24
READING_DAYS = 7
"""The list shows the last week (the whole season is ``dutyroom reading list STATION``):
reading every day of a season's partitions took a second per reload at 30 hourly stations."""
READINGS_SHOWN = 200


class StationScreen(Screen[None]):
    BINDINGS = bindings("station")
    ACTION_GROUP = "station"

    def __init__(self, ctx: Context, station_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.ctx = ctx
        self.service = Stations(ctx)
        self.station = self.service.require(station_id)
        self.station_id = int(self.station.id)
        self.view: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="station-detail"):
            yield Static("", id="station-summary", markup=False)
            chart = PlotextPlot(id="station-chart")
            chart.border_title = t("water.screen.chart", hours=CHART_HOURS)
            yield chart
            table: DataTable[Any] = DataTable(id="station-readings", cursor_type="row",
                                              zebra_stripes=True)
            table.border_title = t("water.screen.readings", days=READING_DAYS)
            yield table
        yield FitFooter()

    def on_mount(self) -> None:
        table = self.query_one("#station-readings", DataTable)
        for key in ("at", "value", "source", "by", "note"):
            table.add_column(Text(t(f"water.screen.column.{key}")), key=key)
        self.reload()
        table.focus()

    def reload(self) -> None:
        views = {int(v["id"]): v for v in self.service.views()}
        self.view = views.get(self.station_id, {})
        now = self.ctx.now()
        self._summary(now)
        self._chart(now)
        self._readings()

    # -- parts
    def _thresholds(self) -> list[tuple[str, float]]:
        names = ("rain_1h", "rain_3h", "rain_24h") if self.view.get("kind") == RAIN else LEVEL_THRESHOLDS
        return [(name, float(self.view[name])) for name in names if self.view.get(name) is not None]

    def _summary(self, now: arrow.Arrow) -> None:
        v = self.view
        kind = str(v.get("kind", ""))
        text = Text()
        self.query_one("#station-detail").border_title = Text(t(  # a Text: never read as markup
            "water.screen.title", name=literal(v.get("name", self.station.name), one_line=True)))
        text.append(literal(v.get("name", self.station.name), one_line=True), style="bold")
        text.append(f"  {kind_label(kind)}")
        if v.get("keypoint_id"):
            text.append(f"  {t('kind.keypoint')} K{v['keypoint_id']}")
        text.append("  ")
        text.append_text(state_text(v.get("state") or "unknown"))
        text.append("\n")
        latest = v.get("latest")
        if latest:
            at = self.ctx.local(latest["at"]).format("MM-DD HH:mm")
            text.append(t("water.screen.latest", value=reading_value(latest.get("value"), kind),
                          at=at) + "  ")
        else:
            text.append(t("water.screen.no_reading") + "  ")
        text.append(t("water.screen.margin") + " ")
        text.append_text(margin_text(v))
        text.append("  " + t("water.screen.trend", trend=trend_words(v.get("trend"))) + "\n")
        parts = [(f"{LINE_MARK[name]} " if kind != RAIN else "")  # rain's one line reads "1h" itself
                 + f"{t(f'water.threshold.{name}')} {reading_value(value, kind)}"
                 for name, value in self._thresholds()]
        text.append(t("water.screen.thresholds") + " " + ("  ".join(parts) if parts else t("water.screen.none")),
                    style="dim" if not parts else "")
        self.query_one("#station-summary", Static).update(text)

    def _chart(self, now: arrow.Arrow) -> None:
        plot = self.query_one("#station-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        series = self.service.series(self.station_id, hours=CHART_HOURS)
        xs = [round((at - now).total_seconds() / 3600, 3) for at, _ in series]
        ys = [value for _, value in series]
        rain = self.view.get("kind") == RAIN
        if xs:
            if rain:
                plt.bar(xs, ys, width=0.05)
            else:
                plt.plot(xs, ys, marker="braille")
        lines = [(name, value) for name, value in self._thresholds() if not rain or name == "rain_1h"]
        for name, value in lines:  # rain: the bars are single readings; only the hourly amount compares
            plt.hline(value, LINE_COLOR.get(name, "red"))
            plt.text(LINE_MARK.get(name, "?"), x=-CHART_HOURS + 0.3, y=value)
        ticks = sorted({value for _, value in lines} | ({min(ys), max(ys)} if ys else set())
                       | ({0.0} if rain else set()))
        if ticks:  # the axis names the thresholds' own values, on the rows their lines are drawn
            plt.yticks(ticks, [number(v, 1 if rain else 2) for v in ticks])
        plt.xlim(-CHART_HOURS, 0)
        ticks = list(range(-CHART_HOURS, 1, 6))
        plt.xticks(ticks, [now.shift(hours=h).to(self.ctx.tz).format("HH:mm") for h in ticks])
        plot.refresh()

    def _readings(self) -> None:
        table = self.query_one("#station-readings", DataTable)
        since = self.ctx.now().shift(days=-READING_DAYS)
        readings = self.service.readings(self.station_id, since)
        readings = sorted(readings, key=lambda r: (r.at, r.id or 0), reverse=True)[:READINGS_SHOWN]
        kind = str(self.view.get("kind", ""))
        cursor = table.cursor_row
        table.clear()
        for reading in readings:
            table.add_row(Text(self.ctx.local(reading.at).format("MM-DD HH:mm")),
                          Text(reading_value(reading.value, kind)),
                          Text(t(reading.source.label_key)),
                          Text(literal(reading.created_by, one_line=True)),
                          Text(literal(reading.force_reason, one_line=True)), key=str(reading.id))
        if 0 <= cursor < table.row_count:
            table.move_cursor(row=cursor, animate=False)
        table.border_subtitle = t("dashboard.count", n=len(readings))

    # -- live
    def on_data_changed(self, message: DataChanged) -> None:
        if message.restarted or {"station", "reading"} & message.kinds():
            self.reload()

    def tick(self, now: arrow.Arrow) -> None:
        """Nothing counts down here; the chart moves with new readings."""

    # -- actions
    def action_close(self) -> None:
        self.app.pop_screen()

    def action_record(self) -> None:
        from dutyroom.screens.reading_form import ReadingForm

        self.app.push_screen(ReadingForm(self.ctx, {"station": self.station.name}))
