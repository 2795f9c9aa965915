"""Small forms for what an officer does to a report chain: follow-up, final report,
report upward, verify, severity, leader instruction and its feedback, merge.

Each is an :class:`ActionForm` given its fields and a ``submit`` callable that
calls the service. The form stays open with the reason shown when the service
refuses (nothing is saved), and closes with the service's result when it accepts.
``escape`` closes at once while nothing was typed, and asks once something was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea
from dutyroom.widgets.text_fields import TextInput, TextEditor

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.actions import translate_bindings
from dutyroom.screens.forms.focus import FieldFocus, field_bindings
from dutyroom.screens.forms.leave import LeaveGuard
from dutyroom.services.context import Context
from dutyroom.widgets.fit_footer import FitFooter


@dataclass
class FormField:
    name: str
    label: str
    kind: str = "input"  # input | select | textarea | checkbox
    value: Any = ""
    options: list[tuple[str, Any]] = field(default_factory=list)
    required: bool = False
    validators: list[Validator] = field(default_factory=list)
    placeholder: str = ""


class ActionForm(LeaveGuard, FieldFocus, ModalScreen[Any]):
    """A titled modal of fields; ``ctrl+s`` runs ``submit(values)``, ``escape`` cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "report.form.save", priority=True),
        Binding("escape", "cancel", "report.form.cancel"),
        *field_bindings(),
    ]

    def __init__(self, ctx: Context, title: str, fields: list[FormField],
                 submit: Callable[[dict[str, Any]], Any], note: Text | None = None) -> None:
        super().__init__(classes="report-action-form")
        self.ctx = ctx
        self.title_text = title
        self.fields = fields
        self.submit = submit
        self.note = note
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="report-action-box") as box:
            box.border_title = self.title_text
            with VerticalScroll(id="report-action-fields"):
                if self.note is not None:
                    yield Static(self.note, classes="ra-note", markup=False)
                for f in self.fields:
                    yield from self._widgets(f)
            yield Static("", id="report-action-error", markup=False)
            yield Static(t("report.form.hint"), classes="rf-hint", markup=False)
        yield FitFooter()

    def _widgets(self, f: FormField) -> ComposeResult:
        wid = f"ra-{f.name}"
        if f.kind == "checkbox":
            yield Checkbox(f.label, value=bool(f.value), id=wid)
            return
        yield Label(f.label + (" *" if f.required else ""), classes="ra-label")
        if f.kind == "select":
            values = [v for _, v in f.options]
            yield Select([(Text(label), v) for label, v in f.options],
                         value=f.value if f.value in values else Select.NULL,
                         allow_blank=not f.required or f.value not in values, id=wid,
                         prompt=t("report.form.choose"))
        elif f.kind == "textarea":
            yield TextEditor(str(f.value or ""), id=wid, soft_wrap=True, classes="ra-text")
        else:
            yield TextInput(str(f.value or ""), id=wid, validators=f.validators,
                        valid_empty=not f.validators, placeholder=f.placeholder)

    def on_mount(self) -> None:
        for widget in self.query("Input, TextArea, Select, Checkbox"):
            if widget.focusable:
                widget.focus()
                break
        self.remember_input()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#ra-{f.name}")
            if isinstance(widget, Select):
                out[f.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, TextArea):
                out[f.name] = widget.text
            elif isinstance(widget, Checkbox):
                out[f.name] = widget.value
            elif isinstance(widget, Input):
                out[f.name] = widget.value
        return out

    def _problem(self, values: dict[str, Any]) -> tuple[str, Widget] | None:
        for f in self.fields:
            widget = self.query_one(f"#ra-{f.name}")
            value = values.get(f.name)
            if f.required and (value is None or (isinstance(value, str) and not value.strip())):
                return t("report.form.missing", field=f.label), widget
            if isinstance(widget, Input) and f.validators:
                result = widget.validate(widget.value)
                if result is not None and not result.is_valid:
                    return f"{f.label}:{result.failure_descriptions[0]}", widget
        return None

    def action_save(self) -> None:
        values = self.values()
        problem = self._problem(values)
        if problem is not None:
            self._show_error(*problem)
            return
        try:
            result = self.submit(values)
        except DomainError as error:
            name = getattr(error, "field", None)
            widget = None
            if isinstance(error, ValidationError) and name:
                found = self.query(f"#ra-{name}")
                widget = found.first() if found else None
            self._show_error(explain(error), widget)
            return
        self.dismiss(result if result is not None else True)

    def _show_error(self, message: str, widget: Widget | None) -> None:
        self.query_one("#report-action-error", Static).update(Text("✗ " + message))
        if widget is not None:
            widget.focus()

    def action_cancel(self) -> None:
        self.leave_or_ask()
