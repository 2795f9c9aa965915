"""The flood emergency response level and the weather warnings in force."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from dutyroom.model.codes import Code
from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record


class ResponseLevel(Code):
    """防汛应急响应: IV is the lowest, I the highest."""

    NONE = "none"
    IV = "IV"
    III = "III"
    II = "II"
    I = "I"  # noqa: E741 - the official name of the level

    @property
    def rank(self) -> int:
        return {"none": 0, "IV": 1, "III": 2, "II": 3, "I": 4}[self.value]


class WarningType(Code):
    RAINSTORM = "rainstorm"
    TYPHOON = "typhoon"
    FLOOD = "flood"
    GEOLOGICAL = "geological"
    THUNDERSTORM = "thunderstorm"
    GALE = "gale"
    HIGH_TEMPERATURE = "high_temperature"


class WarningColour(Code):
    BLUE = "blue"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"

    @property
    def rank(self) -> int:
        return ["blue", "yellow", "orange", "red"].index(self.value) + 1


@dataclasses.dataclass(frozen=True)
class WeatherWarning:
    type: WarningType
    colour: WarningColour

    @property
    def code(self) -> str:
        return f"{self.type.value}:{self.colour.value}"


def parse_warning(text: str) -> WeatherWarning:
    """``rainstorm:orange`` → a warning; anything else is a ValidationError."""
    kind, sep, colour = (text or "").strip().partition(":")
    if not sep:
        raise ValidationError("error.bad_warning", field="warning", value=text)
    return WeatherWarning(WarningType.parse(kind, "warning"), WarningColour.parse(colour, "warning"))


@dataclasses.dataclass(kw_only=True)
class DutyStatus(Record):
    """A single record (id 1) that every session shows in its header."""

    KIND: ClassVar[str] = "status"

    response: ResponseLevel = ResponseLevel.NONE
    warnings: list[WeatherWarning] = dataclasses.field(default_factory=list)
