"""Outside text is data: strip what a terminal would obey.

Measured with Textual 8.2.8, Static, Label and DataTable pass ESC, OSC and CSI
sequences straight to the officer's terminal, and Rich strips only a few C0
controls. So every text from outside is cleaned at intake: C0 controls but
newline and tab, DEL, C1 controls, and the bidi overrides and isolates that can
make a line read differently from what is stored.
"""

from __future__ import annotations

import re

from dutyroom.model.errors import ValidationError

_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]"
)


def strip_controls(text: str) -> str:
    """``text`` without control characters; ESC's parameters stay as harmless plain text."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean(text: object, field: str, *, required: bool = False, max_len: int = 2000,
          single_line: bool = False) -> str:
    """Cleaned, trimmed text for ``field``, or a ValidationError naming it."""
    value = strip_controls("" if text is None else str(text)).strip()
    if single_line:
        value = " ".join(value.split())
    if required and not value:
        raise ValidationError("error.required", field=field)
    if len(value) > max_len:
        raise ValidationError("error.too_long", field=field, max=max_len, length=len(value))
    return value
