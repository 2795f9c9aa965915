"""The daily duty bulletin (值班信息日报): its figures, its approval flow, its printout.

The figures for a duty day are computed from the records by kind (reports,
tickets, escalations, instructions, deployments, deeds, key points, the duty
status and its journal) and kept as plain JSON in the bulletin record, so an
approved or issued bulletin shows exactly what the leader on duty approved.
Issuing seals it (a hash over content and signatures); it never changes again.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import arrow

from dutyroom.model.bulletin import Bulletin, BulletinState, check_step, content_digest, seal_of
from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.report import Severity
from dutyroom.model.timeinput import from_iso, iso
from dutyroom.config import duty_day_start
from dutyroom.services.callout_report import bulletin_figures as callout_figures
from dutyroom.services.context import Context
from dutyroom.services.deeds import Deeds
from dutyroom.services.deployments import Deployments
from dutyroom.services.post_figures import bulletin_figures
from dutyroom.services.record_text import message, system_entry
from dutyroom.services.station_print import stations_above
from dutyroom.store import Create, Update

KIND = "bulletin"
DEFAULTS: dict[str, Any] = {"major_severity": "III", "chain_lookback_days": 7,
                            "patrol_lookback_days": 3}
CLOSED_TICKET = ("closed", "cancelled")
MISSED = ("deadline_missed", "instruction_overdue", "patrol_overdue")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------- duty days
def day_start_time(ctx: Context) -> tuple[int, int]:
    """The duty day's start: ``duty_day_start`` (see :func:`dutyroom.config.duty_day_start`)."""
    return duty_day_start(ctx.settings)


def duty_day(ctx: Context, date: str | None = None) -> tuple[str, arrow.Arrow, arrow.Arrow]:
    """(label, start, end) of the duty day named ``date`` (YYYY-MM-DD), else the last complete one."""
    hour, minute = day_start_time(ctx)
    if date:
        value = date.strip()
        if not _DATE.match(value):
            raise ValidationError("error.bad_date", field="date", value=date)
        try:
            local = arrow.get(value, "YYYY-MM-DD", tzinfo=ctx.tz)
        except (arrow.parser.ParserError, ValueError):
            raise ValidationError("error.bad_date", field="date", value=date) from None
        start = local.replace(hour=hour, minute=minute)
    else:
        now = ctx.now().to(ctx.tz)
        today = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        start = today.shift(days=-1) if now >= today else today.shift(days=-2)
    end = start.shift(days=1)
    return start.format("YYYY-MM-DD"), start.to("UTC"), end.to("UTC")


# --------------------------------------------------------------------- figures
def _at(row: dict[str, Any], *names: str) -> arrow.Arrow | None:
    for name in names:
        if row.get(name):
            return from_iso(row[name])
    return None


def _in(moment: arrow.Arrow | None, start: arrow.Arrow, end: arrow.Arrow) -> bool:
    return moment is not None and start <= moment < end


def _read_until(ctx: Context, kind: str, end: arrow.Arrow,
                start: arrow.Arrow | None = None) -> list[dict[str, Any]]:
    """Records of a growing kind filed from ``start``'s day (or the first) up to ``end``'s day, plus open ones."""
    last = end.to("UTC").format("YYYY-MM-DD")
    first = start.to("UTC").format("YYYY-MM-DD") if start is not None else ""
    out: dict[int, dict[str, Any]] = {}
    for day in ctx.store.days(kind):
        if first <= day <= last:
            for row in ctx.store.day_records(kind, day):
                out[row["id"]] = row
    for row in ctx.store.open_records(kind):
        out.setdefault(row["id"], row)
    return [out[k] for k in sorted(out)]


