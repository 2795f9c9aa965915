"""The quick-entry line: ``#kind`` ``^R12`` ``^T7`` ``^K3`` ``@HH:MM`` and free text.

``#patrol 沙河水库 水位正常 ^R12 @08:30`` → a patrol entry linked to report 12 at
08:30. ``^K3`` links key point 3: a patrol logged so counts as that point's last
patrol (and clears its patrol-overdue escalation). A leading ``#word`` that is not a kind, ``^X3``, or ``@name`` stays in the
text; a token that is clearly meant as a time or link but is wrong (``@25:99``)
is an error, so the officer fixes it rather than logging the wrong thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogEntry, LogKind
from dutyroom.services.context import Context
from dutyroom.services.duty_log import DutyLog

_LINK = re.compile(r"^\^([RrTtKk])(\d+)$")
_TIME = re.compile(r"^@(\d{1,2}:\d{2}|-\d+[mh]|\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2})$")


@dataclass
class QuickLine:
    text: str
    kind: LogKind = LogKind.OTHER
    report_id: int | None = None
    ticket_id: int | None = None
    keypoint_id: int | None = None
    at: str | None = None


def kind_for(word: str) -> LogKind | None:
    """A kind from its code (``patrol``), a unique code prefix (``pat``) or its label (``巡查``)."""
    lowered = word.casefold()
    for kind in LogKind:
        if lowered == kind.value or word in (t(kind.label_key, lang="zh"), t(kind.label_key, lang="en")):
            return kind
    matches = [k for k in LogKind if k.value.startswith(lowered)]
    return matches[0] if len(matches) == 1 and len(lowered) >= 2 else None


def parse_quick_line(line: str) -> QuickLine:
    tokens = line.split()
    kind = LogKind.OTHER
    links: dict[str, int] = {}
    at = None
    rest: list[str] = []
    for index, token in enumerate(tokens):
        if index == 0 and token.startswith("#") and len(token) > 1:
            found = kind_for(token[1:])
            if found is not None:
                kind = found
                continue
        link = _LINK.match(token)
        if link:
            letter = link.group(1).upper()
            if letter not in links:
                links[letter] = int(link.group(2))
                continue
        time = _TIME.match(token)
        if time and at is None:
            at = time.group(1)
            continue
        rest.append(token)
    text = " ".join(rest)
    if not text:
        raise ValidationError("error.required", field="text")
    return QuickLine(text=text, kind=kind, report_id=links.get("R"), ticket_id=links.get("T"),
                     keypoint_id=links.get("K"), at=at)


def log_quick_line(ctx: Context, line: str) -> LogEntry:
    """Parse and log; any error leaves nothing written (the caller keeps the line)."""
    parsed = parse_quick_line(line)
    at = ctx.parse_time(parsed.at, "at") if parsed.at else ctx.now()
    return DutyLog(ctx).add(parsed.text, kind=parsed.kind, at=at, report_id=parsed.report_id,
                            ticket_id=parsed.ticket_id, keypoint_id=parsed.keypoint_id)
