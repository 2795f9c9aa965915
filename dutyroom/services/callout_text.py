"""A call-out's codes in words, for the screen and the call sheet alike (no Textual).

Works on the ``callout show --json`` shape (:func:`dutyroom.services.callouts.callout_json`),
the one stable view of a call-out, so the screen, the sheet and the command line agree.
Every name, area, role and phone in it is outside text: callers render it literally.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.status import parse_warning

STATUSES = ("pending", "answered", "failed", "arrived")
REASONS = ("no_answer", "busy", "wrong_number", "unreachable")
LEVELS = ("county", "town", "village", "unit")


def warning_words(code: str, lang: str | None = None) -> str:
    """``rainstorm:red`` → "暴雨红色预警"; an unknown code is shown as it is."""
    try:
        warning = parse_warning(code)
    except ValidationError:
        return str(code)
    return t("header.warning", lang=lang, type=t(warning.type.label_key, lang=lang),
             colour=t(warning.colour.label_key, lang=lang))


def code_words(group: str, code: Any, lang: str | None = None) -> str:
    """A status, reason, level or result code in words; an unknown one as it is (never a key)."""
    key = f"calloutui.{group}.{code}"
    text = t(key, lang=lang)
    return str(code or "") if text == key else text


def attempts_of(call: dict[str, Any]) -> list[dict[str, Any]]:
    """Every attempt made on a call (the view's ``history``), oldest first."""
    history = call.get("history")
    if not isinstance(history, list):
        history = call.get("attempts") if isinstance(call.get("attempts"), list) else []
    return [a for a in history if isinstance(a, dict)]


def attempt_count(call: dict[str, Any]) -> int:
    attempts = call.get("attempts")
    if isinstance(attempts, list):
        return len(attempts)
    return int(attempts) if isinstance(attempts, int) else 0


def attempt_result(attempt: dict[str, Any], lang: str | None = None) -> str:
    """What came of one attempt: a failure reason in words, or answered / arrived."""
    reason = attempt.get("reason")
    if reason:
        return code_words("reason", reason, lang)
    result = attempt.get("outcome") or attempt.get("result") or ""
    if result in REASONS:
        return code_words("reason", result, lang)
    if result in STATUSES:
        return code_words("status", result, lang)
    return code_words("result", result, lang)


def local_time(value: Any, tz: str, fmt: str = "MM-DD HH:mm") -> str:
    """An ISO time of the view in the duty room's zone; "" for none or one that does not parse."""
    if not value:
        return ""
    try:
        return arrow.get(str(value)).to(tz).format(fmt)
    except (arrow.parser.ParserError, ValueError, TypeError):
        return ""


def is_open(view: dict[str, Any]) -> bool:
    """Open unless the view says it was closed."""
    if "open" in view:
        return bool(view["open"])
    return not view.get("closed_at")


def count_progress(view: dict[str, Any]) -> dict[str, int]:
    """The view's totals (``Callouts.progress``: ``answered`` counts everyone reached, arrived
    included; ``unanswered`` the calls past their due time), counted here for a view without."""
    given = view.get("progress")
    if isinstance(given, dict) and {"total", "answered", "unanswered", "arrived", "pending"} <= set(given):
        return {k: int(v) for k, v in given.items()}
    calls = view.get("calls") or []
    by = {status: sum(1 for c in calls if c.get("status") == status) for status in STATUSES}
    answered = by["answered"] + by["arrived"]
    return {"total": len(calls), "answered": answered, "unanswered": len(calls) - answered,
            "arrived": by["arrived"], "failed": by["failed"], "pending": by["pending"]}
