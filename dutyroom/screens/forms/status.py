"""Set the response level and the weather warnings from the app (same service as the CLI).

Two officers may have this form open at once. A save applies only what this officer
changed, and only to the version the form was opened on: if someone else changed the
status meanwhile, the conflict dialog says who and what, and offers to re-apply
(:mod:`dutyroom.screens.conflict`), so nobody's warning is lifted silently.
"""

from __future__ import annotations

from typing import Any

from dutyroom.i18n import t
from dutyroom.model.errors import DomainError
from dutyroom.model.status import DutyStatus, ResponseLevel, WarningColour, WarningType, WeatherWarning
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.services.status import StatusChange, StatusService
from dutyroom.store import StaleRecord

NO_WARNING = "none"


def form_values(status: DutyStatus) -> dict[str, Any]:
    """The status in the form's terms, with the version and who changed it last."""
    colours = {w.type: w.colour.value for w in status.warnings}
    values: dict[str, Any] = {"response": status.response.value}
    for kind in WarningType:
        values[f"warning_{kind.value}"] = colours.get(kind, NO_WARNING)
    values.update(id=status.id, version=status.version, updated_by=status.updated_by, station=status.station,
                  updated_at=status.updated_at.isoformat() if status.updated_at else None)
    return values


class StatusForm(FormScreen[StatusChange]):
    FORM_ID = "status"
    TITLE_KEY = "form.status.title"
    FOCUS_FIELD = "response"

    def build_fields(self) -> list[Field]:
        current = StatusService(self.ctx).current()
        self.base = form_values(current)
        colours = {w.type: w.colour.value for w in current.warnings}
        fields = [Field("response", "field.response", "select", current.response.value,
                        options=[(t(level.label_key), level.value) for level in ResponseLevel])]
        colour_options = [(t("form.status.no_warning"), NO_WARNING)] + [
            (t(c.label_key), c.value) for c in WarningColour]
        for kind in WarningType:
            fields.append(Field(f"warning_{kind.value}", kind.label_key, "select",
                                colours.get(kind, NO_WARNING), options=colour_options))
        return fields

    def submit(self, values: dict[str, str]) -> StatusChange:
        """Only the fields that differ from the version the form opened on."""
        changed = {k: v for k, v in values.items() if self.base.get(k) != v}
        return self.apply(changed, int(self.base["version"]))

    def apply(self, fields: dict[str, Any], expected_version: int) -> StatusChange:
        service = StatusService(self.ctx)
        now = service.current()
        if now.version != expected_version:
            raise StaleRecord("error.stale", kind="status", id=now.id or 0,
                              by=now.updated_by or "?", at=str(now.updated_at or "?"))
        warnings = [WeatherWarning(WarningType(k.removeprefix("warning_")), WarningColour(v))
                    for k, v in fields.items() if k.startswith("warning_") and v != NO_WARNING]
        lifted = [k.removeprefix("warning_") for k, v in fields.items()
                  if k.startswith("warning_") and v == NO_WARNING]
        return service.set(response=fields.get("response"), warnings=warnings, clear=lifted)

    def on_mount(self) -> None:  # FormScreen.on_mount runs too (Textual calls each class's own)
        from dutyroom.screens.conflict import note_editing

        note_editing(self.app, "status", int(self.base.get("id") or 0))

    def on_unmount(self) -> None:
        from dutyroom.screens.conflict import note_editing

        note_editing(self.app, "status", None)

    async def action_save(self) -> None:
        self.run_worker(self._save_guarded(), exclusive=True, group="status-save")

    async def _save_guarded(self) -> None:
        from textual.widgets import Static

        from dutyroom.screens.conflict import save_with_conflicts

        self.query_one("#form-error", Static).update("")
        if not self.check():
            return
        labels = {f.name: t(f.label_key) for f in self.fields}
        choices = {f.name: {value: label for label, value in f.options} for f in self.fields}
        try:
            outcome = await save_with_conflicts(
                self.app, store=self.ctx.store, kind="status", record_id=int(self.base.get("id") or 0),
                base=self.base, changes=self.values(), save=self.apply, tz=self.ctx.tz,
                current=lambda: form_values(StatusService(self.ctx).current()), labels=labels,
                choices=choices)
        except DomainError as error:
            self.show_error(error)
            return
        except OSError as error:
            self._show_save_failed(error)
            return
        if outcome.done:
            self._close_saved(outcome.saved)
