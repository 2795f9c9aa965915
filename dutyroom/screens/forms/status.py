"""Set the response level and the weather warnings from the app (same service as the CLI)."""

from __future__ import annotations

from dutyroom.i18n import t
from dutyroom.model.status import ResponseLevel, WarningColour, WarningType, WeatherWarning
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.services.status import StatusChange, StatusService


class StatusForm(FormScreen[StatusChange]):
    FORM_ID = "status"
    TITLE_KEY = "form.status.title"
    FOCUS_FIELD = "response"

    def build_fields(self) -> list[Field]:
        current = StatusService(self.ctx).current()
        colours = {w.type: w.colour.value for w in current.warnings}
        fields = [Field("response", "field.response", "select", current.response.value,
                        options=[(t(level.label_key), level.value) for level in ResponseLevel])]
        colour_options = [(t("form.status.no_warning"), "none")] + [
            (t(c.label_key), c.value) for c in WarningColour]
        for kind in WarningType:
            fields.append(Field(f"warning_{kind.value}", kind.label_key, "select",
                                colours.get(kind, "none"), options=colour_options))
        return fields

    def submit(self, values: dict[str, str]) -> StatusChange:
        warnings = [WeatherWarning(kind, WarningColour(values[f"warning_{kind.value}"]))
                    for kind in WarningType if values.get(f"warning_{kind.value}", "none") != "none"]
        return StatusService(self.ctx).set(response=values["response"], warnings=warnings,
                                           replace_warnings=True)
