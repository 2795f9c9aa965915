"""Open report chains with their next reporting deadline and a live countdown.

One row per open chain: severity in words and a symbol (never colour alone,
so it reads the same under ``NO_COLOR``), category, location, stage, the next
deadline and the time left; a missed deadline reads "⚠ 超时 mm:ss" and its
rows come first. The border subtitle counts overdue leader instructions.

Contract used by the dashboard: ``ReportPane(ctx, **kwargs)`` with
``refresh_data(changes=None)`` (reload; keeps the cursor), ``tick(now)`` (every
second: countdown cells updated in place), ``open_selected()`` (Enter: the
chain's :class:`~dutyroom.screens.report_detail.ReportDetail`) and
``selected_id()``. With ``live=True`` (stand-alone use) it runs its own
one-second timer and notices other processes' commits by the store revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import arrow
from rich.text import Text
from textual.containers import Vertical
from textual.widgets import DataTable

from dutyroom.i18n import t
from dutyroom.model.deadline import Deadline
from dutyroom.model.report import IncomingReport, Severity
from dutyroom.services import deadlines
from dutyroom.services.context import Context

SEVERITY_MARK = {"I": "‼", "II": "!!", "III": "!", "IV": "·", "unknown": "?"}
SEVERITY_STYLE = {"I": "bold red", "II": "bold dark_orange", "III": "yellow", "IV": "blue",
                  "unknown": "dim"}
COLUMNS = (("id", "#"), ("severity", "field.severity"), ("category", "field.category"),
           ("location", "field.location"), ("stage", "report.pane.stage"),
           ("deadline", "report.pane.deadline"), ("left", "report.pane.left"),
           ("flags", "report.pane.flags"))
KINDS = frozenset({"report", "instruction", "ticket"})


def severity_text(severity: Severity | str) -> Text:
    code = severity.value if isinstance(severity, Severity) else str(severity)
    return Text(f"{SEVERITY_MARK.get(code, '?')} {t(f'enum.severity.{code}')}",
                style=SEVERITY_STYLE.get(code, ""), no_wrap=True)


def _span(seconds: int) -> str:
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def countdown_text(seconds: int) -> Text:
    """Time left, or "⚠ 超时 05:12" (word and symbol, not just colour) once missed."""
    if seconds < 0:
        return Text(f"⚠ {t('report.pane.overdue')} {_span(seconds)}", style="bold reverse red",
                    no_wrap=True)
    if seconds <= 10 * 60:
        return Text(f"⏳ {_span(seconds)}", style="bold yellow", no_wrap=True)
    return Text(_span(seconds), no_wrap=True)


def plain(value: Any, style: str = "") -> Text:
    text = "" if value is None else " ".join(str(value).split())
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


@dataclass
class ChainRow:
    report: IncomingReport
    deadline: Deadline | None


class ReportPane(Vertical):
    """The open-reports pane (信息接报)."""

    DEFAULT_CLASSES = "pane report-pane"

    def __init__(self, ctx: Context, *, live: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.live = live
        self.rows: list[ChainRow] = []
        self._keys: list[str] = []
        self._left: dict[str, Text] = {}
        self._revision = -1

    @property
    def title(self) -> str:
        return t("report.pane.title")

    def compose(self):
        yield DataTable(cursor_type="row", zebra_stripes=True, id="report-table")

    @property
    def table(self) -> DataTable:
        return self.query_one("#report-table", DataTable)

    def on_mount(self) -> None:
        for key, heading in COLUMNS:
            self.table.add_column(Text(t(heading) if "." in heading else heading), key=key)
        self.refresh_data(None)
        if self.live:
            self.set_interval(1.0, self._own_tick)

    def _own_tick(self) -> None:
        if self.ctx.store.revision() != self._revision:
            self.refresh_data(None)
        self.tick(self.ctx.now())

    # ------------------------------------------------------------------ data
    def wants(self, changes: Sequence[Any] | None) -> bool:
        if changes is None:
            return True
        return any(kind in KINDS for change in changes for kind, _id, _op in change.records)

    def load(self) -> list[ChainRow]:
        table = deadlines.table(self.ctx.settings)
        from dutyroom.model.deadline import next_deadline

        rows = []
        for data in self.ctx.store.open_records("report"):
            report = IncomingReport.from_dict(data)
            rows.append(ChainRow(report, next_deadline(report, table)))
        far = arrow.get("9999-01-01")
        return sorted(rows, key=lambda r: (r.deadline.due_at if r.deadline else far,
                                           -r.report.severity.rank, r.report.id or 0))

    def cells(self, row: ChainRow, now: arrow.Arrow) -> tuple[Text, ...]:
        r, d = row.report, row.deadline
        flags = []
        if r.duplicate_of:
            flags.append("⚑" + t("report.pane.duplicate"))
        if r.ticket_id:
            flags.append(t("report.pane.ticket", id=r.ticket_id))
        if r.verification.value != "unverified":
            flags.append(t(r.verification.label_key))
        due = (f"{t(d.kind.label_key)} {self.ctx.local(d.due_at).format('HH:mm')}" if d else "—")
        left = countdown_text(d.seconds_left(now)) if d else plain("—")
        return (plain(r.id), severity_text(r.severity), plain(t(r.category.label_key)),
                plain(r.location), plain(t(r.chain_stage.label_key)), plain(due), left,
                plain(" ".join(flags)))

    def refresh_data(self, changes: Sequence[Any] | None = None) -> None:
        """Reload the open chains; the cursor stays on the same chain."""
        if not self.wants(changes):
            return
        self._revision = self.ctx.store.revision()
        self.rows = self.load()
        now = self.ctx.now()
        table = self.table
        selected = self.selected_key()
        table.clear()
        self._left = {}
        self._keys = []
        for row in self.rows:
            key = str(row.report.id)
            cells = self.cells(row, now)
            table.add_row(*cells, key=key)
            self._keys.append(key)
            self._left[key] = cells[6]
        if selected in self._keys:
            table.move_cursor(row=self._keys.index(selected), animate=False)
        self._update_titles(now)

    def tick(self, now: arrow.Arrow) -> None:
        """Every second: only the countdown cells that changed are redrawn."""
        for row in self.rows:
            if row.deadline is None:
                continue
            key = str(row.report.id)
            value = countdown_text(row.deadline.seconds_left(now))
            if self._left.get(key) != value:
                self.table.update_cell(key, "left", value)
                self._left[key] = value
        self._update_titles(now)

    def _update_titles(self, now: arrow.Arrow) -> None:
        missed = sum(1 for r in self.rows if r.deadline is not None and r.deadline.missed(now))
        title = t("report.pane.count", title=self.title, n=len(self.rows))
        if missed:
            title += " " + t("report.pane.missed", n=missed)
        self.border_title = title
        from dutyroom.services.instructions import Instructions

        late = [i for i in Instructions(self.ctx).open() if i.overdue(now)]
        self.border_subtitle = t("report.pane.instructions_overdue", n=len(late)) if late else ""

    def overdue_ids(self, now: arrow.Arrow) -> list[int]:
        return [r.report.id or 0 for r in self.rows if r.deadline and r.deadline.missed(now)]

    # ------------------------------------------------------------------ selection
    def selected_key(self) -> str | None:
        try:
            row = self.table.cursor_row
        except Exception:  # noqa: BLE001 - not mounted yet
            return None
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def selected_id(self) -> int | None:
        key = self.selected_key()
        return int(key) if key else None

    def open_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is None:
            self.app.notify(t("report.pane.nothing"), severity="warning")
            return
        from dutyroom.screens.report_detail import ReportDetail

        self.app.push_screen(ReportDetail(self.ctx, report_id), lambda _: self.refresh_data(None))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_selected()
