"""The log-entry form (fast: kind, time defaulting to now, text, optional links) and the amend form.

The key-point field is a picker by name: typing filters the registry (the matches show
under the field, the first completes in place; → accepts it) and the entry stores the
point's id, so a patrol logged here counts as that point's last patrol.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogEntry, LogKind
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.picker import PickerField
from dutyroom.screens.forms.validators import KeyPointText, OptionalId, Required, TimeText, id_value
from dutyroom.services.context import Context
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.keypoint_lookup import (MAX_NAMED, all_keypoints, keypoint_label,
                                               matching_keypoints, resolve_keypoint)
from dutyroom.widgets.pane import literal


class LogEntryForm(PickerField, FormScreen[LogEntry]):
    FORM_ID = "log-entry"
    TITLE_KEY = "form.log.title"
    FOCUS_FIELD = "text"
    PICKER_FIELD = "keypoint"
    PICKER_LIMIT = MAX_NAMED
    PICKER_MANY = "form.log.keypoint_matches"
    PICKER_NONE = "form.log.keypoint_none"

    def build_fields(self) -> list[Field]:
        return [
            Field("kind", "field.kind", "select", LogKind.OTHER.value,
                  options=[(t(k.label_key), k.value) for k in LogKind]),
            Field("at", "field.at", value=t("time.now"), validators=[TimeText(self.ctx, "at")],
                  placeholder_key="form.time_hint"),
            Field("text", "field.text", validators=[Required("text")]),
            Field("keypoint", "form.log.keypoint", validators=[KeyPointText(self.ctx)],
                  placeholder_key="form.log.keypoint_hint"),
            Field("report_id", "form.log.report_id", validators=[OptionalId()],
                  placeholder_key="form.optional"),
            Field("ticket_id", "form.log.ticket_id", validators=[OptionalId()],
                  placeholder_key="form.optional"),
        ]

    def submit(self, values: dict[str, str]) -> LogEntry:
        return DutyLog(self.ctx).add(values["text"], kind=values["kind"] or "other",
                                     at=values["at"] or "now", report_id=id_value(values, "report_id"),
                                     ticket_id=id_value(values, "ticket_id"),
                                     keypoint_id=resolve_keypoint(self.ctx, values.get("keypoint", "")))

    def on_mount(self) -> None:  # FormScreen.on_mount runs too (Textual calls each class's handler)
        self.start_picker()

    def picker_names(self) -> list[str]:
        return [p.name for p in all_keypoints(self.ctx)]

    def picker_matches(self, text: str) -> list[Any]:
        return matching_keypoints(self.ctx, text)

    def picker_chosen(self, point: Any) -> str:
        return f"K{point.id} {literal(keypoint_label(point), one_line=True)}"

    def picker_candidate(self, point: Any) -> str:
        return f"K{point.id} {literal(point.name, one_line=True)}"


class AmendForm(FormScreen[LogEntry]):
    """A correction: a new entry that amends the selected one (the original stays)."""

    FORM_ID = "amend"
    TITLE_KEY = "form.amend.title"
    FOCUS_FIELD = "text"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, *, entry_id: int,
                 **kwargs: Any) -> None:
        self.entry_id = entry_id
        self.original = DutyLog(ctx).get(entry_id)
        if self.original is None:
            raise ValidationError("error.log_missing", field="amends", id=entry_id)
        super().__init__(ctx, values, **kwargs)

    def title_text(self) -> str:
        return t("form.amend.title_id", id=self.entry_id)

    def draft_params(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id}

    def build_fields(self) -> list[Field]:
        entry = self.original
        assert entry is not None
        note = Text()
        note.append(f"#{entry.id} {self.ctx.local(entry.at).format('MM-DD HH:mm')} "
                    f"{t(entry.kind.label_key)} {literal(entry.author, one_line=True)}\n", style="dim")
        note.append(literal(entry.text))
        return [
            Field("original", "form.amend.original", "note", note=note),
            Field("text", "form.amend.text", value="", validators=[Required("text")]),
            Field("at", "field.at", value=self.ctx.local(entry.at).format("YYYY-MM-DD HH:mm"),
                  validators=[TimeText(self.ctx, "at")], placeholder_key="form.time_hint"),
        ]

    def submit(self, values: dict[str, str]) -> LogEntry:
        return DutyLog(self.ctx).amend(self.entry_id, values["text"], at=values["at"] or None)
