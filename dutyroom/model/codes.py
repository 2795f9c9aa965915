"""Stable English codes with zh and en labels.

Codes are a contract with scripts and other tools: never rename a member's
value. Labels live in the catalog under ``enum.<group>.<code>``.
"""

from __future__ import annotations

import re
from enum import StrEnum

from dutyroom.model.errors import ValidationError


class Code(StrEnum):
    """Base for every enumeration; its catalog section is the class name in snake_case."""

    @classmethod
    def group(cls) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    @property
    def label_key(self) -> str:
        return f"enum.{self.group()}.{self.value}"

    @classmethod
    def parse(cls, value: str, field: str | None = None):
        """The member for ``value`` (its code, case-insensitive), else a ValidationError."""
        text = (value or "").strip()
        for member in cls:
            if member.value == text or member.value.lower() == text.lower():
                return member
        raise ValidationError(
            "error.bad_choice",
            field=field or cls.group(),
            value=text,
            choices=", ".join(m.value for m in cls),
        )

    @classmethod
    def codes(cls) -> list[str]:
        return [m.value for m in cls]
