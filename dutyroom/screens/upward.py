"""Reports upward in pictures: reports per day by category, teams deployed per day.

A full screen over a chosen period of duty days (default the last 7, ending with
the current day). ``[``/``]`` move the period, ``-``/``+`` shorten or lengthen it,
``escape`` goes back. Both charts are drawn with textual-plotext; every bar also
has its number in the table under the charts, so the figures read without colour.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import t
from dutyroom.messages import DataChanged
from dutyroom.screens.printouts import write_printout
from dutyroom.services.context import Context
from dutyroom.services.upward_stats import DailySeries, daily_series
from dutyroom.widgets.deed_pane import DeedPane
from dutyroom.widgets.deployment_pane import DeploymentPane
from dutyroom.widgets.fit_footer import FitFooter

PERIODS = (3, 7, 14, 30, 62)
"""The period lengths ``-`` and ``+`` step through (duty days)."""


def _mark(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index)


def _integer_ticks(plt: Any, peak: int) -> None:
    """Whole-number ticks on the count axis (plotext would print 0.33, 0.67…)."""
    step = max(1, -(-peak // 5))
    plt.yticks(list(range(0, max(peak, 1) + step, step)))


class UpwardScreen(Screen[None]):
    BINDINGS = bindings("upward")
    ACTION_GROUP = "upward"

    def __init__(self, ctx: Context, *, days: int = 7, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.ctx = ctx
        self.days = days
        self.days_back = 0
        """Duty days back from the current one that the period ends on."""
        self.series: DailySeries | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="upward-period", markup=False)
        with Horizontal(id="upward-charts"):
            reports = PlotextPlot(id="upward-reports-chart", classes="upward-chart")
            reports.border_title = t("upward.screen.reports_chart")
            yield reports
            teams = PlotextPlot(id="upward-teams-chart", classes="upward-chart")
            teams.border_title = t("upward.screen.teams_chart")
            yield teams
        with Vertical(id="upward-lower"):
            yield DataTable(id="upward-table", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="upward-panes"):
                yield DeploymentPane(self.ctx, id="upward-deployments")
                yield DeedPane(self.ctx, id="upward-deeds")
        yield FitFooter()

    def on_mount(self) -> None:
        self.reload()

    def last_day(self) -> str:
        from dutyroom.services.bulletin import duty_day

        _, start, _ = duty_day(self.ctx)
        return start.shift(days=1 - self.days_back).to(self.ctx.tz).format("YYYY-MM-DD")

    def reload(self) -> None:
        self.series = daily_series(self.ctx, self.last_day(), self.days)
        self.draw()
        for pane in self.query(DeedPane):
            pane.set_period(self.series.starts[0], self.series.starts[-1].shift(days=1))

    def draw(self) -> None:
        s = self.series
        assert s is not None
        labels = [d[5:] for d in s.days]
        self.query_one("#upward-period", Static).update(Text(t(
            "upward.screen.period", start=s.days[0], end=s.days[-1], days=len(s.days)), style="bold"))
        reports = self.query_one("#upward-reports-chart", PlotextPlot)
        plt = reports.plt
        plt.clear_data()
        plt.clear_figure()
        totals = [sum(v[i] for v in s.reports.values()) for i in range(len(labels))]
        if s.reports:
            # plotext measures every character as one cell, so CJK legend text would break the
            # layout: the legend says A, B, C… and the table under the charts names them
            plt.stacked_bar(labels, list(s.reports.values()), labels=[_mark(i) for i in range(len(s.reports))])
        else:
            plt.bar(labels, totals)
        _integer_ticks(plt, max(totals, default=0))
        reports.refresh()
        teams = self.query_one("#upward-teams-chart", PlotextPlot)
        plt = teams.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar(labels, s.teams)
        _integer_ticks(plt, max(s.teams, default=0))
        teams.refresh()
        self._fill_table(s, totals)

    def _fill_table(self, s: DailySeries, totals: list[int]) -> None:
        table = self.query_one("#upward-table", DataTable)
        table.clear(columns=True)
        table.add_column(Text(t("upward.screen.day")), key="what")
        for day in s.days:
            table.add_column(Text(day[5:]), key=day)
        table.add_row(Text(t("upward.screen.teams_row"), style="bold"), *[Text(str(v)) for v in s.teams])
        table.add_row(Text(t("upward.screen.people_row")), *[Text(str(v)) for v in s.people])
        table.add_row(Text(t("upward.screen.reports_total"), style="bold"), *[Text(str(v)) for v in totals])
        for index, (category, values) in enumerate(s.reports.items()):
            table.add_row(Text(f"{_mark(index)} {self._category(category)}"), *[Text(str(v)) for v in values])

    @staticmethod
    def _category(code: str) -> str:
        key = f"enum.category.{code}"
        label = t(key)
        return code if label == key else label

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_deploy(self) -> None:
        from dutyroom.screens.upward_forms import DeployForm

        self.app.push_screen(DeployForm(self.ctx))

    def action_new_deed(self) -> None:
        """A deed form; on a selected team it starts from that deployment and that team."""
        from dutyroom.screens.upward_forms import DeedForm

        values: dict[str, Any] = {}
        pane = self.query_one(DeploymentPane)
        deployment = pane.selected_record() if pane.has_focus_within else None
        if deployment is not None:
            values = {"link_kind": "deployment", "link_id": deployment.id, "subject": "team",
                      "name": deployment.team}
        self.app.push_screen(DeedForm(self.ctx, values), lambda _deed: self.reload())

    def action_party_report(self) -> None:
        """As ``dutyroom party-report --format pdf``, for the period on the screen (editable)."""
        from dutyroom.screens.upward_forms import PartyReportForm

        values = {"start": self.series.days[0], "end": self.series.days[-1]} if self.series else {}

        def chosen(request: Any) -> None:
            if request is None:
                return
            from dutyroom.services.printout import render
            from dutyroom.services.upward_print import party_document

            start, figures = request
            name = f"party-report-{self.ctx.local(start).format('YYYYMMDD')}.pdf"
            write_printout(self, self.ctx, name, lambda: render(party_document(self.ctx, figures), "pdf"))

        self.app.push_screen(PartyReportForm(self.ctx, values), chosen)

    def action_bulletin(self) -> None:
        from dutyroom.screens.bulletin import BulletinScreen

        self.app.push_screen(BulletinScreen(self.ctx))

    def action_shift_period(self, step: int) -> None:
        self.days_back = max(0, self.days_back - step * self.days)
        self.reload()

    def action_resize_period(self, step: int) -> None:
        index = min(range(len(PERIODS)), key=lambda i: abs(PERIODS[i] - self.days))
        self.days = PERIODS[min(len(PERIODS) - 1, max(0, index + step))]
        self.reload()

    def on_data_changed(self, message: DataChanged) -> None:
        kinds = message.kinds()
        if self.series is not None and {"report", "deployment"} & set(kinds):
            self.reload()
        for pane in self.query(DeploymentPane):
            pane.refresh_data(message.changes)
        for deeds in self.query(DeedPane):
            deeds.refresh_data(message.changes)

    def tick(self, now: Any) -> None:
        for pane in self.query(DeploymentPane):  # none yet while the screen is being built
            pane.tick(now)
