"""One escalation: what stalled (its subject by name), why, at what level, since when.

Enter on the escalations pane and the alert banner's open key come here. ``a``
acknowledges with a note and ``z`` snoozes with a reason (the forms of
:mod:`dutyroom.screens.ticket_form`, which call ``EscalationService.acknowledge`` /
``snooze``); ``o`` opens the record behind it (the report or the ticket). The
screen follows other sessions' commits once a second.
"""

from __future__ import annotations

from typing import Any

import arrow
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.escalation import Escalation, EscalationState
from dutyroom.services.context import Context
from dutyroom.services.escalation import escalation_title
from dutyroom.services.escalation import EscalationService, format_countdown, rules_for
from dutyroom.services.escalation_view import reason_label, severity_label, subject_label
from dutyroom.widgets.fit_footer import FitFooter
from dutyroom.widgets.pane import literal


class EscalationScreen(ModalScreen[None]):
    BINDINGS = bindings("escalation_screen")
    ACTION_GROUP = "escalation_screen"

    def __init__(self, ctx: Context, escalation_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.escalation_id = escalation_id
        self.service = EscalationService(ctx, rules=rules_for(ctx, strict=False))
        self.escalation: Escalation = self.service.get(escalation_id)
        self._revision = -1

    def compose(self) -> ComposeResult:
        with Vertical(id="escalation-detail"):
            with VerticalScroll():
                yield Static("", id="escalation-summary", markup=False)
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#escalation-detail").border_title = t("escalation.screen.title",
                                                              id=self.escalation_id)
        self.reload()
        self.set_interval(1.0, self._follow)
        opened = getattr(self.app, "alert_opened", None)
        if opened is not None:  # looking at it is what the banner asked for
            opened("escalation", self.escalation_id)

    def _follow(self) -> None:
        if self.ctx.store.revision() != self._revision:
            self.reload()
        else:
            self._show(self.ctx.now())

    def reload(self) -> None:
        self._revision = self.ctx.store.revision()
        try:
            self.escalation = self.service.get(self.escalation_id)
        except DomainError:
            return
        self._show(self.ctx.now())

    def _show(self, now: arrow.Arrow) -> None:
        self.query_one("#escalation-summary", Static).update(self.summary(now))

    def summary(self, now: arrow.Arrow) -> Text:
        esc = self.escalation
        text = Text()
        text.append(literal(subject_label(self.ctx.store, esc.subject_kind, esc.subject_id, escalation_title(esc)),
                            one_line=True), style="bold")
        severity = severity_label(self.ctx.store, esc.subject_kind, esc.subject_id)
        if severity:
            text.append(f"  {severity}")
        text.append("\n")
        self._line(text, "column.reason", reason_label(self.ctx, esc))
        self._line(text, "column.level", f"L{esc.level} {self.service.rules.level_name(esc.level)}")
        state = t(esc.state.label_key)
        if esc.state == EscalationState.SNOOZED and esc.snooze_until is not None:
            state += " → " + self._time(esc.snooze_until)
        self._line(text, "column.status", state)
        if esc.due_at is not None:
            self._line(text, "column.due", f"{self._time(esc.due_at)}  ({format_countdown(esc.due_at, now)})")
        for key, when in (("escalation.screen.breach", esc.breach_at),
                          ("escalation.screen.raised", esc.raised_at),
                          ("escalation.screen.notified", esc.notified_at)):
            if when is not None:
                self._line(text, key, self._time(when))
        if esc.notify_count:
            self._line(text, "escalation.screen.count", str(esc.notify_count))
        if esc.acked_at is not None:
            self._line(text, "escalation.screen.acked",
                       f"{self._time(esc.acked_at)} {literal(esc.acked_by, one_line=True)} "
                       f"(L{esc.acked_level}): {literal(esc.ack_note, one_line=True)}")
        if esc.snooze_reason:
            self._line(text, "escalation.screen.snoozed", literal(esc.snooze_reason, one_line=True))
        return text

    @staticmethod
    def _line(text: Text, label_key: str, value: str) -> None:
        text.append(f"{t(label_key)}: ", style="bold")
        text.append(value + "\n")

    def _time(self, when: arrow.Arrow) -> str:
        local = when.to(self.ctx.tz)
        today = local.date() == self.ctx.local(self.ctx.now()).date()
        return local.format("HH:mm" if today else "MM-DD HH:mm")

    # -- keys
    def action_acknowledge(self) -> None:
        self._note_form("AcknowledgeForm")

    def action_snooze(self) -> None:
        self._note_form("SnoozeForm")

    def _note_form(self, name: str) -> None:
        if not self.escalation.open:
            self.app.notify(t("escalation.screen.closed"), severity="warning", markup=False)
            return
        from dutyroom.screens import ticket_form

        try:
            form = getattr(ticket_form, name)(self.ctx, escalation_id=self.escalation_id)
        except DomainError as error:
            self.app.notify(explain(error), severity="error", markup=False)
            return
        self.app.push_screen(form, self._after_form)

    def _after_form(self, result: Any) -> None:
        self.reload()
        refresh = getattr(self.app, "refresh_now", None)
        if refresh is not None:
            refresh()

    def action_open_subject(self) -> None:
        esc = self.escalation
        opener = getattr(self.app, "open_record", None)
        if opener is None or not opener(esc.subject_kind, esc.subject_id):
            self.app.notify(t("escalation.pane.nothing_behind", kind=t("kind." + esc.subject_kind),
                              id=esc.subject_id), severity="warning", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