def status_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> dict[str, Any]:
    """The response level and warnings in force at ``end`` and every change in [start, end).

    The state at ``end`` is the current record with later journal changes undone.
    """
    current = ctx.store.get("status", 1)
    history = ctx.store.history("status", 1) if current else []
    # walk the journal backwards from the current record, undoing one change at a time
    state: dict[str, Any] | None = dict(current) if current else None
    after: list[dict[str, Any]] = [{}] * len(history)
    before: list[dict[str, Any]] = [{}] * len(history)
    at_end: dict[str, Any] | None = None
    found_end = False
    for index in range(len(history) - 1, -1, -1):
        op = history[index]
        after[index] = dict(state or {})
        if not found_end and from_iso(op["at"]) < end:
            at_end, found_end = dict(state or {}), True
        if op["op"] == "create" or state is None:
            state = None
        else:
            for name, (old, _new) in (op.get("changes") or {}).items():
                state[name] = old
        before[index] = dict(state or {})
    if not found_end:
        at_end = dict(state or {})
    changes = []
    for index, op in enumerate(history):
        moment = from_iso(op["at"])
        if not _in(moment, start, end):
            continue
        entry: dict[str, Any] = {"at": iso(moment), "by": op["operator"]}
        for name in ("response", "warnings"):
            old = _norm(name, before[index].get(name))
            new = _norm(name, after[index].get(name))
            if old != new:
                entry[name] = [old, new]
        if len(entry) > 2:
            changes.append(entry)
    state = at_end or {}
    return {"response": _norm("response", state.get("response")),
            "warnings": _norm("warnings", state.get("warnings")), "changes": changes}


def _norm(name: str, value: Any) -> Any:
    if name == "response":
        return str(value or "none")
    codes = []
    for item in value or []:
        if isinstance(item, dict):
            codes.append(f"{item.get('type')}:{item.get('colour')}")
        else:
            codes.append(str(item))
    return sorted(codes)


def report_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow,
                   major_rank: int, lookback_days: int) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, int]]:
    """Counts by category and severity, the major events with the state of their chains, casualties."""
    rows = [r for r in ctx.store.between("report", start.shift(days=-lookback_days), end)
            if _at(r, "received_at") is not None and _at(r, "received_at") < end]
    in_period = [r for r in rows if _at(r, "received_at") >= start]
    by_category = Counter(str(r.get("category", "other")) for r in in_period)
    by_severity = Counter(str(r.get("severity", "unknown")) for r in in_period)
    matrix: dict[str, dict[str, int]] = {}
    for r in in_period:
        cell = matrix.setdefault(str(r.get("category", "other")), {})
        sev = str(r.get("severity", "unknown"))
        cell[sev] = cell.get(sev, 0) + 1
    chains: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        chains.setdefault(int(r.get("chain_id") or r["id"]), []).append(r)
    touched = {int(r.get("chain_id") or r["id"]) for r in in_period}
    events, casualties = [], Counter({"dead": 0, "injured": 0, "missing": 0, "trapped": 0})
    for chain_id in sorted(touched):
        members = sorted(chains[chain_id],
                         key=lambda r: (_at(r, "received_at"), int(r.get("sequence") or 0), r["id"]))
        latest = members[-1]
        if latest.get("verification") != "false_report":
            for name in casualties:
                casualties[name] += int(latest.get(name) or 0)
        ranks = [_severity_rank(r.get("severity")) for r in members]
        hurt = sum(int(latest.get(n) or 0) for n in ("dead", "injured", "missing", "trapped"))
        if max(ranks) >= major_rank or hurt > 0:
            stages = [str(r.get("stage", "first")) for r in members]
            events.append({"chain_id": chain_id, "category": str(members[0].get("category", "other")),
                           "severity": _top_severity(members), "location": str(members[0].get("location", "")),
                           "text": str(members[0].get("text", ""))[:200],
                           "stage": "final" if "final" in stages else stages[-1], "reports": len(members),
                           "first_at": members[0]["received_at"], "last_at": latest["received_at"],
                           "status": str(latest.get("status", "open")),
                           **{n: int(latest.get(n) or 0) for n in ("dead", "injured", "missing", "trapped")}})
    figures = {"total": len(in_period), "chains": len(touched), "by_category": dict(sorted(by_category.items())),
               "by_severity": dict(sorted(by_severity.items())), "matrix": matrix}
    return figures, events, dict(casualties)


def _severity_rank(value: Any) -> int:
    try:
        return Severity(str(value)).rank
    except ValueError:
        return 0


def _top_severity(members: list[dict[str, Any]]) -> str:
    best = max(members, key=lambda r: _severity_rank(r.get("severity")))
    return str(best.get("severity", "unknown"))


