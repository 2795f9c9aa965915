"""Open report chains with their next reporting deadline and a live countdown.

One row per open chain: severity in words and a symbol (never colour alone,
so it reads the same under ``NO_COLOR``), category, location, stage, the next
deadline and the time left; a missed deadline reads "!! 逾期 05:12", is counted
in the border title, and its row sorts first (earliest due first). The border
subtitle counts overdue leader instructions. Until the escalation engine raises
"deadline missed", this pane is where an overdue report shows.

Contract used by the dashboard (see :class:`dutyroom.widgets.pane.TablePane`):
``ReportPane(ctx, **kwargs)`` with ``refresh_data(changes)``, ``tick(now)``
(every second; only changed cells are redrawn), ``open_selected()`` (Enter:
posts :class:`~dutyroom.messages.OpenRecord` for the chain; the app opens its detail).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import arrow
from rich.text import Text

from dutyroom.i18n import t
from dutyroom.messages import OpenRecord
from dutyroom.model.deadline import Deadline, next_deadline
from dutyroom.model.report import Category, IncomingReport
from dutyroom.services import deadlines
from dutyroom.services.instructions import Instructions
from dutyroom.widgets.format import countdown, severity_text
from dutyroom.widgets.pane import Row, TablePane, cell

__all__ = ["ChainRow", "ReportPane", "countdown_text", "severity_text"]


def countdown_text(seconds: int) -> Text:
    """Time left, or the overdue mark (word and symbol, not just colour) once missed."""
    return countdown(seconds)


_FAR = arrow.get("9999-01-01")


def _chain_order(row: "ChainRow") -> tuple[Any, ...]:
    """Earliest deadline first (none: last), then the graver severity, then the older chain."""
    return (row.deadline.due_at if row.deadline else _FAR, -row.report.severity.rank, row.report.id or 0)


@dataclass
class ChainRow:
    """An open chain (its first report) and its next reporting deadline."""

    report: IncomingReport
    deadline: Deadline | None

    @property
    def id(self) -> int | None:
        return self.report.id


class ReportPane(TablePane):
    TITLE_KEY = "pane.reports"
    KINDS = frozenset({"report", "instruction", "ticket"})
    LIVE = True
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("id", "column.id"), ("left", "report.pane.left"), ("severity", "field.severity"),
        ("category", "field.category"), ("location", "field.location"),
        ("deadline", "report.pane.deadline"), ("stage", "column.stage"),
        ("flags", "report.pane.flags")]
    """The countdown comes right after the id, so a narrow pane still shows it."""
    DROP_ORDER = ("flags", "stage", "deadline", "category")
    """Narrow (80 columns): the flags go first, then the stage, the deadline's name (the
    countdown stays), then the category; the location always shows."""
    SHORTEN = ("severity",)
    FLEX = {"location": 18}
    LIVE_COLUMNS = ("left",)

    def load(self) -> list[ChainRow]:
        table = deadlines.table(self.ctx.settings)
        rows = []
        for data in self.ctx.store.open_records("report"):
            try:
                report = IncomingReport.from_dict(data)
            except (KeyError, TypeError, ValueError):
                continue
            if not report.is_head:  # a chain is shown once, by its first report
                continue
            rows.append(ChainRow(report, next_deadline(report, table)))
        self._open_instructions = Instructions(self.ctx).open()
        return sorted(rows, key=_chain_order)

    def apply_changes(self, message: Any) -> bool:
        """A ticket alone changes no row (a chain shows its own ticket link); a chain received
        (or, in a replay, stepped back over) goes in or out in place; anything else reloads."""
        touched = [(kind, rid, op) for change in message.changes for kind, rid, op in change.records
                   if kind in ("report", "instruction")]
        if not touched:
            return True
        table = deadlines.table(self.ctx.settings)
        rows = list(self.records)
        for kind, rid, op in touched:
            data = message.records.get((kind, rid))
            gone = message.undone.get((kind, rid)) if data is None else None
            if kind != "report" or op != "create" or (data or gone) is None:
                return False
            try:
                report = IncomingReport.from_dict(data or gone or {})
            except (KeyError, TypeError, ValueError):
                return False
            if not report.is_head:  # a follow-up changes its chain's row: reload
                return False
            rows = [r for r in rows if r.report.id != rid]
            if data is not None and data.get("open"):
                rows.append(ChainRow(report, next_deadline(report, table)))
        self.records = sorted(rows, key=_chain_order)
        self._show(self.ctx.now())
        self.fit_pending = True
        self.call_after_refresh(self.fit_columns)
        return True

    def row(self, record: ChainRow, now: arrow.Arrow) -> Row:
        r, d = record.report, record.deadline
        flags = []
        if r.duplicate_of:
            flags.append(t("report.pane.duplicate"))
        if r.ticket_id:
            flags.append(t("report.pane.ticket", id=r.ticket_id))
        if r.verification.value != "unverified":
            flags.append(t(r.verification.label_key))
        due = f"{t(d.kind.label_key)} {self.ctx.local(d.due_at).format('HH:mm')}" if d else "—"
        left = self._left(record, now)
        return Row(str(r.id), (cell(r.id), left, severity_text(r.severity),
                               cell(t(r.category.label_key)), cell(r.location), cell(due),
                               cell(t(r.chain_stage.label_key)), cell(" ".join(flags))),
                   search=" ".join([r.location, r.text, t(r.category.label_key)]),
                   kind=r.category.value, at=r.received_at)

    def live_cells(self, record: ChainRow, now: arrow.Arrow) -> tuple[Text, ...]:
        return (self._left(record, now),)

    @staticmethod
    def _left(record: ChainRow, now: arrow.Arrow) -> Text:
        d = record.deadline
        return countdown_text(d.seconds_left(now)) if d else cell("—")

    def title_extra(self) -> str:
        missed = len(self.overdue_ids(self.ctx.now()))
        return f" {t('report.pane.missed', n=missed)}" if missed else ""

    def idle_subtitle(self) -> str:
        now = self.ctx.now()
        late = [i for i in getattr(self, "_open_instructions", []) if i.overdue(now)]
        return t("report.pane.instructions_overdue", n=len(late)) if late else ""

    def overdue_ids(self, now: arrow.Arrow) -> list[int]:
        return [r.report.id or 0 for r in self.records if r.deadline and r.deadline.missed(now)]

    @property
    def rows(self) -> list[ChainRow]:
        return self.records

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(c.label_key), c.value) for c in Category]

    def open_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is None:
            super().open_selected()
            return
        self.post_message(OpenRecord("report", report_id, done=lambda _: self.refresh_data(None)))
