"""Forms of the warning call-out: start one (``callout start``), record who answered
(``callout answer``), and the leader's reason to close one with calls still pending
(``callout close --override``). Areas and levels are ticked in lists, by keys only."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import SelectionList

from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.status import WarningColour, WarningType
from dutyroom.model.text import clean
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.validators import Required
from dutyroom.services.callout_text import LEVELS, code_words
from dutyroom.services.context import Context
from dutyroom.widgets.pane import literal
from dutyroom.widgets.tick_list import TickList

MULTI = "multi"
"""A field kind of these forms: ticks in a list; its value is the ticked codes joined by commas."""


def area_options(ctx: Context) -> list[tuple[str, str]]:
    """Every area with a responsible person, county first, then towns, villages and units."""
    from dutyroom.services.contacts import Contacts

    seen: dict[str, str] = {}
    for contact in Contacts(ctx).all():
        level = str(getattr(contact.level, "value", contact.level))
        seen.setdefault(str(contact.area), level)
    rank = {level: n for n, level in enumerate(LEVELS)}
    ordered = sorted(seen.items(), key=lambda item: (rank.get(item[1], len(LEVELS)), item[0]))
    return [(f"{literal(area, one_line=True)} · {code_words('level', level)}", area) for area, level in ordered]


def current_warning(ctx: Context) -> str:
    """The gravest warning in force (``type:colour``), else a red rainstorm warning."""
    from dutyroom.services.status import StatusService

    warnings = sorted(StatusService(ctx).current().warnings, key=lambda w: -w.colour.rank)
    return warnings[0].code if warnings else "rainstorm:red"


class MultiFields:
    """Mixed into a form: ``multi`` fields as selection lists (Space ticks, Tab moves on)."""

    fields: list[Field]
    query_one: Any

    def _widget(self, f: Field) -> Widget:
        if f.kind != MULTI:
            return super()._widget(f)  # type: ignore[misc]
        ticked = {v for v in f.value.split(",") if v}
        return TickList(*[(Content(label), value, value in ticked) for label, value in f.options],
                        id=f"field-{f.name}", classes="multi-field")

    def values(self) -> dict[str, str]:
        out: dict[str, str] = super().values()  # type: ignore[misc]
        for f in self.fields:
            if f.kind == MULTI:
                out[f.name] = ",".join(self.query_one(f"#field-{f.name}", SelectionList).selected)
        return out

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._clear_error(event.selection_list)  # type: ignore[attr-defined]
        self._changed()  # type: ignore[attr-defined]


class CalloutStartForm(MultiFields, FormScreen[Any]):
    """Start a call-out: the warning (type and colour from the codes), the areas ticked from
    the responsible persons' areas (and every area below them), the levels, the time limit."""

    FORM_ID = "callout-start"
    TITLE_KEY = "calloutui.form.title"
    FOCUS_FIELD = "areas"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, *, warning: str | None = None,
                 **kwargs: Any) -> None:
        self.warning = warning
        super().__init__(ctx, values, **kwargs)

    def build_fields(self) -> list[Field]:
        kind, _sep, colour = (self.warning or current_warning(self.ctx)).partition(":")
        areas = area_options(self.ctx)
        return [
            Field("type", "calloutui.form.type", "select", kind,
                  options=[(t(w.label_key), w.value) for w in WarningType]),
            Field("colour", "calloutui.form.colour", "select", colour,
                  options=[(t(c.label_key), c.value) for c in reversed(list(WarningColour))]),
            Field("areas", "calloutui.form.areas", MULTI, "", options=areas),
            Field("levels", "calloutui.form.levels", MULTI, ",".join(LEVELS),
                  options=[(code_words("level", level), level) for level in LEVELS]),
            Field("within", "calloutui.form.within", placeholder_key="calloutui.form.within_hint"),
            Field("text", "calloutui.form.text", placeholder_key="calloutui.form.text_hint"),
        ]

    def on_mount(self) -> None:
        if not self.fields[2].options:
            self.notify(t("calloutui.form.no_contacts"), severity="warning", timeout=15, markup=False)

    def submit(self, values: dict[str, str]) -> Any:
        from dutyroom.services.callouts import Callouts

        areas = [a for a in values["areas"].split(",") if a]
        if not areas:
            raise ValidationError("calloutui.form.no_areas", field="areas")
        levels = [lv for lv in values["levels"].split(",") if lv]
        if not levels:
            raise ValidationError("calloutui.form.no_levels", field="levels")
        return Callouts(self.ctx).start(
            f"{values['type']}:{values['colour']}", areas,
            levels=None if set(levels) == set(LEVELS) else levels,
            within=parse_within(values["within"]),
            text=clean(values["text"], "text", max_len=2000) or None)


def parse_within(text: str) -> int | None:
    """Minutes to answer in (1 to a day); blank for the configured default."""
    value = text.strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 1440:
        raise ValidationError("calloutui.form.bad_within", field="within", value=literal(value, one_line=True)[:20])
    return int(value)


class CallAnswerForm(FormScreen[Any]):
    """Who answered (blank: the person called) and an optional note; Enter saves."""

    FORM_ID = "callout-answer"
    FOCUS_FIELD = "by"

    def __init__(self, ctx: Context, callout_id: int, call: dict[str, Any]) -> None:
        self.callout_id = callout_id
        self.call = call
        super().__init__(ctx, keep_drafts=False)

    def title_text(self) -> str:
        return t("calloutui.answer.title", name=literal(self.call.get("name"), one_line=True))

    def build_fields(self) -> list[Field]:
        return [Field("by", "calloutui.answer.by", placeholder_key="calloutui.answer.by_hint"),
                Field("note", "calloutui.answer.note")]

    def submit(self, values: dict[str, str]) -> Any:
        from dutyroom.services.callouts import Callouts

        by = clean(values["by"], "by", max_len=80, single_line=True) or None
        note = clean(values["note"], "note", max_len=2000) or None
        return Callouts(self.ctx).answer(self.callout_id, int(self.call["call_id"]), by=by, note=note)


class CalloutOverrideForm(FormScreen[Any]):
    """The leader on duty closes a call-out with calls still pending: the reason is kept."""

    FORM_ID = "callout-override"
    FOCUS_FIELD = "reason"

    def __init__(self, ctx: Context, callout_id: int) -> None:
        self.callout_id = callout_id
        super().__init__(ctx, keep_drafts=False)

    def title_text(self) -> str:
        return t("calloutui.close.title", id=self.callout_id)

    def build_fields(self) -> list[Field]:
        return [Field("reason", "calloutui.close.reason", validators=[Required("reason", max_len=2000)])]

    def submit(self, values: dict[str, str]) -> Any:
        from dutyroom.services.callouts import Callouts

        return Callouts(self.ctx).close(self.callout_id, override_reason=values["reason"].strip())