def ticket_status_at(row: dict[str, Any], end: arrow.Arrow) -> str | None:
    """The ticket's status at ``end`` from its timeline (None: not yet opened)."""
    created = _at(row, "created_at")
    if created is None or created >= end:
        return None
    status = "open"
    timeline = row.get("timeline") or []
    if not timeline:
        updated = _at(row, "updated_at") or created
        return str(row.get("status", "open")) if updated < end else "open"
    for event in sorted(timeline, key=lambda e: str(e.get("at", ""))):
        if event.get("at") and from_iso(event["at"]) < end:
            status = str(event.get("status", status))
    return status


def ticket_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> dict[str, Any]:
    opened, closed, cancelled, still_open = [], [], [], []
    for row in _read_until(ctx, "ticket", end):
        if _in(_at(row, "created_at"), start, end):
            opened.append(row["id"])
        before, after = ticket_status_at(row, start), ticket_status_at(row, end)
        if after is None:
            continue
        if after == "closed" and before != "closed":
            closed.append(row["id"])
        elif after == "cancelled" and before != "cancelled":
            cancelled.append(row["id"])
        if after not in CLOSED_TICKET:
            still_open.append(row["id"])
    return {"opened": len(opened), "closed": len(closed), "cancelled": len(cancelled),
            "still_open": len(still_open), "opened_ids": opened, "closed_ids": closed,
            "cancelled_ids": cancelled, "still_open_ids": still_open}


def escalation_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> dict[str, Any]:
    rows = [r for r in ctx.store.between("escalation", start.shift(days=-1), end)
            if _in(_at(r, "raised_at", "created_at"), start, end)]
    by_reason = Counter(str(r.get("reason", "")) for r in rows)
    items = [{"id": r["id"], "reason": str(r.get("reason", "")), "subject_kind": str(r.get("subject_kind", "")),
              "subject_id": r.get("subject_id"), "level": r.get("level", 1),
              "state": str(r.get("state", "")), "raised_at": iso(_at(r, "raised_at", "created_at"))}
             for r in rows]
    return {"raised": len(rows), "missed_deadlines": sum(by_reason[m] for m in MISSED),
            "by_reason": dict(sorted(by_reason.items())), "items": items}


def instruction_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> dict[str, Any]:
    """Leader instructions given in the period or still awaiting feedback at its start,
    each in the state it was in at the end: ``done`` (feedback given), ``overdue``, ``open``."""
    items = []
    for r in _read_until(ctx, "instruction", end):
        issued = _at(r, "issued_at", "created_at")
        if issued is None or issued >= end:
            continue
        answered = _at(r, "feedback_at") if str(r.get("status", "open")) == "done" else None
        if issued < start and answered is not None and answered < start:
            continue  # settled before the period
        due = _at(r, "due_at")
        if answered is not None and answered < end:
            state = "done"
        elif due is not None and due < end:
            state = "overdue"
        else:
            state = "open"
        items.append({"id": r["id"], "text": str(r.get("text", ""))[:300], "state": state,
                      "by": str(r.get("leader") or r.get("created_by", "")),
                      "to": str(r.get("assignee", "")), "at": iso(issued),
                      "due_at": iso(due) if due else None, "carried": issued < start})
    return {"total": len(items), "given": sum(1 for i in items if not i["carried"]),
            "by_state": dict(sorted(Counter(i["state"] for i in items).items())), "items": items}


def deployment_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> tuple[dict[str, Any], dict[str, int]]:
    every = Deployments(ctx).until(end)
    out = [d for d in every if d.overlaps(start, end)]
    back = [d for d in every if _in(d.ended_at, start, end)]
    figures = {"deployments": len(out), "teams": len({d.unit_id for d in out}),
               "people": sum(d.people for d in out), "party_members": sum(d.party_members for d in out),
               "by_task": dict(sorted(Counter(d.task.value for d in out).items())),
               "still_out": sum(1 for d in out if d.ended_at is None or d.ended_at >= end),
               "items": [{"id": d.id, "team": d.team, "task": d.task.value,
                          "target": _target(d), "people": d.people, "party_members": d.party_members,
                          "started_at": iso(d.started_at),
                          "ended_at": iso(d.ended_at) if d.ended_at and d.ended_at < end else None,
                          "evacuated": d.evacuated if _in(d.ended_at, start, end) else 0,
                          "rescued": d.rescued if _in(d.ended_at, start, end) else 0} for d in out]}
    people = {"evacuated": sum(d.evacuated for d in back), "rescued": sum(d.rescued for d in back)}
    return figures, people


