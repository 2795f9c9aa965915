"""One warning call-out (预警叫应), worked down its call list by keys only.

The call under the cursor is shown large (person, role, area, the phone number in big
digits); ``a`` answered (and by whom, if not the person), ``f`` not reached with a
reason, ``r`` arrived at the post (在岗到位), ``n`` the next pending call (retries in the
order they fall due), ``p`` the call sheet to ``printouts/``, ``x`` close (refused while
calls are pending, unless the leader on duty gives a reason), ``l`` every call-out
(dismissed with "list": the opener shows them, so this module imports no other screen of
the call-out), Esc back. The list follows other sessions' commits.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, language, t
from dutyroom.messages import DataChanged
from dutyroom.model.errors import DomainError
from dutyroom.screens.confirm import Choice, ChoiceScreen, ConfirmScreen
from dutyroom.services.callout_text import (REASONS, attempt_count, code_words, count_progress, is_open,
                                            local_time, warning_words)
from dutyroom.services.context import Context
from dutyroom.widgets.callout_card import CalloutCard
from dutyroom.widgets.pane import cell, literal

REASON_KEYS = {"no_answer": "1", "busy": "2", "wrong_number": "3", "unreachable": "4"}
COLUMNS = ("id", "status", "name", "phone", "area", "note", "role", "level", "attempts")
"""What reads first at 80 columns (who, which number, where, when to retry); then the rest."""


class ReasonScreen(ChoiceScreen):
    """Why a call failed: one answer a line (five buttons side by side do not fit 80 columns)."""


class CalloutScreen(ModalScreen[str | None]):
    BINDINGS = bindings("callout")
    ACTION_GROUP = "callout"

    def __init__(self, ctx: Context, callout_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.callout_id = callout_id
        self.view: dict[str, Any] = {}
        self.calls: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="callout-box"):
            yield Static("", id="callout-progress", markup=False)
            yield CalloutCard(id="callout-card")
            yield DataTable(id="callout-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#callout-table", DataTable)
        for key in COLUMNS:
            table.add_column(Text(t(f"calloutui.column.{key}")), key=key)
        self.reload()
        nxt = self.next_pending()
        if nxt is not None:
            self.select(nxt)
        table.focus()

    # -- data
    def reload(self) -> None:
        from dutyroom.services.callout_sheet import callout_view

        try:
            self.view = callout_view(self.ctx, self.callout_id)
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        self.calls = list(self.view.get("calls") or [])
        warning = warning_words(str(self.view.get("warning") or ""))
        self.query_one("#callout-box").border_title = t("calloutui.screen.title", id=self.callout_id,
                                                        warning=warning)
        self.query_one("#callout-progress", Static).update(self.progress_text())
        table = self.query_one("#callout-table", DataTable)
        keep = self.current_id()
        table.clear()
        for call in self.calls:
            table.add_row(*self.row(call), key=str(call.get("call_id")))
        if keep is not None:
            self.select(keep)
        self.show_current()

    def progress_text(self) -> Text:
        progress = count_progress(self.view)
        text = Text(t("calloutui.screen.progress", **progress), style="bold")
        if not is_open(self.view):
            at = local_time(self.view.get("closed_at"), self.ctx.tz, "MM-DD HH:mm")
            text.append("  " + t("calloutui.screen.closed_note", at=at), style="underline")
        elif self.view.get("due_at"):
            text.append("  " + t("calloutui.screen.due", at=local_time(self.view["due_at"], self.ctx.tz, "HH:mm")))
        return text

    def row(self, call: dict[str, Any]) -> list[Text]:
        status = str(call.get("status") or "")
        note = ""
        if status in ("pending", "failed") and call.get("next_try_at"):
            note = t("calloutui.screen.retry_at", at=local_time(call["next_try_at"], self.ctx.tz, "HH:mm"))
            if call.get("fail_reason"):
                note = f"{code_words('reason', call['fail_reason'])} · {note}"
        elif call.get("answered_by") and call.get("answered_by") != call.get("name"):
            note = t("calloutui.screen.answered_by", by=literal(call["answered_by"], one_line=True))
        if call.get("escalated_from"):  # brought in because the call below it went unanswered
            above = t("calloutui.screen.escalated_from", id=call["escalated_from"])
            note = f"{above} · {note}" if note else above
        style = "bold" if status == "pending" else ("dim" if status == "arrived" else "")
        return [Text(str(call.get("call_id", ""))), Text(code_words("status", status), style=style),
                cell(call.get("name")), cell(call.get("phone")), cell(call.get("area")), cell(note),
                cell(call.get("role")), Text(code_words("level", call.get("level"))),
                Text(str(attempt_count(call)))]

    def current_id(self) -> int | None:
        call = self.current()
        return int(call["call_id"]) if call is not None else None

    def current(self) -> dict[str, Any] | None:
        table = self.query_one("#callout-table", DataTable)
        if not self.calls or not 0 <= table.cursor_row < len(self.calls):
            return None
        return self.calls[table.cursor_row]

    def select(self, call_id: int) -> None:
        for index, call in enumerate(self.calls):
            if int(call.get("call_id") or 0) == call_id:
                self.query_one("#callout-table", DataTable).move_cursor(row=index, animate=False)
                break
        self.show_current()

    def show_current(self) -> None:
        call = self.current()
        index = self.calls.index(call) + 1 if call is not None else 0
        self.query_one(CalloutCard).show(call, (index, len(self.calls)), self.ctx.tz)

    def next_pending(self) -> int | None:
        """The service's next call: pending ones first, then retries by the time they fall due."""
        from dutyroom.services.callouts import Callouts

        try:
            service = Callouts(self.ctx)
            call = service.next_call(service.require(self.callout_id))
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return None
        if call is None:
            return None
        return int(call["call_id"] if isinstance(call, dict) else getattr(call, "call_id"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_current()

    def on_data_changed(self, message: DataChanged) -> None:
        if self.is_mounted and (message.restarted or "callout" in message.kinds()):
            self.reload()

    # -- actions
    def _call_or_warn(self) -> dict[str, Any] | None:
        call = self.current()
        if call is None:
            self.notify(t("calloutui.screen.no_call"), severity="warning", markup=False)
        return call

    def _done(self, message: str, advance: bool) -> None:
        self.notify(message, markup=False)
        self.app.refresh_now()
        self.reload()
        if advance:
            self.action_next_call(quiet=True)

    def _run(self, work: Any, message: str, advance: bool) -> None:
        try:
            work()
        except DomainError as error:
            self.notify(explain(error), severity="error", timeout=10, markup=False)
            self.reload()
            return
        self._done(message, advance)

    def action_answer(self) -> None:
        call = self._call_or_warn()
        if call is None:
            return
        from dutyroom.screens.callout_forms import CallAnswerForm

        name = literal(call.get("name"), one_line=True)

        def saved(result: Any) -> None:
            if result is not None:
                self._done(t("calloutui.done.answered", name=name), advance=True)

        self.app.push_screen(CallAnswerForm(self.ctx, self.callout_id, call), saved)

    def action_fail(self) -> None:
        call = self._call_or_warn()
        if call is None:
            return
        from dutyroom.services.callouts import Callouts

        name = literal(call.get("name"), one_line=True)

        def chosen(reason: str | None) -> None:
            if reason not in REASONS:
                return
            self._run(lambda: Callouts(self.ctx).fail(self.callout_id, int(call["call_id"]), reason),
                      t("calloutui.done.failed", name=name, reason=code_words("reason", reason)), advance=True)

        choices = [Choice(reason, f"calloutui.reason.{reason}", REASON_KEYS[reason]) for reason in REASONS]
        choices.append(Choice("cancel", "calloutui.fail.cancel", "escape"))
        question = t("calloutui.fail.question", name=name, phone=literal(call.get("phone"), one_line=True))
        self.app.push_screen(ReasonScreen(question, choices, cancel="cancel"), chosen)

    def action_arrived(self) -> None:
        call = self._call_or_warn()
        if call is None:
            return
        from dutyroom.services.callouts import Callouts

        name = literal(call.get("name"), one_line=True)
        self._run(lambda: Callouts(self.ctx).arrived(self.callout_id, int(call["call_id"])),
                  t("calloutui.done.arrived", name=name), advance=False)

    def action_next_call(self, quiet: bool = False) -> None:
        call_id = self.next_pending()
        if call_id is None:
            if not quiet:
                self.notify(t("calloutui.screen.all_done"), markup=False)
            return
        self.select(call_id)

    def action_print(self) -> None:
        from dutyroom.screens.printouts import write_printout
        from dutyroom.services.callout_sheet import call_sheet

        view, lang = dict(self.view), language()
        stamp = self.ctx.local(self.ctx.now()).format("YYYYMMDD-HHmm")

        def make() -> bytes:
            from dutyroom.services.printout import render  # the PDF engine loads on first print

            return render(call_sheet(self.ctx, view, lang), "pdf")

        write_printout(self, self.ctx, f"callout-{self.callout_id}-{stamp}.pdf", make)

    def action_close_callout(self) -> None:
        from dutyroom.services.callouts import Callouts

        def closed(_result: Any = None) -> None:
            self._done(t("calloutui.closed_done", id=self.callout_id), advance=False)

        def override(yes: bool | None) -> None:
            if yes:
                from dutyroom.screens.callout_forms import CalloutOverrideForm

                self.app.push_screen(CalloutOverrideForm(self.ctx, self.callout_id),
                                     lambda result: result is not None and closed())

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                Callouts(self.ctx).close(self.callout_id)
            except DomainError as error:
                self.reload()
                if not is_open(self.view) or not any(c.get("status") in ("pending", "failed") for c in self.calls):
                    self.notify(explain(error), severity="error", timeout=10, markup=False)
                    return
                self.app.push_screen(ConfirmScreen(t("calloutui.close.refused", reason=explain(error)),
                                                   "calloutui.close.override", "calloutui.close.keep"), override)
                return
            closed()

        self.app.push_screen(ConfirmScreen(t("calloutui.close.confirm", id=self.callout_id)), answer)

    def action_list(self) -> None:
        """Every call-out: the screen that opened this one shows them (see ``callout_list``)."""
        self.dismiss("list")

    def action_back(self) -> None:
        self.dismiss(None)
