"""Questions before an action: yes/no (:class:`ConfirmScreen`) or one of a few answers
(:class:`ChoiceScreen`, e.g. leaving a form: keep a draft / discard / keep editing)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from dutyroom.i18n import t


class ConfirmScreen(ModalScreen[bool]):
    """``y``/Enter yes, ``n``/Escape no."""

    BINDINGS = [Binding("y", "answer(True)", show=False), Binding("n", "answer(False)", show=False),
                Binding("escape", "answer(False)", show=False)]

    def __init__(self, question: str, yes_key: str = "confirm.yes", no_key: str = "confirm.no") -> None:
        super().__init__()
        self.question = question
        self.yes_key = yes_key
        self.no_key = no_key

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, markup=False, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(t(self.yes_key) + " (Y)", id="yes", variant="primary")
                yield Button(t(self.no_key) + " (N)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


@dataclass(frozen=True)
class Choice:
    """One answer: what the screen returns, its label's catalog key and the key that picks it."""

    value: str
    label_key: str
    key: str


class ChoiceScreen(ModalScreen[str]):
    """A question with a few answers, each picked by its key (or its button, Enter on the
    focused one); Escape returns ``cancel`` — always the answer that changes nothing."""

    def __init__(self, question: str, choices: list[Choice], cancel: str) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="-choice"):
            yield Static(self.question, markup=False, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                for index, choice in enumerate(self.choices):
                    key = "Esc" if choice.value == self.cancel else choice.key.upper()
                    yield Button(f"{t(choice.label_key)} ({key})", id=f"choice-{choice.value}",
                                 variant="primary" if index == 0 else "default")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(self.cancel)
            return
        for choice in self.choices:
            if event.key == choice.key or event.character == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-") or self.cancel)
