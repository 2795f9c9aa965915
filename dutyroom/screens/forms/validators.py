"""Textual validators for form fields, with messages from the catalog."""

from __future__ import annotations

from textual.validation import ValidationResult, Validator

from dutyroom.i18n import explain, t
from dutyroom.model.errors import ValidationError
from dutyroom.model.text import clean
from dutyroom.services.context import Context
from dutyroom.services.keypoint_lookup import resolve_keypoint


class Required(Validator):
    def __init__(self, field: str, max_len: int = 4000) -> None:
        super().__init__()
        self.field = field
        self.max_len = max_len

    def validate(self, value: str) -> ValidationResult:
        try:
            clean(value, self.field, required=True, max_len=self.max_len)
        except ValidationError as error:
            return self.failure(explain(error))
        return self.success()


class TimeText(Validator):
    """``now``, ``HH:MM``, ``-15m``, full dates (as the CLI); empty is allowed when ``optional``."""

    def __init__(self, ctx: Context, field: str = "at", optional: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.field = field
        self.optional = optional

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success() if self.optional else self.failure(
                t("error.required", field=t(f"field.{self.field}")))
        try:
            self.ctx.parse_time(value, self.field)
        except ValidationError as error:
            return self.failure(explain(error))
        return self.success()


class KeyPointText(Validator):
    """Empty, or text naming exactly one key point (its number or part of its name)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    def validate(self, value: str) -> ValidationResult:
        try:
            resolve_keypoint(self.ctx, value)
        except ValidationError as error:
            return self.failure(explain(error))
        return self.success()


class OptionalId(Validator):
    """Empty, or a record number such as ``12`` (``R12``/``#12`` accepted)."""

    def validate(self, value: str) -> ValidationResult:
        if parse_id(value) is False:
            return self.failure(t("error.bad_id", value=value))
        return self.success()


def parse_id(value: str) -> int | None | bool:
    """None for empty, the number, or False when it is not one."""
    text = value.strip().lstrip("#^").lstrip("RrTt")
    if not value.strip():
        return None
    return int(text) if text.isdigit() and int(text) > 0 else False


def id_value(values: dict[str, str], name: str) -> int | None:
    """Field ``name`` of a submitted form as a record id (None when empty); a ValidationError
    naming the field when it is not one."""
    value = parse_id(values.get(name, ""))
    if value is False:
        raise ValidationError("error.bad_id", field=name, value=values.get(name, ""))
    return value  # type: ignore[return-value]


def whole_number(values: dict[str, str], name: str, *, default: int | None = 0) -> int:
    """Field ``name`` of a submitted form as a count of people: digits only; empty is
    ``default`` (None: required). A ValidationError naming the field otherwise."""
    text = values.get(name, "").strip()
    if not text and default is not None:
        return default
    if not text.isdigit():
        raise ValidationError("error.bad_people", field=name, value=text, min=0, max=100_000)
    return int(text)
