"""How an escalation reads to an officer: its subject by name, its reason in words, its rank.

The engine stores codes and ids (``deadline_missed``, ``report`` 23); everything an
officer sees is put together here at display time, in the reader's language:
"报告 #23 柳湾村 · II级 · 电话报告逾期" / "Report #23 Liuwan village · II · phone
report overdue". The banner, the escalations pane and the escalation screen share it.
"""

from __future__ import annotations

from typing import Any, Iterable

import arrow

from dutyroom.i18n import t
from dutyroom.model.escalation import Escalation, EscalationReason, EscalationState
from dutyroom.model.text import strip_controls

GRAVE_SEVERITIES = ("I", "II")
"""Report severities whose new chains are announced on every screen."""

_DEADLINE_REASONS = (EscalationReason.DEADLINE_MISSED, EscalationReason.DEADLINE_APPROACHING)


def by_urgency(escalations: Iterable[Escalation]) -> list[Escalation]:
    """Active before acknowledged or snoozed, then the higher level, then the newest breach.

    A brand-new level-2 escalation must not sink below seven old level-3 ones that
    someone already acknowledged.
    """
    def key(esc: Escalation) -> tuple[int, int, float, int]:
        when = esc.breach_at or esc.raised_at or esc.due_at
        newest = -when.timestamp() if when is not None else 0.0
        return (0 if esc.state == EscalationState.ACTIVE else 1, -esc.level, newest, -(esc.id or 0))

    return sorted(escalations, key=key)


def _one_line(value: Any) -> str:
    return " ".join(strip_controls("" if value is None else str(value)).split())


def subject_label(store: Any, kind: str, subject_id: int, fallback: str = "") -> str:
    """"报告 #23 柳湾村", "Ticket #7 Shahe reservoir", "Key point Jiangbei levee K3+200"."""
    data = store.get(kind, subject_id) or {}
    if kind == "report":
        place = data.get("location", "")
        return t("alert.subject.report", id=subject_id, place=_one_line(place)).strip()
    if kind == "ticket":
        place = data.get("location", "")
        if not place and data.get("keypoint_id"):
            place = (store.get("keypoint", int(data["keypoint_id"])) or {}).get("name", "")
        return t("alert.subject.ticket", id=subject_id, place=_one_line(place)).strip()
    if kind == "keypoint" and data:
        return t("alert.subject.keypoint", name=_one_line(data.get("name", "")))
    if fallback:
        return _one_line(fallback)
    return f"{t('kind.' + kind)} #{subject_id}"


def severity_label(store: Any, kind: str, subject_id: int) -> str:
    """"II级" / "II" for a report or ticket with a known severity, else ""."""
    if kind not in ("report", "ticket"):
        return ""
    severity = (store.get(kind, subject_id) or {}).get("severity") or "unknown"
    return "" if severity == "unknown" else t("alert.severity", s=severity)


def reason_label(ctx: Any, esc: Escalation) -> str:
    """The reason in words; for a report's deadline, which report is late ("电话报告逾期")."""
    if esc.subject_kind == "report" and esc.reason in _DEADLINE_REASONS and esc.due_at is not None:
        duty = _duty_kind(ctx, esc.subject_id, esc.due_at)
        if duty:
            key = "alert.duty_missed" if esc.reason == EscalationReason.DEADLINE_MISSED else "alert.duty_soon"
            return t(key, duty=t(f"alert.duty.{duty}"))
    return t(esc.reason.label_key)


def _duty_kind(ctx: Any, report_id: int, due_at: arrow.Arrow) -> str:
    """Which reporting duty of the chain falls due at ``due_at`` (phone, written, follow-up)."""
    try:
        from dutyroom.model.report import IncomingReport
        from dutyroom.services import deadlines
    except ImportError:  # the reports feature is not installed
        return ""
    data = ctx.store.get("report", report_id)
    if data is None:
        return ""
    try:
        report = IncomingReport.from_dict(data)
        head = ctx.store.get("report", report.head_id or report_id) if not report.is_head else data
        duties = deadlines.pending(IncomingReport.from_dict(head or data), ctx.settings)
    except Exception:  # noqa: BLE001 - a label is not worth an error: fall back to the reason
        return ""
    for duty in duties:
        if duty.due_at == due_at:
            return duty.kind.value
    return ""


def escalation_line(ctx: Any, esc: Escalation) -> str:
    """The one line that names an escalation everywhere: subject · severity · reason."""
    from dutyroom.services.escalation import escalation_title  # the engine's module: not at import

    parts = [subject_label(ctx.store, esc.subject_kind, esc.subject_id, escalation_title(esc)),
             severity_label(ctx.store, esc.subject_kind, esc.subject_id), reason_label(ctx, esc)]
    return " · ".join(p for p in parts if p)


def report_line(ctx: Any, report_id: int) -> str:
    """A new grave report: "报告 #23 柳湾村 · II级 · 新接报"."""
    parts = [subject_label(ctx.store, "report", report_id),
             severity_label(ctx.store, "report", report_id), t("alert.new_report")]
    return " · ".join(p for p in parts if p)
