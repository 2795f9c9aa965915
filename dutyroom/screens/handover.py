"""The handover wizard (``h``): review the carried items, acknowledge, sign, seal, print.

Opening it shows the current shift's handover as it would read now (its stored
draft, or a preview built in memory) and writes nothing: the first real step
(acknowledge, notes, override, sign) starts the draft, through the service's
guard, so two officers at the changeover still make one. The incoming officer goes through the items (``space`` each, or
``a`` for all after they are shown) and signs (``i``); the outgoing officer
signs (``o``), which seals the handover; the leader on duty countersigns (``c``) before
that. Each signs as themselves (the session's roster name). ``l`` records the leader on duty's
override when a grave item is still in its first hour; ``n`` edits the notes;
``p`` writes the PDF printout; ``r`` rebuilds from the live state. Every
refusal is shown as a translated notice; nothing is half-saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, language, t
from dutyroom.model.errors import DomainError
from dutyroom.model.handover import CarriedItem, Handover, HandoverState
from dutyroom.model.shift import Shift
from dutyroom.screens.handover_forms import (NotesDialog, OverrideDialog, OverrideRequest, SignatureDialog,
                                             SignatureRequest)
from dutyroom.services.context import Context
from dutyroom.services.handover import HandoverService
from dutyroom.services.post_figures import evacuation_text
from dutyroom.services.station_print import peak_lines
from dutyroom.services.handover_print import (deadline_text, event_text, handover_document, item_summary,
                                              kind_label, label, short_kind_label, status_label,
                                              warnings_text)
from dutyroom.widgets.fit_footer import FitFooter
from dutyroom.widgets.pane import PaneTable

SEVERITY_STYLE = {"I": "bold red", "II": "bold dark_orange", "III": "yellow", "IV": "cyan"}


class HandoverScreen(Screen[int | None]):
    BINDINGS = bindings("handover")
    ACTION_GROUP = "handover"

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.service = HandoverService(ctx)
        self.handover: Handover | None = None
        translate_bindings(self)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(id="handover-status", markup=False)
        table = PaneTable(id="handover-items")  # a DataTable that sizes columns fast (hundreds of items)
        table.border_title = t("handover.doc.items_total", count=0)
        yield table
        with VerticalScroll(id="handover-details"):
            yield Static(id="handover-sections", markup=False)
        yield FitFooter()

    def on_mount(self) -> None:
        table = self.query_one("#handover-items", DataTable)
        table.add_column("✓", key="ack", width=2)
        table.add_column(t("handover.col.kind"), key="kind", width=8)
        table.add_column(t("handover.col.id"), key="id", width=5)
        table.add_column(t("handover.col.severity"), key="severity", width=8)
        table.add_column(t("handover.col.status"), key="status", width=8)
        table.add_column(t("handover.col.deadline"), key="deadline", width=14)
        table.add_column(t("handover.col.summary"), key="summary", width=self._summary_width())
        self._run(lambda: self._open())
        table.focus()

    def _open(self) -> Handover:
        """The handover to show; nothing is stored (a preview until something is done)."""
        shift = self.service.target_shift()
        found = self.service.for_shift(shift)
        if found is None:
            return self.service.preview(shift)
        return found if found.sealed else self.service.preview(shift, found)

    def _started(self, fresh: bool = False) -> Handover:
        """The stored draft to act on; started now when only a preview was shown.

        ``fresh``: read it again (a dialog was open meanwhile) instead of acting on the
        version shown, which makes a change by another session since then a refusal."""
        shown = self.handover
        if shown is None or shown.id is None:
            return self.service.start()
        return self.service.require(shown.id) if fresh else shown

    # ------------------------------------------------------------------ showing
    def show(self, handover: Handover) -> None:
        self.handover = handover
        tz = self.ctx.tz
        status = self.query_one("#handover-status", Static)
        period = ""
        if handover.period_start and handover.period_end:
            period = f"{handover.period_start.to(tz).format('MM-DD HH:mm')}–{handover.period_end.to(tz).format('MM-DD HH:mm')}"
        acked = sum(1 for i in handover.items if i.acknowledged)
        line = Text(t("handover.screen.state", id=handover.id or "-", state=t(handover.state.label_key),
                      period=period, count=len(handover.items), acked=acked), style="bold")
        if handover.sealed:
            line.append("  " + t("handover.screen.sealed", seal=handover.seal[:16] + "…"), style="green")
        status.update(line)
        self._fill_table(handover.items)
        self.query_one("#handover-sections", Static).update(self._sections(handover))

    def _summary_width(self) -> int:
        """The summary column takes the width the others leave, so nothing scrolls sideways
        (at 80 columns the summaries wrap onto a second or third line instead)."""
        others = 2 + 8 + 5 + 8 + 8 + 14 + 7 * 2  # the fixed columns and every cell's padding
        return max(12, self.app.size.width - others - 2 - 1)  # the border, the scrollbar

    def on_resize(self) -> None:
        table = self.query_one("#handover-items", DataTable)
        width = self._summary_width()
        column = table.columns.get("summary")  # type: ignore[call-overload]
        if column is not None and column.width != width and self.handover is not None:
            table.remove_column("summary")
            table.add_column(t("handover.col.summary"), key="summary", width=width)
            self._fill_table(self.handover.items)

    def _fill_table(self, items: list[CarriedItem]) -> None:
        table = self.query_one("#handover-items", DataTable)
        keep = table.cursor_row
        width = self._summary_width()
        table.clear()
        lang = language()
        for item in items:
            style = SEVERITY_STYLE.get(item.severity, "")
            summary = summary_cell(self.app.console, item_summary(item, lang), width)
            table.add_row(
                Text("✓" if item.acknowledged else "·", style="green" if item.acknowledged else "dim"),
                Text(short_kind_label(item.kind, lang), no_wrap=True, overflow="ellipsis"),
                Text(f"#{item.id}"),
                Text(label("severity", item.severity, lang) if item.severity else "", style=style),
                Text(status_label(item, lang), no_wrap=True, overflow="ellipsis"),
                Text(deadline_text(item, self.ctx.tz, lang), style="bold red" if item.overdue else ""),
                summary,
                key=item.key, height=len(summary.plain.split("\n")))
        table.border_title = t("handover.doc.items_total", count=len(items))
        if items:
            table.move_cursor(row=min(max(keep, 0), len(items) - 1))

    def _sections(self, h: Handover) -> Text:
        lang = language()
        text = Text()

        def heading(key: str, **params: object) -> None:
            text.append(("\n" if text.plain else "") + t(key, **params) + "\n", style="bold underline")

        heading("handover.doc.response")
        warnings = warnings_text(h.warnings, lang) or t("word.none")
        text.append(f"{label('response_level', h.response, lang)} · {t('handover.doc.warnings')}: {warnings}\n")
        heading("handover.doc.standing_orders")
        for order in h.standing_orders or [t("word.none")]:
            text.append(f"• {order}\n")
        heading("station.doc.heading")
        for line in peak_lines(h.stations or [], self.ctx.tz, lang) or [t("word.none")]:
            text.append(f"• {line}\n")
        text.append(evacuation_text(h.evacuations))
        heading("handover.doc.statistics")
        s = h.stats
        text.append(f"{t('handover.stat.log_total')} {s.log_total} · {t('handover.stat.reports_total')} "
                    f"{s.reports_total} · {t('handover.stat.tickets_opened')} {s.tickets_opened} · "
                    f"{t('handover.stat.tickets_closed')} {s.tickets_closed}\n")
        heading("handover.doc.events")
        for event in h.events or []:
            text.append(f"{event.at.to(self.ctx.tz).format('MM-DD HH:mm')} {kind_label(event.kind, lang)} "
                        f"#{event.id} {event_text(event, lang)}\n")
        if not h.events:
            text.append(t("word.none") + "\n")
        heading("handover.doc.notes")
        text.append((h.notes or t("word.none")) + "\n")
        if h.override:
            heading("handover.doc.override")
            text.append(f"{h.override.by}: {h.override.reason}\n")
        if h.incoming:
            text.append(f"\n{t('handover.doc.incoming')}: {h.incoming}")
        if h.outgoing:
            text.append(f"   {t('handover.doc.outgoing')}: {h.outgoing}")
        return text

    def on_data_changed(self, message: Any) -> None:
        """Another session (or this one) committed: show the handover as the live state now reads.

        Nothing is stored here (the next action rebuilds from the live state anyway); the
        rebuild reads the store off the UI thread, the latest change wins.
        """
        kinds = getattr(message, "kinds", lambda: set())()
        if self.handover is None or self.handover.sealed or not kinds:
            return
        self._live_preview(self.handover.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="handover-preview")
    def _live_preview(self, handover_id: int | None) -> None:
        try:
            if handover_id is None:  # not started yet (maybe by another session since)
                view = self._open()
            else:
                stored = self.service.get(handover_id)
                if stored is None:
                    return
                shift = self.service.shifts.get(stored.shift_id or 0)
                view = stored if stored.sealed or shift is None else self.service.preview(shift, stored)
        except DomainError as error:
            self.app.call_from_thread(self.notify, explain(error), severity="error")
            return
        self.app.call_from_thread(self.show, view)

    # ------------------------------------------------------------------ doing
    def _run(self, change) -> bool:
        """Apply a service call; a refusal becomes a notice and the view reloads."""
        try:
            result = change()
        except DomainError as error:
            self.notify(explain(error), severity="error", timeout=8, markup=False)
            if self.handover is not None and self.handover.id is not None:
                fresh = self.service.get(self.handover.id)
                if fresh is not None:
                    self.show(fresh)
            return False
        if isinstance(result, Handover):
            self.show(result)
        return True

    def _editable(self) -> Handover | None:
        if self.handover is None or self.handover.sealed:
            if self.handover is not None:
                self.notify(t("handover.error.sealed", id=self.handover.id), severity="warning", markup=False)
            return None
        return self.handover

    def action_acknowledge(self) -> None:
        handover = self._editable()
        table = self.query_one("#handover-items", DataTable)
        if handover is None or not handover.items:
            return
        key = handover.items[table.cursor_row].key
        self._run(lambda: self.service.acknowledge(self._started(), [key], self._incoming_default()))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_acknowledge_all(self) -> None:
        """All items at once is a bulk step: asked first, naming how many."""
        from dutyroom.screens.confirm import ConfirmScreen

        handover = self._editable()
        if handover is None:
            return
        pending = sum(1 for i in handover.items if not i.acknowledged)
        if not pending:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._run(lambda: self.service.acknowledge(self._started(), None, self._incoming_default()))

        self.app.push_screen(ConfirmScreen(t("handover.confirm.ack_all", count=pending)), answer)

    def _shift(self) -> Shift | None:
        """The shift handed over (for a preview not stored yet: the one it would be)."""
        if self.handover is not None and self.handover.shift_id:
            return self.service.shifts.get(self.handover.shift_id)
        return self.service.target_shift()

    def _following(self) -> Shift:
        return self.service.shifts.following(self._shift() or self.service.shifts.current())

    def _incoming_default(self) -> str:
        following = self._following()
        mine = self.service.roster.my_name()
        members = following.members()
        if mine in members or not members:
            return mine
        return following.officers[0] if following.officers else members[0]

    def action_sign_incoming(self) -> None:
        self._sign("incoming", "handover.doc.sign_incoming", self._following().members())

    def action_sign_outgoing(self) -> None:
        shift = self._shift()
        self._sign("outgoing", "handover.doc.sign_outgoing", shift.members() if shift else [])

    def action_sign_leader(self) -> None:
        """The leader on duty's countersignature (before the outgoing signature seals)."""
        shift = self._shift()
        self._sign("leader", "handover.doc.sign_leader", [shift.leader] if shift and shift.leader else [])

    def _sign(self, role: str, role_key: str, names: list[str]) -> None:
        """Each signs as themselves: the dialog starts with the session's own name."""
        handover = self._editable()
        if handover is None:
            return
        mine = self.service.roster.my_name()

        def done(request: SignatureRequest | None) -> None:
            if request is not None:
                name = None if request.name == mine else request.name
                self._run(lambda: self.service.sign(self._started(fresh=True), role, name,
                                                    request.reason or None))

        dialog = SignatureDialog(t("handover.screen.sign_title", role=t(role_key)), mine, names)
        self.app.push_screen(dialog, done)

    def action_override(self) -> None:
        handover = self._editable()
        if handover is None:
            return

        def done(request: OverrideRequest | None) -> None:
            if request is not None:
                self._run(lambda: self.service.override(self._started(fresh=True),
                                                        request.leader, request.reason))

        self.app.push_screen(OverrideDialog(self.service.roster.my_name()), done)

    def action_notes(self) -> None:
        handover = self._editable()
        if handover is None:
            return

        def done(notes: str | None) -> None:
            if notes is not None:
                self._run(lambda: self.service.set_notes(self._started(fresh=True), notes))

        self.app.push_screen(NotesDialog(handover.notes), done)

    def action_refresh(self) -> None:
        if self.handover is None:
            return
        if self.handover.sealed:
            self.show(self.handover)
            return
        handover = self.handover
        if handover.id is None:  # only a preview: rebuild it, still writing nothing
            self._run(self._open)
            return
        self._run(lambda: self.service.refresh(self.service.require(handover.id or 0)))

    def action_print(self) -> None:
        if self.handover is not None:
            self._write_pdf(self.handover, send=False)

    def action_send_to_printer(self) -> None:
        if self.handover is not None:
            self._write_pdf(self.handover, send=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="handover-print")
    def _write_pdf(self, handover: Handover, send: bool) -> None:
        """Render off the UI thread; keep the PDF under ``printouts/``, and maybe queue it on lp."""
        from dutyroom.services.printout import print_file, render
        from dutyroom.store.atomic import atomic_write

        try:
            doc = handover_document(handover, self.ctx.tz, language(), stored=handover.id is not None)
            data = render(doc, "pdf")
            folder = Path(self.ctx.store.root) / "printouts"
            folder.mkdir(parents=True, exist_ok=True)
            suffix = "" if handover.sealed else "-draft"
            path = folder / f"handover-{handover.id or 'preview'}-shift-{handover.shift_id or 'next'}{suffix}.pdf"
            atomic_write(path, data)
            self.app.call_from_thread(self.notify, t("handover.screen.printed", path=str(path)))
            if send:
                message = print_file(data, "pdf")
                self.app.call_from_thread(self.notify, t("handover.screen.sent", message=message))
        except DomainError as error:
            self.app.call_from_thread(self.notify, explain(error), severity="error", timeout=10)

    def action_close(self) -> None:
        self.dismiss(self.handover.id if self.handover is not None else None)

    @property
    def state(self) -> HandoverState | None:
        return self.handover.state if self.handover else None


def summary_cell(console: Any, summary: str, width: int, lines: int = 3) -> Text:
    """The summary wrapped to ``width``, at most ``lines`` lines (the last ends "…" if cut).

    Wrapped here, not by the table: the row's height is then known (``len`` of the lines)
    and the table need not measure every cell of hundreds of items."""
    wrapped = Text(" ".join(summary.split())).wrap(console, width)
    if len(wrapped) > lines:
        last = wrapped[lines - 1]
        last.truncate(width - 1)
        last.append("…")
        wrapped = wrapped[:lines]
    return Text("\n").join(wrapped)
