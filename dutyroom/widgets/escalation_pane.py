"""Pending escalations pane (simple version; the ``tickets``/``reports`` features replace it).

Overdue first, then by due time; a live countdown every second; ``a``
acknowledges the selected escalation (logged in the duty log, same commit).
"""

from __future__ import annotations

from typing import ClassVar

import arrow

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.escalation import Escalation, EscalationReason, EscalationState
from dutyroom.model.log_entry import LogKind, new_log_entry
from dutyroom.store.store import Create, Update
from dutyroom.widgets.format import countdown
from dutyroom.widgets.pane import Row, TablePane, cell


class EscalationPane(TablePane):
    PLACEHOLDER: ClassVar[bool] = True
    """The dashboard's simple version; the feature that owns this pane replaces the module."""
    TITLE_KEY = "pane.escalations"
    KINDS = frozenset({"escalation"})
    LIVE = True
    BINDINGS = bindings("escalation")
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("left", "column.countdown"), ("due", "column.due"), ("level", "column.level"),
        ("subject", "column.subject"), ("reason", "column.reason"), ("state", "column.status")]

    def __init__(self, ctx, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        translate_bindings(self)

    def load(self) -> list[Escalation]:
        items = []
        for data in self.ctx.store.open_records("escalation"):
            try:
                esc = Escalation.from_dict(data)
            except (KeyError, TypeError, ValueError):
                continue
            if esc.state in (EscalationState.ACTIVE, EscalationState.SNOOZED):
                items.append(esc)
        far = self.ctx.now().shift(years=10)
        return sorted(items, key=lambda e: (e.due_at or far, -e.level))

    def row(self, esc: Escalation, now: arrow.Arrow) -> Row:
        left = ((esc.due_at - now).total_seconds() if esc.due_at else 10 ** 9)
        subject = f"{t('kind.' + esc.subject_kind)} #{esc.subject_id}"
        due = self.ctx.local(esc.due_at).format("HH:mm") if esc.due_at else "-"
        return Row(str(esc.id), (countdown(left) if esc.due_at else cell("-"), cell(due),
                                 cell(t("escalation.level", n=esc.level)), cell(subject),
                                 cell(t(esc.reason.label_key)),
                                 cell(t(esc.state.label_key))),
                   kind=esc.reason.value, at=esc.due_at)

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(r.label_key), r.value) for r in EscalationReason]

    def action_acknowledge(self) -> None:
        esc = self.selected_record()
        if esc is None:
            self.app.notify(t("dashboard.nothing_selected"), severity="warning", markup=False)
            return
        ctx = self.ctx
        try:
            entry = new_log_entry(text=t("escalation.ack_log", id=esc.id, reason=t(esc.reason.label_key),
                                         subject=f"{esc.subject_kind} #{esc.subject_id}"),
                                  kind=LogKind.ACTION, at=ctx.now(), author=ctx.operator, system=True)
            ctx.store.commit([
                Update("escalation", esc.id or 0, {"state": EscalationState.ACKNOWLEDGED.value,
                                                   "open": False}, esc.version),
                Create("log", entry.payload())])
        except DomainError as error:
            self.app.notify(explain(error), severity="error", markup=False)
            return
        self.app.notify(t("escalation.acknowledged", id=esc.id), markup=False)
        refresh = getattr(self.app, "refresh_now", None)
        if refresh:
            refresh()