def _target(d: Any) -> str:
    """Where the team went, as stored (language-neutral): ``ticket:12``, ``keypoint:3`` or the area."""
    if d.ticket_id is not None:
        return f"ticket:{d.ticket_id}"
    if d.keypoint_id is not None:
        return f"keypoint:{d.keypoint_id}"
    return d.area


def patrol_figures(ctx: Context, end: arrow.Arrow, lookback_days: int) -> list[dict[str, Any]]:
    """Key points whose patrol interval had run out at ``end``."""
    points = [k for k in ctx.store.all("keypoint") if int(k.get("patrol_interval_min") or 0) > 0]
    if not points:
        return []
    last: dict[int, arrow.Arrow] = {}
    for row in ctx.store.between("log", end.shift(days=-lookback_days), end):
        at, kp = _at(row, "at"), row.get("keypoint_id")
        if row.get("kind") == "patrol" and kp and at is not None and at < end:
            if kp not in last or at > last[kp]:
                last[kp] = at
    overdue = []
    for k in points:
        seen = last.get(k["id"])
        interval = int(k["patrol_interval_min"])
        if seen is None or (end - seen).total_seconds() > interval * 60:
            overdue.append({"keypoint_id": k["id"], "name": str(k.get("name", "")),
                            "district": str(k.get("district", "")), "interval_min": interval,
                            "last_patrol": iso(seen) if seen else None})
    return overdue


def compute(ctx: Context, label: str, start: arrow.Arrow, end: arrow.Arrow) -> dict[str, Any]:
    """Every figure of the bulletin for [start, end), as plain JSON."""
    options = {**DEFAULTS, **ctx.settings.section("bulletin")}
    try:
        major_rank = Severity(str(options["major_severity"])).rank
    except ValueError:
        major_rank = Severity.III.rank
    reports, events, casualties = report_figures(ctx, start, end, major_rank,
                                                 int(options["chain_lookback_days"]))
    deployments, moved = deployment_figures(ctx, start, end)
    deeds = [{"id": d.id, "subject": d.subject.value, "name": d.name, "text": d.text[:300],
              "at": iso(d.at), "place": d.place}
             for d in Deeds(ctx).listing(marked=True, start=start, end=end)]
    return {"duty_date": label, "period_start": iso(start), "period_end": iso(end),
            "status": status_figures(ctx, start, end), "reports": reports, "events": events,
            "tickets": ticket_figures(ctx, start, end), "escalations": escalation_figures(ctx, start, end),
            "instructions": instruction_figures(ctx, start, end), "deployments": deployments,
            "people": {**moved, **casualties},
            "patrols_overdue": patrol_figures(ctx, end, int(options["patrol_lookback_days"])),
            "deeds": deeds, "stations": stations_above(ctx, start, end),
            "callouts": callout_figures(ctx, start, end), **bulletin_figures(ctx, start, end)}


