"""Stable English codes with zh and en labels.

Codes are a contract with scripts and other tools: never rename a member's
value. Labels live in the catalog under ``enum.<group>.<code>``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from enum import StrEnum

from dutyroom.model.errors import ValidationError


@lru_cache(maxsize=None)
def _group_of(class_name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", class_name).lower()


@lru_cache(maxsize=None)
def _label_key(class_name: str, value: str) -> str:
    """Cached: panes ask for thousands of labels on every refresh."""
    return f"enum.{_group_of(class_name)}.{value}"


class Code(StrEnum):
    """Base for every enumeration; its catalog section is the class name in snake_case."""

    @classmethod
    def group(cls) -> str:
        return _group_of(cls.__name__)

    @property
    def label_key(self) -> str:
        return _label_key(type(self).__name__, self.value)

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
