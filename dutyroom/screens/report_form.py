"""Intake of a report while the caller is still on the line (信息接报).

Channel and received time come preset (phone, now); the officer types the
location, picks the category and says what is happening, then ``ctrl+s``
saves. Every change is kept as a draft on disk (an SSH link that drops kills
the app without warning), so the next start offers to reopen it. Everything else (reporter, callback number, event time, key point,
casualties, measures taken, whom the caller already told) is optional and can
come later as a follow-up. ``escape`` closes an untouched form and asks about
one with input (keep as draft / discard / keep editing). A save that the service
refuses shows the reason under the form and keeps what was typed. A draft may
hold any field empty or no longer valid (no category yet, a key point since
removed): such a select is left blank, with a note, and the rest comes back.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea
from dutyroom.widgets.text_fields import TextInput, TextEditor

from dutyroom.actions import translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.model.report import COUNT_FIELDS, Category, Channel, IncomingReport, Severity
from dutyroom.screens.forms.focus import FieldFocus, field_bindings
from dutyroom.screens.forms.leave import DraftLeave
from dutyroom.services.context import Context
from dutyroom.services.reports import Reports
from dutyroom.widgets.fit_footer import FitFooter


class Required(Validator):
    def validate(self, value: str) -> ValidationResult:
        return self.success() if value.strip() else self.failure(t("report.form.required"))


class Count(Validator):
    """Blank (0) or a whole number of people, 0 or more."""

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text or (text.isdigit() and int(text) <= 1_000_000):
            return self.success()
        return self.failure(t("report.form.bad_count"))


class TimeText(Validator):
    """Anything the duty room's time parser reads: now, HH:MM, -15m, a full date."""

    def __init__(self, ctx: Context, optional: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.optional = optional

    def validate(self, value: str) -> ValidationResult:
        if self.optional and not value.strip():
            return self.success()
        try:
            self.ctx.parse_time(value)
        except ValidationError:
            return self.failure(t("report.form.bad_time"))
        return self.success()


def choices(code_class: Any) -> list[tuple[Text, str]]:
    return [(Text(t(member.label_key)), member.value) for member in code_class]


FIELD_WIDGETS = {"received_at": "rf-received", "location": "rf-location", "category": "rf-category",
                 "text": "rf-text", "channel": "rf-channel", "severity": "rf-severity",
                 "event_at": "rf-event", "reporter": "rf-reporter", "reporter_unit": "rf-unit",
                 "phone": "rf-phone", "keypoint_id": "rf-keypoint", "measures": "rf-measures",
                 "already_told": "rf-told", **{name: f"rf-{name}" for name in COUNT_FIELDS}}


SELECTS = {"channel": (Channel, "phone"), "severity": (Severity, "unknown"), "category": (Category, None)}


class ReportForm(DraftLeave, FieldFocus, ModalScreen[IncomingReport | None]):
    """``ReportForm(ctx)``: returns the stored first report, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "report.form.save", priority=True),
        Binding("escape", "cancel", "report.form.cancel"),
        *field_bindings(),
    ]

    AUTO_FOCUS = "#rf-location"
    """Focused as the form is shown, so what the officer types at once lands in the location."""

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None) -> None:
        super().__init__(classes="report-form")
        self.ctx = ctx
        if values is None:
            values = self._kept_draft()
        self.keypoints = self._keypoints()
        self.preset, self.dropped = self._checked(values or {})
        self.initial: dict[str, Any] | None = None
        self._draft_closed = False
        translate_bindings(self)

    def _checked(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """A draft's values as the widgets take them: any field may be missing, empty, of
        the wrong type, or no longer a choice (a code since renamed, a key point removed).
        Returns them and the labels of the selects left blank for that reason."""
        preset: dict[str, Any] = {}
        dropped: list[str] = []
        for name, value in values.items():
            if value is None or value == "":
                continue
            if name in SELECTS:
                codes, _default = SELECTS[name]
                if value in codes.codes():
                    preset[name] = value
                else:
                    dropped.append(t(f"field.{name}"))
            elif name == "keypoint_id":
                if value in [v for _, v in self.keypoints]:
                    preset[name] = value
                else:
                    dropped.append(t("field.keypoint"))
            elif name == "read_back":
                preset[name] = value is True
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
                preset[name] = str(value)
        for name, (_codes, default) in SELECTS.items():
            if name not in preset and default is not None:
                preset[name] = default
        return preset, dropped

    def compose(self) -> ComposeResult:
        p = self.preset
        now = self.ctx.local(self.ctx.now()).format("HH:mm")
        with Vertical(id="report-form-box") as box:
            box.border_title = t("report.form.title")
            with VerticalScroll(id="report-form-fields"):
                with Horizontal(classes="rf-row"):
                    with Vertical(classes="rf-cell"):
                        yield Label(t("field.channel"))
                        yield Select(choices(Channel), value=p["channel"],
                                     allow_blank=False, id="rf-channel")
                    with Vertical(classes="rf-cell"):
                        yield Label(t("field.received_at"))
                        yield TextInput(p.get("received_at", now), id="rf-received",
                                    validators=[TimeText(self.ctx)])
                    with Vertical(classes="rf-cell"):
                        yield Label(t("field.severity"))
                        yield Select(choices(Severity), value=p["severity"],
                                     allow_blank=False, id="rf-severity")
                yield Label(t("report.form.location"), classes="rf-required")
                yield TextInput(p.get("location", ""), id="rf-location", validators=[Required()],
                            placeholder=t("report.form.location_hint"))
                yield Label(t("report.form.category"), classes="rf-required")
                yield Select(choices(Category), value=p.get("category", Select.NULL),
                             allow_blank=True, id="rf-category", prompt=t("report.form.choose"))
                yield Label(t("report.form.text"), classes="rf-required")
                yield TextEditor(p.get("text", ""), id="rf-text", soft_wrap=True)
                yield Checkbox(t("report.form.read_back"), value=bool(p.get("read_back")),
                               id="rf-read-back")
                yield Static(t("report.form.optional"), classes="rf-section", markup=False)
                with Horizontal(classes="rf-row"):
                    for name, wid in (("reporter", "rf-reporter"), ("reporter_unit", "rf-unit"),
                                      ("phone", "rf-phone")):
                        with Vertical(classes="rf-cell"):
                            yield Label(t(f"field.{name}"))
                            yield TextInput(p.get(name, ""), id=wid)
                with Horizontal(classes="rf-row"):
                    with Vertical(classes="rf-cell"):
                        yield Label(t("field.event_at"))
                        yield TextInput(p.get("event_at", ""), id="rf-event",
                                    validators=[TimeText(self.ctx, optional=True)],
                                    placeholder=t("report.form.time_hint"))
                    with Vertical(classes="rf-cell rf-wide"):
                        yield Label(t("report.form.keypoint"))
                        yield Select(self.keypoints, allow_blank=True, id="rf-keypoint",
                                     prompt=t("word.none"), value=p.get("keypoint_id", Select.NULL))
                with Horizontal(classes="rf-row"):
                    for name in COUNT_FIELDS:
                        with Vertical(classes="rf-cell rf-count"):
                            yield Label(t(f"field.{name}"))
                            yield TextInput(str(p.get(name, "")), id=f"rf-{name}",
                                        validators=[Count()], valid_empty=True)
                yield Label(t("field.measures"))
                yield TextInput(p.get("measures", ""), id="rf-measures")
                yield Label(t("field.already_told"))
                yield TextInput(p.get("already_told", ""), id="rf-told")
            yield Static("", id="report-form-error", markup=False)
            yield Static(t("report.form.hint"), classes="rf-hint", markup=False)
        yield FitFooter()

    def _keypoints(self) -> list[tuple[Text, int]]:
        from dutyroom.model.text import strip_controls

        return [(Text(strip_controls(f"{r.get('name', '')} #{r['id']}")), int(r["id"]))
                for r in self.ctx.store.all("keypoint")]

    def on_mount(self) -> None:
        if self.query("#rf-location"):
            self._start_drafts()  # at once: a key typed before the next refresh is input too
        self.call_after_refresh(self._when_composed)
        self._tell_draft()

    def _when_composed(self) -> None:
        """Once every field is mounted: focus the location, start keeping drafts."""
        found = self.query("#rf-location")
        if not found:  # not composed yet (a busy machine): try again after the next refresh
            self.call_after_refresh(self._when_composed)
            return
        if self.focused is None:
            found.first().focus()
        if self.initial is None:
            self._start_drafts()

    # ------------------------------------------------------------------ drafts
    DRAFT_KEY = "report-form"
    draft_key = DRAFT_KEY

    def _start_drafts(self) -> None:
        self.initial = self.values()

    @property
    def dirty(self) -> bool:
        """Something typed and not saved, or a draft brought back (the app asks before quitting)."""
        return self.initial is not None and (bool(self.restored) or self.values() != self.initial)

    def _changed(self) -> None:
        drafts = getattr(self.app, "drafts", None)
        if self.initial is None or drafts is None or self._draft_closed:
            return
        if not self.dirty:
            drafts.discard(self.DRAFT_KEY)
            return
        from dutyroom.services.drafts import Draft

        try:
            drafts.save(Draft(key=self.DRAFT_KEY, form=f"{__name__}:ReportForm",
                              values=self.values(), saved_at=self.ctx.now().isoformat(),
                              title=t("report.form.title")))
        except OSError as error:
            self.notify(t("report.form.draft_failed", reason=error.strerror or str(error)),
                        severity="warning", markup=False)

    def on_input_changed(self) -> None:
        self._changed()

    def on_select_changed(self) -> None:
        self._changed()

    def on_text_area_changed(self) -> None:
        self._changed()

    def on_checkbox_changed(self) -> None:
        self._changed()

    # ------------------------------------------------------------------ values
    def _input(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    def values(self) -> dict[str, Any]:
        category = self.query_one("#rf-category", Select).value
        keypoint = self.query_one("#rf-keypoint", Select).value
        return {
            "channel": str(self.query_one("#rf-channel", Select).value),
            "received_at": self._input("rf-received"),
            "severity": str(self.query_one("#rf-severity", Select).value),
            "location": self._input("rf-location"),
            "category": "" if category is Select.NULL else str(category),
            "text": self.query_one("#rf-text", TextArea).text,
            "read_back": self.query_one("#rf-read-back", Checkbox).value,
            "reporter": self._input("rf-reporter"), "reporter_unit": self._input("rf-unit"),
            "phone": self._input("rf-phone"), "event_at": self._input("rf-event") or None,
            "keypoint_id": None if keypoint is Select.NULL else int(keypoint),
            "measures": self._input("rf-measures"), "already_told": self._input("rf-told"),
            **{name: self._input(f"rf-{name}") for name in COUNT_FIELDS},
        }

    def _first_problem(self) -> tuple[str, Widget] | None:
        """The first field the validators refuse, with its message (in form order)."""
        for name, wid in (("received_at", "rf-received"), ("location", "rf-location")):
            widget = self.query_one(f"#{wid}", Input)
            result = widget.validate(widget.value)
            if result is not None and not result.is_valid:
                return f"{t('field.' + name)}:{result.failure_descriptions[0]}", widget
        if self.query_one("#rf-category", Select).value is Select.NULL:
            return explain(ValidationError("error.required", field="category")), self.query_one("#rf-category")
        if not self.query_one("#rf-text", TextArea).text.strip():
            return explain(ValidationError("error.required", field="text")), self.query_one("#rf-text")
        for name, wid in (("event_at", "rf-event"), *((n, f"rf-{n}") for n in COUNT_FIELDS)):
            widget = self.query_one(f"#{wid}", Input)
            result = widget.validate(widget.value)
            if result is not None and not result.is_valid:
                return f"{t('field.' + name)}:{result.failure_descriptions[0]}", widget
        return None

    def _error(self, message: str, widget: Widget | None) -> None:
        self.query_one("#report-form-error", Static).update(Text("✗ " + message))
        if widget is not None:
            widget.focus()

    # ------------------------------------------------------------------ actions
    def action_save(self) -> None:
        problem = self._first_problem()
        if problem is not None:
            self._error(*problem)
            return
        try:
            report = Reports(self.ctx).add(**self.values())
        except DomainError as error:
            field = getattr(error, "field", None)
            widget = self.query_one(f"#{FIELD_WIDGETS[field]}") if field in FIELD_WIDGETS else None
            self._error(explain(error), widget)
            return
        if report.duplicate_of:
            self.app.notify(t("report.form.duplicate", id=report.id,
                              ids=", ".join(f"#{i}" for i in report.duplicate_of)),
                            severity="warning", timeout=15, markup=False)
        else:
            self.app.notify(t("report.form.saved", id=report.id), markup=False)
        self._discard_draft()
        self.dismiss(report)
