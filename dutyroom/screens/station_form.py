"""A new water-level or rain station from the app (``station add``): a temporary staff gauge at
a waterlogging point or a borrowed rain gauge is set up in the night, not only before the season."""

from __future__ import annotations

from typing import Any

from dutyroom.i18n import t
from dutyroom.model.station import Station, StationKind
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.validators import Required
from dutyroom.services.stations import Stations

THRESHOLDS = ("warning_level", "guarantee_level", "flood_limit", "rain_1h", "rain_3h", "rain_24h")
"""The optional thresholds, as ``station add`` names them (metres for levels, mm for rain)."""


class StationForm(FormScreen[Station]):
    """Name, kind, key point (optional) and thresholds; the service checks each value."""

    FORM_ID = "station"
    TITLE_KEY = "station.form.title"
    FOCUS_FIELD = "name"

    def build_fields(self) -> list[Field]:
        kinds = [(t(kind.label_key), kind.value) for kind in StationKind]
        return [Field("name", "station.form.name", validators=[Required("name", max_len=80)]),
                Field("kind", "station.form.kind", kind="select", value=StationKind.RIVER.value, options=kinds),
                Field("keypoint", "station.form.keypoint", placeholder_key="station.form.keypoint_hint"),
                *[Field(name, f"station.form.{name}", placeholder_key="station.form.optional")
                  for name in THRESHOLDS]]

    def submit(self, values: dict[str, str]) -> Station:
        given: dict[str, Any] = {name: values[name].strip() or None for name in THRESHOLDS}
        return Stations(self.ctx).add(values["name"], values["kind"], keypoint=values["keypoint"].strip() or None,
                                      **given)
