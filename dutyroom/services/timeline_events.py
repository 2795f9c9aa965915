"""What kind of event a duty-log entry is, in the words of an after-action review.

The timeline's events are the duty log's entries; the log's own kinds (``call_in``,
``notice``, ...) are too coarse for a review, which asks for reports, follow-ups, reports
upward, dispatches, acknowledgements, escalations, instructions and their feedback,
call-out answers, readings crossing thresholds and handovers. An entry the app wrote itself
carries its message key (``report.log.forward``), which says exactly which of those it is;
an entry an officer typed is told by its log kind. The codes are rendered through the
catalog (``timeline.event.<code>``), never shown as they are.
"""

from __future__ import annotations

from typing import Any

from dutyroom.model.escalation import EscalationReason
from dutyroom.model.log_entry import LogEntry, LogKind
from dutyroom.services.record_text import SENTENCES

EVENT_CODES = ("report", "follow_up", "upward", "report_change", "ticket", "dispatch", "acknowledged",
               "ticket_status", "escalation", "threshold", "escalation_ack", "instruction", "feedback",
               "callout", "callout_answer", "reading", "handover", "sign_on", "status", "entry")
"""Every code :func:`event_code` returns (each has ``timeline.event.<code>`` in the catalog)."""

_BY_KEY = {
    "report.log.new": "report",
    "report.log.follow_up": "follow_up",
    "report.log.final": "follow_up",
    "report.log.forward": "upward",
    "ticket.log.created": "ticket",
    "ticket.log.dispatched": "dispatch",
    "escalation.log.ack": "escalation_ack",
    "instruction.log.new": "instruction",
    "instruction.log.feedback": "feedback",
    "instruction.log.feedback_late": "feedback",
    "callout.log.started": "callout",
    "callout.log.answered": "callout_answer",
    "callout.log.arrived": "callout_answer",
    "station.log.level": "reading",
    "station.log.rain": "reading",
    "station.log.imported_readings": "reading",
    "shift.log.signed_on": "sign_on",
    "shift.log.signed_off": "sign_on",
    "status.changed_log": "status",
}

_BY_PREFIX = {"report": "report_change", "ticket": "ticket_status", "escalation": "escalation",
              "instruction": "instruction", "callout": "callout", "handover": "handover",
              "signature": "handover", "shift": "sign_on", "status": "status"}

_BY_LOG_KIND = {LogKind.CALL_IN: "report", LogKind.INSTRUCTION: "instruction", LogKind.READING: "reading"}
"""Entries an officer typed: a call taken, an instruction written down, a reading noted."""

THRESHOLD_REASONS = frozenset({EscalationReason.LEVEL_ABOVE_FLOOD_LIMIT.value,
                               EscalationReason.LEVEL_ABOVE_WARNING.value,
                               EscalationReason.LEVEL_ABOVE_GUARANTEE.value,
                               EscalationReason.RAIN_ABOVE_THRESHOLD.value,
                               EscalationReason.LEVEL_APPROACHING_WARNING.value})
"""Escalations a reading raises by crossing a station's threshold."""


def _first(msg: Any) -> dict[str, Any] | None:
    """The message that says what happened (the first of several sentences)."""
    while isinstance(msg, dict) and msg.get("key") == SENTENCES:
        parts = (msg.get("params") or {}).get("parts") or []
        msg = parts[0] if parts else None
    return msg if isinstance(msg, dict) and isinstance(msg.get("key"), str) else None


def _code_of(value: Any) -> str:
    return str(value.get("code", "")) if isinstance(value, dict) else str(value or "")


def event_code(entry: LogEntry) -> str:
    """The review's kind of ``entry`` (one of :data:`EVENT_CODES`)."""
    msg = _first(entry.message) if entry.system else None
    if msg is None:
        return _BY_LOG_KIND.get(entry.kind, "entry")
    key, params = msg["key"], msg.get("params") or {}
    if key == "ticket.log.status":
        return "acknowledged" if _code_of(params.get("new")) == "acknowledged" else "ticket_status"
    if key in ("escalation.log.raise", "escalation.log.escalate"):
        return "threshold" if _code_of(params.get("reason")) in THRESHOLD_REASONS else "escalation"
    if key in _BY_KEY:
        return _BY_KEY[key]
    return _BY_PREFIX.get(key.split(".", 1)[0], "entry")
