"""Small dialogs of the handover wizard: a signature, the notes, the leader's override.

Each is a ``ModalScreen[T | None]``: ``ctrl+s`` (or Enter in the last input)
saves when every input is valid, ``escape`` cancels with ``None`` (asking first once
something was typed).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label, Static, TextArea
from dutyroom.widgets.text_fields import TextInput, TextEditor

from dutyroom.i18n import t
from dutyroom.screens.forms.leave import LeaveGuard


def _required() -> Function:
    return Function(lambda value: bool(value.strip()), t("error.required", field=""))


class _Dialog(LeaveGuard, ModalScreen):
    BINDINGS = [Binding("ctrl+s", "save", "save", priority=True), Binding("escape", "cancel", "cancel")]
    DEFAULT_CLASSES = "handover-dialog"

    def on_mount(self) -> None:
        self.remember_input()

    def action_cancel(self) -> None:
        self.leave_or_ask()

    def _valid(self) -> bool:
        ok = True
        for field in self.query(Input):
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                ok = False
                field.focus()
                break
        return ok


@dataclass
class SignatureRequest:
    name: str
    reason: str = ""


class SignatureDialog(_Dialog):
    """Who signs: the session's own name, filled in. Another name (a substitute, an officer away
    from the console) is accepted only from the leader on duty, with the reason below; the
    service checks both. ``names`` (the rostered people of that shift) are shown as a hint."""

    def __init__(self, title: str, name: str, names: list[str]) -> None:
        super().__init__()
        self.title_text, self.signer, self.names = title, name, names

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-dialog-box") as box:
            box.border_title = self.title_text
            yield Label(t("handover.screen.name"))
            yield TextInput(self.signer, id="sign-name", validators=[_required()])
            if self.names:
                yield Static(Text(" · ".join(self.names), style="dim"), markup=False)
            yield Label(t("handover.screen.sign_reason"))
            yield TextInput("", id="sign-reason")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self._valid():
            self.dismiss(SignatureRequest(self.query_one("#sign-name", Input).value.strip(),
                                          self.query_one("#sign-reason", Input).value.strip()))


@dataclass
class OverrideRequest:
    leader: str
    reason: str


class OverrideDialog(_Dialog):
    def __init__(self, leader: str) -> None:
        super().__init__()
        self.leader = leader

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-dialog-box") as box:
            box.border_title = t("handover.screen.override_title")
            yield Label(t("field.leader_on_duty"))
            yield TextInput(self.leader, id="override-leader", validators=[_required()])
            yield Label(t("handover.screen.reason"))
            yield TextInput("", id="override-reason", validators=[_required()])

    def on_mount(self) -> None:
        self.query_one("#override-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self._valid():
            self.dismiss(OverrideRequest(self.query_one("#override-leader", Input).value.strip(),
                                         self.query_one("#override-reason", Input).value.strip()))


class NotesDialog(_Dialog):
    def __init__(self, notes: str) -> None:
        super().__init__()
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-dialog-box") as box:
            box.border_title = t("handover.screen.notes_title")
            yield TextEditor(self.notes, id="notes-text")
            yield Static(Text(t("handover.screen.save") + "   " + t("handover.screen.cancel"), style="dim"),
                         markup=False)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#notes-text", TextArea).text)
