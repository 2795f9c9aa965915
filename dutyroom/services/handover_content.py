"""What a handover carries, built from the live state (never from memory).

Every record with ``open`` set, of every kind in ``open.json`` (reports,
tickets, escalations, leader instructions and any kind added later), becomes a
carried item; key points whose patrol is overdue are carried too. The known
kinds get a proper summary and their next deadline; an unknown kind is carried
generically, so no open item is ever dropped because this module does not know it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.model.handover import CarriedItem, NotableEvent, ShiftStatistics
from dutyroom.model.shift import Shift
from dutyroom.model.timeinput import from_iso
from dutyroom.services.callout_report import handover_item as callout_item
from dutyroom.services.context import Context
from dutyroom.services.record_text import enum, message, render, subject_ref
from dutyroom.services.standing_orders import summaries
from dutyroom.services.station_print import stations_above  # noqa: F401  (issue 15: handover.stations)

NOT_CARRIED = frozenset({"handover", "guard"})
"""Open kinds that are bookkeeping, not duty items: the handover drafts themselves and the
escalation engine's run guard. ``[handover] not_carried`` in config.toml adds more."""
KIND_ORDER = {"report": 0, "ticket": 1, "escalation": 2, "instruction": 3, "patrol": 4}
SEVERITY_RANK = {"I": 4, "II": 3, "III": 2, "IV": 1}
TEXT_FIELDS = ("title", "text", "summary", "name", "content", "location", "reason")
TIME_FIELDS = ("received_at", "issued_at", "raised_at", "created_at")
DEADLINE_FIELDS = ("due_at", "deadline", "feedback_due_at", "ack_due_at", "next_deadline")
MAX_SUMMARY = 300
MAX_EVENTS = 60
DEFAULTS: dict[str, Any] = {"guard_minutes": 60, "guard_severities": ["I", "II"],
                            "patrol_lookback_days": 3, "late_minutes": 120}


