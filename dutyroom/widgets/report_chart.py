"""Incoming reports per hour over the last 24 h, stacked by severity.

Drawn with text: each severity has its own glyph (█ Ⅰ, ▓ Ⅱ, ▒ Ⅲ, ░ Ⅳ, · unknown),
so the chart reads without colour (NO_COLOR, 16-colour terminals, printouts).
"""

from __future__ import annotations

from typing import Any, Sequence

import arrow
from rich.text import Text
from textual.widgets import Static

from dutyroom.i18n import t
from dutyroom.model.report import IncomingReport, Severity
from dutyroom.services.dashboard import SEVERITY_ORDER, HourlyReports, reports_per_hour
from dutyroom.store.store import Change
from dutyroom.widgets.format import SEVERITY_STYLE
from dutyroom.widgets.pane import Pane

CHART_LABELS = {Severity.I: "chart.sev.I", Severity.II: "chart.sev.II", Severity.III: "chart.sev.III",
                Severity.IV: "chart.sev.IV", Severity.UNKNOWN: "chart.sev.unknown"}
GLYPH = {Severity.I: "█", Severity.II: "▓", Severity.III: "▒", Severity.IV: "░",
         Severity.UNKNOWN: "·"}


def render_chart(data: HourlyReports, tz: str, height: int, column_width: int = 2) -> Text:
    """``height`` rows of bars (oldest hour left) plus an hour axis and a legend."""
    peak = max((data.total(i) for i in range(data.hours)), default=0)
    scale = max(1, -(-peak // height)) if peak else 1
    text = Text(no_wrap=True)
    for level in range(height, 0, -1):
        label = f"{level * scale:>3}│" if level in (height, 1) or level == height // 2 + 1 else "   │"
        text.append(label, style="dim")
        for i in range(data.hours):
            stack: list[Severity] = []
            for severity in SEVERITY_ORDER[::-1]:  # least grave at the bottom
                stack.extend([severity] * data.counts[i].get(severity, 0))
            cells = -(-len(stack) // scale) if stack else 0
            if cells >= level:
                severity = max(stack[(level - 1) * scale:level * scale] or stack,
                               key=lambda s: s.rank)
                glyph = GLYPH[severity] * (column_width - 1) + " " if column_width > 1 else GLYPH[severity]
                text.append(glyph,
                            style=SEVERITY_STYLE.get(severity.value, ""))
            else:
                text.append(" " * column_width)
        text.append("\n")
    text.append("   └" + "─" * (data.hours * column_width) + "\n", style="dim")
    axis = [" "] * (data.hours * column_width)
    for i in range(0, data.hours, 6):
        hour = data.start.shift(hours=i).to(tz).format("HH")
        for j, ch in enumerate(hour):
            if i * column_width + j < len(axis):
                axis[i * column_width + j] = ch
    text.append("    " + "".join(axis) + "\n", style="dim")
    text.append("    ")
    for severity in SEVERITY_ORDER:
        text.append(GLYPH[severity], style=SEVERITY_STYLE.get(severity.value, ""))
        text.append(f" {t(CHART_LABELS[severity])}  ")
    return text


class ReportChart(Pane):
    """A pane with the chart; reloads when reports change, re-bins each hour."""

    TITLE_KEY = "pane.chart"
    KINDS = frozenset({"report"})
    can_focus = True

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.data: HourlyReports | None = None
        self._hour: arrow.Arrow | None = None

    def compose(self):
        yield Static(id="chart-body", markup=False)

    def refresh_data(self, changes: Sequence[Change] | None = None) -> None:
        if not self.wants(changes):
            return
        self.data = reports_per_hour(self.ctx)
        self._hour = self.ctx.now().floor("hour")
        self.redraw()

    def tick(self, now: arrow.Arrow) -> None:
        if self._hour is not None and now.floor("hour") != self._hour:
            self.refresh_data(None)

    def apply_changes(self, message: Any) -> bool:
        """A report received (or, in a replay, stepped back over) moves its hour's count by
        one; anything else about reports (a correction of the severity) reloads."""
        touched = [(rid, op) for change in message.changes for kind, rid, op in change.records
                   if kind == "report"]
        if not touched:
            return True
        data, now = self.data, self.ctx.now()
        if data is None or self._hour != now.floor("hour"):
            return False
        moves = []
        for rid, op in touched:
            record, by = message.records.get(("report", rid)), 1
            if record is None:
                record, by = message.undone.get(("report", rid)), -1
            if op != "create" or record is None:
                return False
            try:
                report = IncomingReport.from_dict(record)
            except (KeyError, ValueError, TypeError):
                return False
            if report.received_at > now:
                return False
            moves.append((int((report.received_at - data.start).total_seconds() // 3600), report.severity, by))
        for index, severity, by in moves:
            if 0 <= index < data.hours:
                bucket = data.counts[index]
                bucket[severity] = bucket.get(severity, 0) + by
        self.redraw()
        return True

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        if self.data is None:
            return
        height = max(1, self.content_size.height - 3) if self.content_size.height else 4
        width = max(1, (self.content_size.width - 4) // 24) if self.content_size.width else 2
        total = sum(self.data.total(i) for i in range(self.data.hours))
        self.border_title = f"{self.title} ({t('dashboard.count', n=total)})"
        self.query_one("#chart-body", Static).update(
            render_chart(self.data, self.ctx.tz, height, max(1, width)))
