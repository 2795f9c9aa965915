"""Small formatting helpers shared by panes: durations, severities, overdue marks.

Severity and overdue are never shown by colour alone: each has its own text
and symbol, so they read the same with NO_COLOR=1 or on a 16-colour xterm.
"""

from __future__ import annotations

from rich.text import Text

from dutyroom.i18n import t
from dutyroom.model.report import Severity

SEVERITY_MARK = {"I": "!!!", "II": "!! ", "III": "!  ", "IV": "   ", "unknown": "?  "}
SEVERITY_STYLE = {"I": "bold red", "II": "bold dark_orange", "III": "yellow", "IV": "blue",
                  "unknown": "dim"}


def severity_text(severity: Severity | str) -> Text:
    code = severity.value if isinstance(severity, Severity) else str(severity)
    label = t(f"enum.severity.{code}")
    return Text(f"{SEVERITY_MARK.get(code, '?')} {label}", style=SEVERITY_STYLE.get(code, ""),
                no_wrap=True)


def duration(seconds: float) -> str:
    """``1:02:03`` / ``12:05`` for a span, always positive; callers add the sign or a word."""
    seconds = int(abs(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 48:
        return t("time.days", n=hours // 24)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def countdown(seconds: float) -> Text:
    """Time left, or ``⚠ overdue 05:12`` in words and symbol when past due."""
    if seconds < 0:
        return Text(f"!! {t('time.overdue')} {duration(seconds)}", style="bold reverse red",
                    no_wrap=True)
    if seconds < 15 * 60:
        return Text(f"!  {t('time.soon')} {duration(seconds)}", style="bold yellow", no_wrap=True)
    return Text(f"   {duration(seconds)}", no_wrap=True)


def ago(seconds: float) -> str:
    if seconds < 60:
        return t("time.just_now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return t("time.minutes_ago", n=minutes)
    hours = minutes // 60
    if hours < 48:
        return t("time.hours_ago", h=hours, m=minutes % 60)
    return t("time.days_ago", n=hours // 24)