# --------------------------------------------------------------------- the flow
class Bulletins:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def find(self, label: str) -> Bulletin | None:
        for row in self.ctx.store.open_records(KIND):
            if row.get("duty_date") == label:
                return Bulletin.from_dict(row)
        for day in reversed(self.ctx.store.days(KIND)):
            for row in self.ctx.store.day_records(KIND, day):
                if row.get("duty_date") == label:
                    return Bulletin.from_dict(row)
        return None

    def preview(self, date: str | None = None) -> Bulletin:
        """The stored bulletin of the day, else an unsaved draft computed now."""
        label, start, end = duty_day(self.ctx, date)
        found = self.find(label)
        if found is not None:
            return found
        content = compute(self.ctx, label, start, end)
        return Bulletin(duty_date=label, period_start=start, period_end=end, content=content,
                        content_hash=content_digest(content))

    def draft(self, date: str | None = None) -> Bulletin:
        """Compute the figures now and keep them as the day's draft (a refresh drops an approval)."""
        label, start, end = duty_day(self.ctx, date)
        if end > self.ctx.now():
            raise ValidationError("error.bulletin_day_open", field="date", date=label,
                                  end=end.to(self.ctx.tz).format("YYYY-MM-DD HH:mm"))
        content = compute(self.ctx, label, start, end)
        now = self.ctx.now()
        fields = {"state": BulletinState.DRAFT.value, "content": content,
                  "content_hash": content_digest(content), "drafted_by": self.ctx.operator,
                  "drafted_at": iso(now), "approved_by": "", "approved_at": None, "open": True}
        found = self.find(label)
        log = self._log("upward.log.bulletin_drafted", label, now)
        if found is None:
            record = Bulletin(duty_date=label, period_start=start, period_end=end)
            stored, _ = self.ctx.store.commit([Create(KIND, {**record.payload(), **fields}), log])
        else:
            check_step(found, BulletinState.DRAFT)
            stored, _ = self.ctx.store.commit([Update(KIND, found.id or 0, fields, found.version), log])
        return Bulletin.from_dict(stored)

    def approve(self, date: str | None = None, *, content_hash: str | None = None) -> Bulletin:
        """The leader on duty approves the stored draft (``content_hash`` guards against a newer draft)."""
        found = self._require(date)
        check_step(found, BulletinState.APPROVED)
        if content_hash and content_hash != found.content_hash:
            raise ValidationError("error.bulletin_changed", field="hash", date=found.duty_date)
        leader = self.leader_on_duty()
        now = self.ctx.now()
        fields = {"state": BulletinState.APPROVED.value, "approved_by": leader, "approved_at": iso(now)}
        stored, _ = self.ctx.store.commit([Update(KIND, found.id or 0, fields, found.version),
                                           self._log("upward.log.bulletin_approved", found.duty_date, now)])
        return Bulletin.from_dict(stored)

    def issue(self, date: str | None = None) -> Bulletin:
        """Issue and seal the approved bulletin; from here it never changes."""
        found = self._require(date)
        check_step(found, BulletinState.ISSUED)
        now = self.ctx.now()
        issued = Bulletin.from_dict({**found.to_dict(), "state": BulletinState.ISSUED.value,
                                     "issued_by": self.ctx.operator, "issued_at": iso(now)})
        seal = seal_of(issued)
        fields = {"state": BulletinState.ISSUED.value, "issued_by": self.ctx.operator,
                  "issued_at": iso(now), "seal": seal, "open": False}
        stored, _ = self.ctx.store.commit([Update(KIND, found.id or 0, fields, found.version),
                                           self._log("upward.log.bulletin_issued", found.duty_date, now,
                                                     seal=seal[:16])])
        return Bulletin.from_dict(stored)

    def verify(self, bulletin: Bulletin) -> bool:
        """True when an issued bulletin still matches its seal."""
        return bulletin.state == BulletinState.ISSUED and seal_of(bulletin) == bulletin.seal

    def _require(self, date: str | None) -> Bulletin:
        label, _, _ = duty_day(self.ctx, date)
        found = self.find(label)
        if found is None:
            raise ValidationError("error.bulletin_missing", field="date", date=label)
        return found

    def _log(self, key: str, label: str, now: arrow.Arrow, **params: Any) -> Create:
        entry = system_entry(message(key, date=label, who=self.ctx.operator, **params),
                             kind=LogKind.NOTICE, at=now, author=self.ctx.operator)
        return Create("log", entry)

    def leader_on_duty(self) -> str:
        """The approver's roster name; only the leader of the current shift may approve.

        Without a roster (no shift covers now and no leader is listed) the operator is
        recorded as approver: the duty room decides who runs the app.
        """
        officers = self.ctx.store.all("officer")
        me = self.ctx.operator
        for officer in officers:
            if me in (officer.get("os_user"), officer.get("name")):
                me = str(officer.get("name") or me)
                break
        now = self.ctx.now()
        for shift in self.ctx.store.all("shift"):
            start, end = _at(shift, "start"), _at(shift, "end")
            if start and end and start <= now < end and shift.get("leader"):
                if shift["leader"] != me:
                    raise ValidationError("error.not_leader", field="operator", who=me,
                                          leader=shift["leader"])
                return me
        leaders = [o.get("name") for o in officers if o.get("role") == "leader"]
        if leaders and me not in leaders:
            raise ValidationError("error.not_leader", field="operator", who=me,
                                  leader=", ".join(str(n) for n in leaders))
        return me
