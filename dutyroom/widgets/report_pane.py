"""Incoming reports pane (simple version; the ``reports`` feature replaces this module).

Contract kept by any replacement: ``ReportPane(ctx, **kwargs)`` deriving
:class:`dutyroom.widgets.pane.Pane`, with ``refresh_data``, ``tick`` and
``open_selected``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import arrow

from dutyroom.i18n import t
from dutyroom.model.report import Category, IncomingReport
from dutyroom.widgets.format import severity_text
from dutyroom.widgets.pane import Row, TablePane, cell


class ReportPane(TablePane):
    PLACEHOLDER: ClassVar[bool] = True
    """The dashboard's simple version; the feature that owns this pane replaces the module."""
    TITLE_KEY = "pane.reports"
    KINDS = frozenset({"report"})
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("id", "column.id"), ("severity", "field.severity"), ("received", "column.received"),
        ("stage", "column.stage"), ("category", "field.category"), ("location", "field.location")]

    def load(self) -> list[IncomingReport]:
        reports = []
        for data in self.ctx.store.open_records("report"):
            try:
                reports.append(IncomingReport.from_dict(data))
            except (KeyError, TypeError, ValueError):
                continue
        return sorted(reports, key=lambda r: (-r.severity.rank, r.received_at), reverse=False)

    def row(self, report: IncomingReport, now: arrow.Arrow) -> Row:
        received = report.received_at.to(self.ctx.tz).format("HH:mm")
        return Row(str(report.id), (cell(report.id), severity_text(report.severity), cell(received),
                                    cell(t(report.stage.label_key)),
                                    cell(t(report.category.label_key)), cell(report.location)),
                   search=" ".join([report.location, report.text, t(report.category.label_key)]),
                   kind=report.category.value, at=report.received_at)

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(c.label_key), c.value) for c in Category]

    def open_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            super().open_selected()
            return
        from dutyroom.screens.record_detail import RecordDetailScreen

        self.app.push_screen(RecordDetailScreen(self.ctx, "report", record.to_dict()))
