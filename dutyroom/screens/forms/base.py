"""The base of every form: fields, validation marked in place, drafts, save/cancel.

A subclass lists its fields (:meth:`build_fields`) and saves them
(:meth:`submit`, which may raise ``ValidationError(field=...)``: the message is
shown under that field and nothing is saved). ``escape`` closes an untouched
form and asks about one with input (keep as draft / discard / keep editing);
``ctrl+s`` saves from anywhere, Enter in an input saves, Enter on a select opens
it. Every change of a field writes a draft (see :mod:`dutyroom.services.drafts`);
saving or discarding removes it. A draft kept on purpose comes back when the
same form is opened again; one cut off by a dropped link is offered at the next
start. A draft's values are checked like any input: one no longer among a
select's options is left blank, with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import Validator
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea
from dutyroom.widgets.text_fields import TextInput, TextEditor

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.services.context import Context
from dutyroom.screens.forms.focus import FieldFocus
from dutyroom.screens.forms.leave import DraftLeave
from dutyroom.services.drafts import Draft

T = TypeVar("T")


@dataclass
class Field:
    name: str
    label_key: str
    kind: str = "input"  # input | select | textarea | note
    value: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    validators: list[Validator] = field(default_factory=list)
    placeholder_key: str = ""
    allow_blank: bool = False
    note: Text | None = None
    """For ``note`` fields: outside text shown read-only (e.g. the entry being amended)."""


class FormScreen(DraftLeave, FieldFocus, ModalScreen[T | None], Generic[T]):
    FORM_ID: ClassVar[str] = "form"
    TITLE_KEY: ClassVar[str] = ""
    FOCUS_FIELD: ClassVar[str | None] = None
    BINDINGS = bindings("form")  # save, cancel, and Tab / shift+Tab (see forms.focus)
    DEFAULT_CLASSES = "form"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, *,
                 keep_drafts: bool = True) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.keep_drafts = keep_drafts
        self.fields = self.build_fields()
        if values is None and keep_drafts:
            values = self._kept_draft()
        self.dropped = self._apply(values or {})
        """Labels of the draft's select values no longer among the options (left blank)."""
        self.initial = {f.name: f.value for f in self.fields if f.kind != "note"}
        self._ready = False
        self._draft_closed = False

    def _apply(self, values: dict[str, Any]) -> list[str]:
        """Put ``values`` (a draft's or a caller's) into the fields; returns the labels of
        select values that are not among the options any more (the field is left blank)."""
        dropped: list[str] = []
        for f in self.fields:
            if f.kind == "note" or values.get(f.name) is None:
                continue
            value, default = values[f.name], f.value
            f.value = value if isinstance(value, str) else str(value)
            if f.kind == "select" and f.value not in [v for _, v in f.options]:
                if f.value:
                    dropped.append(t(f.label_key))
                f.value = "" if f.allow_blank else default  # the form's own default
        return dropped

    # -- for subclasses
    def build_fields(self) -> list[Field]:
        raise NotImplementedError

    def submit(self, values: dict[str, str]) -> T:
        raise NotImplementedError

    def draft_params(self) -> dict[str, Any]:
        """Constructor keywords that reopen this form (e.g. which entry it amends)."""
        return {}

    def title_text(self) -> str:
        return t(self.TITLE_KEY)

    @property
    def draft_key(self) -> str:
        params = self.draft_params()
        return self.FORM_ID + "".join(f"-{v}" for v in params.values())

    # -- layout
    def compose(self) -> ComposeResult:
        with Vertical(id="form-box") as box:
            box.border_title = self.title_text()
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    with Horizontal(classes=f"field-row -{f.kind}"):
                        yield Label(t(f.label_key), classes="field-label")
                        yield self._widget(f)
                    yield Static("", id=f"error-{f.name}", classes="field-error", markup=False)
            yield Static("", id="form-error", classes="field-error", markup=False)
            yield Static(t("form.hint"), classes="form-hint", markup=False)

    def _widget(self, f: Field) -> Widget:
        wid = f"field-{f.name}"
        if f.kind == "select":
            value = f.value if f.value in [v for _, v in f.options] else (
                Select.NULL if f.allow_blank or not f.options else f.options[0][1])
            return Select([(Text(label), v) for label, v in f.options], value=value,
                          allow_blank=f.allow_blank, id=wid, prompt=t("form.choose"))
        if f.kind == "textarea":
            return TextEditor(f.value, id=wid, soft_wrap=True, show_line_numbers=False)
        if f.kind == "note":
            return Static(f.note or Text(f.value), id=wid, classes="field-note", markup=False)
        return TextInput(f.value, id=wid, validators=f.validators, valid_empty=not f.validators,
                     placeholder=t(f.placeholder_key) if f.placeholder_key else "",
                     validate_on=["changed", "submitted"])

    def on_mount(self) -> None:
        target = self.FOCUS_FIELD
        if target:
            self.query_one(f"#field-{target}").focus()
        self._ready = True
        self._tell_draft()

    # -- values and drafts
    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.fields:
            if f.kind == "note":
                continue
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                out[f.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                out[f.name] = widget.text
            elif isinstance(widget, Input):
                out[f.name] = widget.value
        return out

    @property
    def dirty(self) -> bool:
        """Input not saved: something typed, or a draft brought back into the form."""
        if self.restored:
            return True
        try:
            return self.values() != self.initial
        except Exception:  # noqa: BLE001 - not composed yet: nothing typed
            return False

    def _changed(self) -> None:
        if not self._ready or not self.keep_drafts or self._draft_closed:
            return
        drafts = getattr(self.app, "drafts", None)
        if drafts is None:
            return
        values = self.values()
        if values == self.initial and not self.restored:
            drafts.discard(self.draft_key)
            return
        cls = type(self)
        try:
            drafts.save(Draft(key=self.draft_key, form=f"{cls.__module__}:{cls.__qualname__}",
                              values=values, saved_at=self.ctx.now().isoformat(),
                              title=self.title_text(), params=self.draft_params()))
        except OSError as error:
            self.notify(t("form.draft_failed", reason=error.strerror or str(error)),
                        severity="warning", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._clear_error(event.input)
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_worker(self.action_save(), exclusive=True)

    def _clear_error(self, widget: Widget) -> None:
        name = (widget.id or "").removeprefix("field-")
        try:
            self.query_one(f"#error-{name}", Static).update("")
        except Exception:  # noqa: BLE001
            pass

    # -- actions
    def check(self) -> bool:
        """Run every input's validators; mark the failures in place."""
        ok = True
        first: Widget | None = None
        for f in self.fields:
            if f.kind != "input":
                continue
            widget = self.query_one(f"#field-{f.name}", Input)
            result = widget.validate(widget.value)
            message = ""
            if result is not None and not result.is_valid:
                message = "✗ " + (result.failure_descriptions[0] if result.failure_descriptions else "")
                ok = False
                first = first or widget
            self.query_one(f"#error-{f.name}", Static).update(message)
        if first is not None:
            first.focus()
        return ok

    def show_error(self, error: DomainError) -> None:
        name = getattr(error, "field", None)
        message = "✗ " + explain(error)
        if name and self.query(f"#error-{name}"):
            self.query_one(f"#error-{name}", Static).update(message)
            widget = self.query_one(f"#field-{name}")
            widget.add_class("-invalid")
            widget.focus()
        else:
            self.query_one("#form-error", Static).update(message)

    def confirm_question(self, values: dict[str, str]) -> str | None:
        """For a step that cannot be undone: the question to ask before saving (``None``: none)."""
        return None

    async def action_save(self) -> None:
        self.query_one("#form-error", Static).update("")
        if not self.check():
            return
        values = self.values()
        question = self.confirm_question(values)
        if question is None:
            self._commit(values)
            return
        from dutyroom.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question), lambda yes: yes and self._commit(values))

    def _commit(self, values: dict[str, str]) -> None:
        try:
            result = self.submit(values)
        except DomainError as error:
            self.show_error(error)
            return
        except OSError as error:
            self._show_save_failed(error)
            return
        self._close_saved(result)

    def _show_save_failed(self, error: OSError) -> None:
        """The disk refused the save: say so; the form stays open with its input."""
        self.query_one("#form-error", Static).update("✗ " + t("form.save_failed",
                                                               reason=error.strerror or str(error)))

    def _close_saved(self, result: T) -> None:
        """Saved: the draft goes, the form closes with ``result``, the panes refresh at once."""
        self._discard_draft()
        self.dismiss(result)
        refresh = getattr(self.app, "refresh_now", None)
        if refresh:
            refresh()
