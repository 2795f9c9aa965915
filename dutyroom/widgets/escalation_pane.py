"""The "Pending escalations" pane: what stalled, how long until (or since) it breaches, who must act.

Rows are the open escalations sorted by time to breach (overdue first), then
level; the countdown runs every second. A new escalation at level 2 or above
(or one that climbs to 2 or above) rings the terminal bell — ``bell = false``
in ``[escalation]`` switches it off — and marks the pane until the officer
looks at it. ``enter`` opens the item behind the row, ``a`` acknowledges it
with a note (reminders stop; the clock goes on), ``z`` snoozes it with a
reason. The pane updates in place: the cursor stays on the same escalation.
"""

from __future__ import annotations

from typing import Any, Sequence

import arrow
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.escalation import Escalation, EscalationReason, EscalationState
from dutyroom.screens.ticket_form import translate_bindings
from dutyroom.services.context import Context
from dutyroom.services.escalation import EscalationRules, EscalationService, format_countdown

COLUMNS = ("due", "level", "reason", "subject", "state")


class EscalationPane(Vertical):
    """Pending escalations; ``drive_engine`` makes the pane tick the engine itself."""

    BINDINGS = [Binding("a", "acknowledge", "escalation.key.ack"),
                Binding("z", "snooze", "escalation.key.snooze")]
    DEFAULT_CLASSES = "pane escalation-pane"

    class OpenItem(Message):
        """The officer wants the record behind an escalation that this pane cannot open itself."""

        def __init__(self, escalation: Escalation) -> None:
            super().__init__()
            self.escalation = escalation
            self.subject_kind = escalation.subject_kind
            self.subject_id = escalation.subject_id

    class Raised(Message):
        """New or climbed escalations at level 2 or above appeared (the bell rang)."""

        def __init__(self, escalations: list[Escalation]) -> None:
            super().__init__()
            self.escalations = escalations

    def __init__(self, ctx: Context, *, drive_engine: bool = False, bell: bool | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.ctx = ctx
        self.settings_error: DomainError | None = None
        try:
            self.service = EscalationService(ctx)
        except DomainError as error:  # a bad [escalation] section must not keep the room dark
            self.settings_error = error
            self.service = EscalationService(ctx, rules=EscalationRules())
        self.drive_engine = drive_engine
        self.bell_enabled = self.service.rules.bell if bell is None else bell
        self.records: list[Escalation] = []
        self._keys: list[str] = []
        self._seen: dict[int, int] | None = None
        self._revision = -1
        self.alerts = 0
        """How many times the pane raised the alarm (tests and the help screen read it)."""

    @property
    def title(self) -> str:
        return t("escalation.pane.title")

    def compose(self):
        yield DataTable(id="escalation-table", cursor_type="row", zebra_stripes=True)

    @property
    def table(self) -> DataTable:
        return self.query_one("#escalation-table", DataTable)

    def on_mount(self) -> None:
        for key in COLUMNS:
            self.table.add_column(Text(t(f"escalation.column.{key}")), key=key)
        self.refresh_data(None)
        self.set_interval(1.0, self._second)
        if self.settings_error is not None:
            self.app.notify(t("escalation.pane.bad_settings", problem=explain(self.settings_error)),
                            severity="error", timeout=20)

    def _second(self) -> None:
        self.tick(self.ctx.now())

    # -- the dashboard's pane interface
    def tick(self, now: arrow.Arrow) -> None:
        if self.drive_engine:
            try:
                self.service.tick()
            except DomainError as error:
                self.app.notify(explain(error), severity="error")
        if self.ctx.store.revision() != self._revision:
            self.refresh_data(None)
        else:
            self._show(now)

    def refresh_data(self, changes: Sequence[Any] | None = None) -> None:
        self._revision = self.ctx.store.revision()
        self.records = self.service.active()
        self._notice(self.records)
        self._show(self.ctx.now())

    def open_selected(self) -> None:
        esc = self.selected_record()
        if esc is None:
            return
        if esc.subject_kind == "ticket" and self.ctx.store.get("ticket", esc.subject_id):
            from dutyroom.screens.ticket_detail import TicketDetail

            self.app.push_screen(TicketDetail(self.ctx, esc.subject_id))
            return
        self.post_message(self.OpenItem(esc))

    def selected_record(self) -> Escalation | None:
        row = self.table.cursor_row
        if 0 <= row < len(self._keys):
            key = self._keys[row]
            return next((e for e in self.records if str(e.id) == key), None)
        return None

    def selected_id(self) -> int | None:
        esc = self.selected_record()
        return esc.id if esc else None

    def filter_kinds(self) -> list[tuple[str, str]]:
        return [(t(r.label_key), r.value) for r in EscalationReason]

    def focus_target(self):
        return self.table

    # -- alarm
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
            if self.bell_enabled:
                self.app.bell()
            self.post_message(self.Raised(fresh))

    def on_descendant_focus(self, event: Any) -> None:
        self.remove_class("-alert")

    # -- rows
    def _cells(self, esc: Escalation, now: arrow.Arrow) -> tuple[Text, ...]:
        overdue = esc.due_at is not None and esc.due_at <= now
        urgent = "bold red" if overdue else ("bold yellow" if esc.level >= 2 else "")
        state = t(esc.state.label_key)
        if esc.state == EscalationState.SNOOZED and esc.snooze_until is not None:
            state += " " + esc.snooze_until.to(self.ctx.tz).format("HH:mm")
        subject = esc.title or f"{t('kind.' + esc.subject_kind)} #{esc.subject_id}"
        return (Text(format_countdown(esc.due_at, now), style=urgent, no_wrap=True),
                Text(f"L{esc.level} {self.service.rules.level_name(esc.level)}",
                     style="bold" if esc.level >= 2 else "", no_wrap=True),
                Text(t(esc.reason.label_key), no_wrap=True),
                Text(" ".join(subject.split()), no_wrap=True, overflow="ellipsis"),
                Text(state, no_wrap=True))

    def _show(self, now: arrow.Arrow) -> None:
        table = self.table
        keys = [str(e.id) for e in self.records]
        rows = [self._cells(e, now) for e in self.records]
        if keys == self._keys:
            for key, cells in zip(keys, rows):
                for column, value in zip(COLUMNS, cells):
                    table.update_cell(key, column, value)
        else:
            selected = self._keys[table.cursor_row] if 0 <= table.cursor_row < len(self._keys) else None
            table.clear()
            for key, cells in zip(keys, rows):
                table.add_row(*cells, key=key)
            self._keys = keys
            if selected in keys:
                table.move_cursor(row=keys.index(selected), animate=False)
        count = len(self.records)
        self.border_title = f"{self.title} ({count})"
        self.border_subtitle = t("escalation.pane.alert") if self.has_class("-alert") else ""

    # -- officers' actions
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_selected()

    def action_acknowledge(self) -> None:
        esc = self.selected_record()
        if esc is None:
            self.app.notify(t("escalation.pane.nothing"), severity="warning")
            return
        from dutyroom.screens.ticket_detail import NoteDialog

        title = t("escalation.pane.ack_title", id=esc.id, reason=t(esc.reason.label_key))

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            try:
                self.service.acknowledge(esc.id or 0, values["note"])
            except DomainError as error:
                self.app.notify(explain(error), severity="error", timeout=8)
            else:
                self.remove_class("-alert")
                self.app.notify(t("escalation.acked", id=esc.id))
            self.refresh_data(None)

        self.app.push_screen(NoteDialog(title, label=t("escalation.pane.ack_note")), done)

    def action_snooze(self) -> None:
        esc = self.selected_record()
        if esc is None:
            self.app.notify(t("escalation.pane.nothing"), severity="warning")
            return
        from dutyroom.screens.ticket_detail import NoteDialog

        minutes = min(30, self.service.rules.snooze_max_minutes)
        title = t("escalation.pane.snooze_title", id=esc.id, minutes=minutes)

        def done(values: dict[str, Any] | None) -> None:
            if not values:
                return
            try:
                self.service.snooze(esc.id or 0, minutes, values["note"])
            except DomainError as error:
                self.app.notify(explain(error), severity="error", timeout=8)
            self.refresh_data(None)

        self.app.push_screen(NoteDialog(title, label=t("escalation.pane.snooze_reason")), done)
