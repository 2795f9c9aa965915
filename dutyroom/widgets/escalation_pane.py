"""The "Pending escalations" pane: what stalled, how long until (or since) it breaches, who must act.

Rows are the open escalations by urgency (``escalation_view.by_urgency``): active
before acknowledged or snoozed, then level, then the newest breach; acknowledged and
snoozed rows are dimmed. The pane also runs the escalation engine once a second
(``drive_engine``; idempotent and cheap, and safe with several sessions running it).
A new escalation at level 2 or above (or one that climbs to 2 or above) marks the
pane until the officer looks at it (the bell and the banner are the app's:
:mod:`dutyroom.alerting`). ``enter`` asks for the escalation itself (``OpenEscalation``),
``a`` acknowledges it with a note (reminders stop; the clock goes on), ``z`` snoozes
it with a reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

import arrow
from rich.text import Text
from textual.message import Message

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.messages import OpenRecord
from dutyroom.model.errors import DomainError
from dutyroom.model.escalation import Escalation, EscalationReason, EscalationState
from dutyroom.services.context import Context
from dutyroom.services.escalation import EscalationRules, EscalationService, escalation_title, touches_rules
from dutyroom.services.escalation_view import by_urgency, reason_label, subject_label
from dutyroom.widgets.format import countdown
from dutyroom.widgets.pane import Row, TablePane, cell


SETTLED_STYLE = "dim italic"
"""Acknowledged and snoozed rows: still there, visibly in hand."""


class EscalationPane(TablePane):
    TITLE_KEY = "pane.escalations"
    KINDS = frozenset({"escalation"})
    LIVE = True
    BINDINGS = bindings("escalation")
    COLUMNS: ClassVar[list[tuple[str, str]]] = [
        ("due", "column.countdown"), ("level", "column.level"), ("state", "column.status"),
        ("subject", "column.subject"), ("reason", "column.reason")]
    """The status comes before the subject: at 80 columns it must still show."""
    DROP_ORDER = ("reason",)
    """Narrow (the side column): the reason goes (the escalation screen and the banner say
    it); the subject keeps the room left."""
    FLEX = {"subject": 12}
    LIVE_COLUMNS = ("due",)

    class OpenEscalation(Message):
        """The officer asked to see an escalation (Enter): the screen shows it."""

        def __init__(self, escalation: Escalation) -> None:
            super().__init__()
            self.escalation = escalation

    class Raised(Message):
        """New or climbed escalations at level 2 or above appeared."""

        def __init__(self, escalations: list[Escalation]) -> None:
            super().__init__()
            self.escalations = escalations

    def __init__(self, ctx: Context, *, drive_engine: bool = True, **kwargs: Any) -> None:
        kwargs["classes"] = ("escalation-pane " + kwargs.get("classes", "")).strip()
        super().__init__(ctx, **kwargs)
        translate_bindings(self)
        self.settings_error: DomainError | None = None
        try:
            self.service = EscalationService(ctx)
        except DomainError as error:  # a bad [escalation] section must not keep the room dark
            self.settings_error = error
            self.service = EscalationService(ctx, rules=EscalationRules())
        self.drive_engine = drive_engine and not getattr(ctx.store, "read_only", False)
        """A replay's store is read-only: the escalations are shown as they were raised then."""
        self._seen: dict[int, int] | None = None
        self._last_error = ""
        self.alerts = 0
        """How many times the pane raised the alarm."""

    def on_mount(self) -> None:  # TablePane.on_mount runs too (Textual calls each class's handler)
        if self.settings_error is not None:
            self.app.notify(t("escalation.pane.bad_settings", problem=explain(self.settings_error)),
                            severity="error", timeout=20, markup=False)

    # -- the pane
    def apply_changes(self, message: Any) -> bool:
        """Commits that wrote nothing the rules watch (most duty-log entries) need neither a
        reload nor a new evaluation of the engine at season scale (~100 ms each)."""
        records = [(kind, rid) for change in message.changes for kind, rid, _op in change.records]
        if any(touches_rules(kind, message.records.get((kind, rid))) for kind, rid in records):
            return False
        self.service.unchanged_through(message.start, message.end)
        return True

    def wants(self, changes: Any) -> bool:
        """Also a report changed under a shown deadline escalation: its reason reads which duty
        is late ("书面报告逾期"), and that follows the report's severity and reports upward."""
        if super().wants(changes):
            return True
        if not any(e.subject_kind == "report" for e in self.records):
            return False
        return any(kind == "report" for change in changes for kind, _id, _op in change.records)

    def load(self) -> list[Escalation]:
        records = by_urgency(self.service.open_escalations())
        self._notice(records)
        return records

    def row(self, esc: Escalation, now: arrow.Arrow) -> Row:
        due = self._due(esc, now)
        state = t(esc.state.label_key)
        if esc.state == EscalationState.SNOOZED and esc.snooze_until is not None:
            state += " → " + esc.snooze_until.to(self.ctx.tz).format("HH:mm")
        subject = subject_label(self.ctx.store, esc.subject_kind, esc.subject_id, escalation_title(esc))
        reason = reason_label(self.ctx, esc)
        settled = esc.state != EscalationState.ACTIVE
        look = SETTLED_STYLE if settled else ""
        level = Text(f"{'!' * min(esc.level, 3)} L{esc.level}",
                     style=look or ("bold red" if esc.level >= 3 else ("bold" if esc.level == 2 else "")),
                     no_wrap=True)
        return Row(str(esc.id), (due, level, cell(state, look or "bold"), cell(subject, look),
                                 cell(reason, look)),
                   search=f"{subject} {reason} {self.service.rules.level_name(esc.level)}",
                   kind=esc.reason.value, at=esc.due_at)

    def active_count(self) -> int:
        """Escalations nobody has acknowledged or snoozed (the tab strip shows this count)."""
        return sum(1 for esc in self.records if esc.state == EscalationState.ACTIVE)

    def live_cells(self, esc: Escalation, now: arrow.Arrow) -> tuple[Text, ...]:
        return (self._due(esc, now),)

    @staticmethod
    def _due(esc: Escalation, now: arrow.Arrow) -> Text:
        due = countdown((esc.due_at - now).total_seconds()) if esc.due_at else cell("-")
        if esc.state != EscalationState.ACTIVE:  # in hand: no red, but still counting
            due = Text(due.plain, style=SETTLED_STYLE, no_wrap=True)
        return due

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(r.label_key), r.value) for r in EscalationReason]

    def tick(self, now: arrow.Arrow) -> None:
        seen = getattr(self.app, "journal_offset", None)
        if seen is not None and seen != self.ctx.store.revision():
            # commits the app has not delivered yet: let ``apply_changes`` see them first (it
            # may spare the engine a whole evaluation); the engine runs on the next tick
            super().tick(now)
            return
        if self.drive_engine:
            try:
                acted = self.service.tick()
            except DomainError as error:  # say it once, not every second
                message = explain(error)
                if message != self._last_error:
                    self.app.notify(message, severity="error", timeout=20, markup=False)
                self._last_error = message
                acted = []
            else:
                self._last_error = ""
            if acted:
                self.refresh_data(None)
                return
        super().tick(now)

    def idle_subtitle(self) -> str:
        return t("escalation.pane.alert") if self.has_class("-alert") else ""

    # -- the alarm
    def _notice(self, records: list[Escalation]) -> None:
        levels = {e.id or 0: e.level for e in records}
        if self._seen is None:  # first load: mark, but do not ring for what was already there
            self._seen = levels
            if any(e.level >= 2 and e.state == EscalationState.ACTIVE for e in records):
                self.add_class("-alert")
            return
        fresh = [e for e in records if e.level >= 2 and e.state == EscalationState.ACTIVE
                 and levels[e.id or 0] > self._seen.get(e.id or 0, 0)]
        self._seen = levels
        if fresh:
            self.alerts += 1
            self.add_class("-alert")
            self.post_message(self.Raised(fresh))

    def on_descendant_focus(self, event: Any) -> None:
        if self.has_class("-alert"):
            self.remove_class("-alert")
            self.show_filter()

    # -- officers' actions
    def open_selected(self) -> None:
        esc = self.selected_record()
        if esc is None:
            super().open_selected()
            return
        self.post_message(self.OpenEscalation(esc))

    def action_acknowledge(self) -> None:
        self._note_form("acknowledge")

    def action_snooze(self) -> None:
        self._note_form("snooze")

    def _note_form(self, purpose: str) -> None:
        """Ask for the acknowledge or snooze form of the selected escalation."""
        esc = self.selected_record()
        if esc is None:
            self.app.notify(t("escalation.pane.nothing"), severity="warning", markup=False)
            return

        def done(result: Escalation | None) -> None:
            if result is not None and purpose == "acknowledge":
                self.remove_class("-alert")
                self.app.notify(t("escalation.acked", id=esc.id), markup=False)
            self.refresh_data(None)

        self.post_message(OpenRecord("escalation", esc.id or 0, purpose=purpose, done=done))