def settings(ctx: Context) -> dict[str, Any]:
    """``[handover]`` over the defaults; a value of the wrong type is named, never a crash."""
    merged = {**DEFAULTS, **ctx.settings.section("handover")}
    for name in ("guard_minutes", "patrol_lookback_days", "late_minutes"):
        value = merged[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10080:
            raise ValidationError("handover.error.bad_setting", field="handover", name=name, value=value)
    for name in ("guard_severities", "not_carried"):
        value = merged.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError("handover.error.bad_setting", field="handover", name=name, value=value)
    return merged


def open_kinds(ctx: Context) -> list[str]:
    """Every kind that has at least one open record, from ``open.json`` itself."""
    skip = NOT_CARRIED | {str(k) for k in settings(ctx).get("not_carried") or []}
    return [k for k in ctx.store.open_kinds() if k not in skip]


def carried_items(ctx: Context) -> list[CarriedItem]:
    """Every open item now, gravest first; each open record appears exactly once."""
    items: list[CarriedItem] = []
    now = ctx.now()
    for kind in open_kinds(ctx):
        make = _MAKERS.get(kind, _generic)
        rows = [data for data in ctx.store.open_records(kind) if data.get("open")]
        if kind == "report":
            rows = chain_heads(rows)
        for data in rows:
            try:
                item = make(ctx, kind, data, now)
            except Exception:  # noqa: BLE001 - a record we cannot summarise is still carried
                item = _generic(ctx, kind, data, now)
            items.append(item)
    items.extend(overdue_patrols(ctx, now))
    return sorted(items, key=_order)


def chain_heads(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per report chain: a follow-up left open (by another tool, or an older demo day)
    belongs to its chain, carried once by its open first report; only an orphan is kept."""
    heads = {row.get("id") for row in rows if not row.get("chain_id") or row.get("chain_id") == row.get("id")}
    return [row for row in rows if not row.get("chain_id") or row.get("chain_id") == row.get("id")
            or row.get("chain_id") not in heads]


def _order(item: CarriedItem) -> tuple[int, int, int, int]:
    return (-SEVERITY_RANK.get(item.severity, 0), KIND_ORDER.get(item.kind, 9),
            0 if item.overdue else 1, item.id)


def _text(data: dict[str, Any], *names: str) -> str:
    for name in names or TEXT_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def _summary(*parts: str) -> str:
    text = " · ".join(p for p in parts if p)
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1] + "…"


def _when(data: dict[str, Any], *names: str) -> arrow.Arrow | None:
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value:
            try:
                return from_iso(value)
            except (arrow.parser.ParserError, ValueError, TypeError):
                continue
    return None


def _generic(ctx: Context, kind: str, data: dict[str, Any], now: arrow.Arrow) -> CarriedItem:
    deadline = _when(data, *DEADLINE_FIELDS)
    severity = data.get("severity")
    status = data.get("status") or data.get("state") or ""
    fallback = None if _text(data) else subject_ref(kind, int(data["id"]))
    return CarriedItem(kind=kind, id=int(data["id"]), summary=_summary(_text(data)) or render(fallback),
                       message=fallback, severity=severity if isinstance(severity, str) else "",
                       status=status if isinstance(status, str) else "",
                       opened_at=_when(data, *TIME_FIELDS), deadline=deadline,
                       deadline_what="due" if deadline else "",
                       overdue=bool(deadline and deadline < now))


def _report(ctx: Context, kind: str, data: dict[str, Any], now: arrow.Arrow) -> CarriedItem:
    item = _generic(ctx, kind, data, now)
    item.summary = _summary(_text(data, "location"), _text(data, "text")) or item.summary
    item.status = data.get("stage") or item.status
    item.detail = data.get("category") or ""
    # the first hour of a grave report runs from when it became that grave
    item.opened_at = _when(data, "severity_at", "received_at", "created_at")
    found = _next_deadline(ctx, data, now)
    if found is not None:
        item.deadline, item.deadline_what = found
        item.overdue = item.deadline < now
    return item


def _ticket(ctx: Context, kind: str, data: dict[str, Any], now: arrow.Arrow) -> CarriedItem:
    item = _generic(ctx, kind, data, now)
    item.summary = _summary(_text(data, "location"), _text(data, "text")) or item.summary
    item.detail = data.get("hazard") or ""
    ack_due = _when(data, "ack_due_at")
    if ack_due is not None and data.get("status") == "dispatched":
        item.deadline, item.deadline_what, item.overdue = ack_due, "ack", ack_due < now
    else:
        item.deadline, item.deadline_what, item.overdue = None, "", False
    return item


def _escalation(ctx: Context, kind: str, data: dict[str, Any], now: arrow.Arrow) -> CarriedItem:
    item = _generic(ctx, kind, data, now)
    subject_kind, subject_id = data.get("subject_kind") or "", data.get("subject_id")
    item.message = escalation_message(data)
    item.summary = _summary(render(item.message))
    item.severity = ""  # the subject carries its own severity; an escalation is not itself graded
    item.detail = f"L{data.get('level', 1)}"
    item.opened_at = _when(data, "raised_at", "created_at")
    due = _when(data, "due_at")
    item.deadline, item.deadline_what, item.overdue = due, ("due" if due else ""), bool(due and due < now)
    return item


def escalation_message(data: dict[str, Any]) -> dict[str, Any]:
    """What an escalation is about, for the handover: its reason and its subject (the subject's
    title as the engine stored it, else "报告 #9"), rendered in each reader's language."""
    title: Any = data.get("title_message") or data.get("title") or ""
    if not title and data.get("subject_kind") and isinstance(data.get("subject_id"), int):
        title = subject_ref(str(data["subject_kind"]), int(data["subject_id"]))
    return message("handover.item.escalation", reason=enum(str(data.get("reason", "")), "escalation_reason"),
                   subject=title, level=int(data.get("level") or 1))


def _next_deadline(ctx: Context, data: dict[str, Any], now: arrow.Arrow) -> tuple[arrow.Arrow, str] | None:
    """The report's next reporting deadline from the deadlines service, when it exists."""
    try:
        from dutyroom.model.report import IncomingReport
        from dutyroom.services.deadlines import next_deadline  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        found = next_deadline(IncomingReport.from_dict(data), ctx.settings, now)
    except Exception:  # noqa: BLE001 - a deadline we cannot compute must not hide the item
        return None
    if found is None:
        return None
    if isinstance(found, arrow.Arrow):
        return found, "report"
    at = getattr(found, "at", None) or getattr(found, "due_at", None) or getattr(found, "due", None)
    what = getattr(found, "what", None) or getattr(found, "kind", None) or getattr(found, "stage", None) or "report"
    if isinstance(at, str):
        at = from_iso(at)
    return (at, str(getattr(what, "value", what))) if isinstance(at, arrow.Arrow) else None


def _instruction(ctx: Context, kind: str, data: dict[str, Any], now: arrow.Arrow) -> CarriedItem:
    item = _generic(ctx, kind, data, now)
    leader, assignee = _text(data, "leader"), _text(data, "assignee")
    item.summary = _summary(f"{leader}:" if leader else "", _text(data, "text"),
                            f"→ {assignee}" if assignee else "") or item.summary
    if data.get("subject_kind") and isinstance(data.get("subject_id"), int):
        about = subject_ref(data["subject_kind"], data["subject_id"])
        item.message = message("handover.item.instruction", subject=about, text=item.summary)
    item.opened_at = _when(data, "issued_at", "created_at")
    due = _when(data, "due_at")
    item.deadline, item.deadline_what, item.overdue = due, ("feedback" if due else ""), bool(due and now > due)
    about = data.get("subject_kind")
    item.detail = f"{about}:{data.get('subject_id')}" if about else ""
    return item


_MAKERS: dict[str, Callable[[Context, str, dict[str, Any], arrow.Arrow], CarriedItem]] = {
    "report": _report, "ticket": _ticket, "escalation": _escalation, "instruction": _instruction,
}
_MAKERS["callout"] = callout_item  # issue #15: an open warning call-out, its progress and silent areas


def overdue_patrols(ctx: Context, now: arrow.Arrow) -> list[CarriedItem]:
    """Key points whose patrol is overdue, as the key-point service (tickets feature) sees it:
    its intervals follow the response level. Without that service, :func:`_own_patrol_check`."""
    try:
        from dutyroom.services.keypoints import KeyPoints  # type: ignore[import-not-found]
    except ImportError:
        return _own_patrol_check(ctx, now)
    out = []
    for status in KeyPoints(ctx).patrol_status():
        if not status.overdue:
            continue
        point = status.point
        out.append(CarriedItem(kind="patrol", id=int(point.id or 0),
                               summary=_summary(point.name, point.town or point.district),
                               status="overdue", opened_at=status.last_patrol_at, deadline=status.due_at,
                               deadline_what="patrol", overdue=True, detail=f"{status.interval_min} min"))
    return out


def _own_patrol_check(ctx: Context, now: arrow.Arrow) -> list[CarriedItem]:
    """Key points with a patrol interval whose last patrol log entry is older than it."""
    points = [k for k in ctx.store.all("keypoint") if k.get("patrol_interval_min")]
    if not points:
        return []
    lookback = int(settings(ctx)["patrol_lookback_days"])
    last: dict[int, arrow.Arrow] = {}
    for entry in ctx.store.between("log", now.shift(days=-lookback), now):
        keypoint = entry.get("keypoint_id")
        if entry.get("kind") == "patrol" and keypoint:
            at = from_iso(entry["at"])
            if at <= now and (keypoint not in last or at > last[keypoint]):
                last[keypoint] = at
    out = []
    for point in points:
        interval = int(point["patrol_interval_min"])
        seen = last.get(point["id"])
        due = (seen.shift(minutes=interval) if seen else
               from_iso(point.get("created_at") or now).shift(minutes=interval))
        if due <= now:  # due at this very minute counts, as the key-point service has it
            out.append(CarriedItem(kind="patrol", id=int(point["id"]),
                                   summary=_summary(_text(point, "name"), _text(point, "town", "district")),
                                   status="overdue", opened_at=seen, deadline=due,
                                   deadline_what="patrol", overdue=True,
                                   detail=f"{interval} min"))
    return out


# --------------------------------------------------------------- the shift's other sections
def duty_status(ctx: Context) -> tuple[str, list[str]]:
    data = ctx.store.get("status", 1) or {}
    warnings = []
    for w in data.get("warnings") or []:
        if isinstance(w, dict):
            warnings.append(f"{w.get('type', '')}:{w.get('colour', '')}")
        elif isinstance(w, str):
            warnings.append(w)
    return str(data.get("response") or "none"), warnings


def standing_orders(ctx: Context) -> list[str]:
    """The standing orders in force now: each handover carries them until ended."""
    return summaries(ctx)


def evacuations(ctx: Context) -> dict[str, Any]:
    """People moved as of now, per area and in total (see :mod:`dutyroom.services.post_figures`)."""
    from dutyroom.services.post_figures import evacuation_figures

    return evacuation_figures(ctx)


@dataclass
class Window:
    start: arrow.Arrow
    end: arrow.Arrow

    def has(self, value: object) -> bool:
        if not isinstance(value, str) or not value:
            return False
        at = from_iso(value)
        return self.start <= at < self.end


def window_of(shift: Shift, now: arrow.Arrow) -> Window:
    """The whole shift: a handover written early still counts what is logged up to its end."""
    return Window(shift.start, shift.end)


def statistics(ctx: Context, window: Window) -> ShiftStatistics:
    store = ctx.store
    logs = [r for r in store.between("log", window.start, window.end) if window.has(r.get("at"))]
    reports = [r for r in store.between("report", window.start, window.end) if window.has(r.get("received_at"))]
    opened = [r for r in store.between("ticket", window.start, window.end) if window.has(r.get("created_at"))]
    closed = 0
    for ticket in store.between("ticket", window.start.shift(days=-30), window.end):
        if any(e.get("status") == "closed" and window.has(e.get("at")) for e in ticket.get("timeline") or []):
            closed += 1
    return ShiftStatistics(
        log_by_kind=dict(sorted(Counter(str(r.get("kind")) for r in logs).items())),
        reports_by_category=dict(sorted(Counter(str(r.get("category")) for r in reports).items())),
        reports_by_severity=dict(sorted(Counter(str(r.get("severity")) for r in reports).items())),
        reports_total=len(reports), tickets_opened=len(opened), tickets_closed=closed,
        log_total=len(logs))


def notable_events(ctx: Context, window: Window) -> list[NotableEvent]:
    """Grave reports and tickets, casualties, leader instructions, escalations above level 1."""
    store = ctx.store
    events: list[NotableEvent] = []
    grave = {"I", "II"}
    for r in store.between("report", window.start, window.end):
        casualties = sum(int(r.get(k) or 0) for k in ("dead", "missing", "trapped"))
        if window.has(r.get("received_at")) and (r.get("severity") in grave or casualties):
            events.append(NotableEvent(from_iso(r["received_at"]), "report", r["id"],
                                       _summary(_text(r, "location"), _text(r, "text")), r.get("severity") or ""))
    for r in store.between("ticket", window.start, window.end):
        if window.has(r.get("created_at")) and r.get("severity") in grave:
            events.append(NotableEvent(from_iso(r["created_at"]), "ticket", r["id"],
                                       _summary(_text(r, "location"), _text(r, "text")), r.get("severity") or ""))
    for r in store.between("escalation", window.start, window.end):
        if window.has(r.get("raised_at") or r.get("created_at")) and int(r.get("level") or 1) >= 2:
            msg = escalation_message(r)
            events.append(NotableEvent(from_iso(r.get("raised_at") or r["created_at"]), "escalation", r["id"],
                                       _summary(render(msg)), message=msg))
    instructions = {r["id"]: r for r in [*store.between("instruction", window.start, window.end),
                                         *store.open_records("instruction")]}
    for r in instructions.values():
        issued = r.get("issued_at") or r.get("created_at")
        if window.has(issued):  # leader instructions are records (services.instructions)
            events.append(NotableEvent(from_iso(issued), "instruction", r["id"],
                                       _summary(f"{_text(r, 'leader')}:", _text(r, "text"))))
    for r in store.between("log", window.start, window.end):
        if window.has(r.get("at")) and r.get("kind") == "instruction" and not r.get("system"):
            events.append(NotableEvent(from_iso(r["at"]), "log", r["id"], _summary(_text(r, "text"))))
    events.sort(key=lambda e: (e.at, e.kind, e.id))
    # Over the cap, the oldest escalations give way first: a busy shift's escalations must not
    # push its leader instructions and grave reports out of the handover.
    escalations = [e for e in events if e.kind == "escalation"]
    dropped = {id(e) for e in escalations[:max(0, len(events) - MAX_EVENTS)]}
    return [e for e in events if id(e) not in dropped][-MAX_EVENTS:]


def grave_in_first_hour(ctx: Context, items: list[CarriedItem]) -> list[CarriedItem]:
    """Items whose severity is guarded (I, II) and which are still in their first hour."""
    conf = settings(ctx)
    minutes = int(conf["guard_minutes"])
    severities = {str(s) for s in conf["guard_severities"]}
    now = ctx.now()
    return [i for i in items if i.severity in severities and i.opened_at is not None
            and i.opened_at <= now < i.opened_at.shift(minutes=minutes)]
