"""Outside text is data: strip what a terminal would obey.

Measured with Textual 8.2.8, Static, Label and DataTable pass ESC, OSC and CSI
sequences straight to the officer's terminal, and Rich strips only a few C0
controls. So every text from outside is cleaned at intake: C0 controls but
newline and tab, DEL, C1 controls, and the bidi overrides and isolates that can
make a line read differently from what is stored.
"""

from __future__ import annotations

import re
import unicodedata

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


MAX_NAME_COLUMNS = 32
# Whole escape sequences, so their parameters ("]0;PWNED", "[2J") go too: OSC / DCS / SOS / PM /
# APC strings up to BEL or ST, CSI with its parameters and final byte, two-byte ESC sequences,
# and the same introduced by their 8-bit C1 forms (0x9b CSI, 0x9d OSC, ...).
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = re.compile(
    "(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"
    "|(?:\x1b\\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?"
    "|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)


def columns(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip_columns(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` display columns (never half a wide character)."""
    used = 0
    for index, ch in enumerate(text):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > width:
            return text[:index]
    return text


def inert(text: object) -> str:
    """``text`` with whole escape sequences, control characters and stray surrogates removed:
    the last line of defence before a message built from stored values reaches a terminal."""
    raw = _SURROGATE.sub("\ufffd", "" if text is None else str(text))
    return strip_controls(_ESCAPES.sub("", raw))


def clean_operator(text: object) -> str:
    """An operator name (``--operator``, ``DUTYROOM_OPERATOR``, the OS account) as safe data:
    escape sequences and control characters removed, one line, at most 32 display columns.
    Markup characters stay as typed; every place that shows the name renders it literally."""
    value = " ".join(inert(text).split())  # a byte that was not UTF-8 (argv, environment): U+FFFD
    return clip_columns(value, MAX_NAME_COLUMNS).strip()
