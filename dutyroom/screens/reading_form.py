"""Record a reading (``w``): station picked by name, value, time (now), source.

The station field filters as the officer types (the matches show under it, the first
completes in place, → accepts it); the exact name, a station number, or text that only
one station's name contains will do. A value the service finds implausible (negative
rain, a level jump beyond the configured step) is refused with its translated reason;
the form then shows a reason field, and saving again with a reason records it anyway
(``--force`` on the command line). The reading also goes to the duty log, by the service.
"""

from __future__ import annotations

from typing import Any

from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.picker import PickerField
from dutyroom.screens.forms.validators import TimeText
from dutyroom.services.context import Context
from dutyroom.services.quick_reading import REFUSALS
from dutyroom.services.stations import Stations
from dutyroom.widgets.pane import literal

SOURCES = ("phone", "sensor", "patrol", "other")
MAX_NAMED = 4


def matching_stations(ctx: Context, text: str) -> list[Any]:
    """Stations whose name is ``text`` exactly (that one alone), else contains it; a number
    is that station."""
    wanted = " ".join(text.split())
    if not wanted:
        return []
    stations = Stations(ctx).all()
    exact = [s for s in stations if s.name == wanted]
    if exact:
        return exact
    number = wanted.lstrip("#")
    if number.isdigit():
        return [s for s in stations if s.id == int(number)]
    folded = wanted.casefold()
    return [s for s in stations if folded in s.name.casefold()]


def resolve_station(ctx: Context, text: str) -> Any:
    """The one station ``text`` names, or a ValidationError on the ``station`` field."""
    found = matching_stations(ctx, text)
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError("water.error.no_station", field="station", value=" ".join(text.split()))
    names = "、".join(literal(s.name, one_line=True) for s in found[:MAX_NAMED])
    raise ValidationError("water.error.ambiguous", field="station", count=len(found), names=names)


class StationText(Validator):
    """Text naming exactly one station."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.failure(t("error.required", field=t("water.field.station")))
        try:
            resolve_station(self.ctx, value)
        except ValidationError as error:
            return self.failure(explain(error))
        return self.success()


class Decimal(Validator):
    """A number such as ``21.4`` (what the service does with it, it checks itself)."""

    def validate(self, value: str) -> ValidationResult:
        try:
            float(value.strip())
        except ValueError:
            return self.failure(t("water.error.not_a_number", value=value.strip()))
        return self.success()




class ReadingForm(PickerField, FormScreen[Any]):
    FORM_ID = "reading"
    TITLE_KEY = "water.form.title"
    FOCUS_FIELD = "station"
    PICKER_FIELD = "station"
    PICKER_LIMIT = MAX_NAMED
    PICKER_MANY = "water.form.matches"
    PICKER_NONE = "water.form.no_match"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(ctx, values, **kwargs)
        self.refused = False
        """The service refused the value as implausible: the reason field is shown."""

    def build_fields(self) -> list[Field]:
        return [
            Field("station", "water.field.station", validators=[StationText(self.ctx)],
                  placeholder_key="water.form.station_hint"),
            Field("value", "water.field.value", validators=[Decimal()],
                  placeholder_key="water.form.value_hint"),
            Field("at", "field.at", value=t("time.now"), validators=[TimeText(self.ctx, "at")],
                  placeholder_key="form.time_hint"),
            Field("source", "water.field.source", "select", "phone",
                  options=[(t(f"enum.reading_source.{code}"), code) for code in SOURCES]),
            Field("force_reason", "water.field.force_reason",
                  placeholder_key="water.form.force_hint"),
        ]

    def on_mount(self) -> None:  # FormScreen.on_mount runs too (Textual calls each class's handler)
        self.start_picker()
        reason = self.query_one("#field-force_reason", Input)
        self.refused = bool(reason.value.strip())  # a draft kept with a reason: show it
        self._show_reason(self.refused)

    def _show_reason(self, shown: bool) -> None:
        reason = self.query_one("#field-force_reason", Input)
        if reason.parent is not None:
            reason.parent.display = shown

    def picker_names(self) -> list[str]:
        return [s.name for s in Stations(self.ctx).all()]

    def picker_matches(self, text: str) -> list[Any]:
        return matching_stations(self.ctx, text)

    def picker_chosen(self, station: Any) -> str:
        return literal(station.name, one_line=True)

    picker_candidate = picker_chosen

    def submit(self, values: dict[str, str]) -> Any:
        station = resolve_station(self.ctx, values["station"])
        reason = " ".join(values.get("force_reason", "").split()) or None
        try:
            return Stations(self.ctx).add_reading(
                station.id, float(values["value"]), at=self.ctx.parse_time(values["at"] or "now", "at"),
                source=values["source"] or "phone", force_reason=reason if self.refused else None)
        except DomainError as error:
            if error.key not in REFUSALS:
                raise
            self.refused = True
            self._show_reason(True)
            raise ValidationError("water.form.refused", field="force_reason",
                                  reason=t(REFUSALS[error.key], **error.params)) from error

    def show_error(self, error: DomainError) -> None:
        super().show_error(error)
        if error.key == "water.form.refused":  # the reason field, focused, says what to do
            self.query_one("#field-force_reason", Input).focus()
            message = self.query_one("#error-force_reason", Static)
            # at 80x24 the fields scroll: the refusal under the reason must be on screen too
            self.call_after_refresh(lambda: message.scroll_visible(animate=False))
