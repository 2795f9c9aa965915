"""Incoming reports: intake, chains, severity, reports upward, verification,
duplicates and merging, and turning a chain into a hazard ticket.

Every change is one store commit that also carries its duty-log entry (a
system entry linked with the chain's ``report_id``), so the journal and the
duty log always agree. The one exception is intake: the new report's id is
known only once it is stored, so its log entry follows in a second commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.report import (COUNT_FIELDS, Category, Channel, Forward, ForwardVia,
                                   IncomingReport, ReportStatus, Severity, SeverityChange, Stage,
                                   Verification, clean_count, new_report, parse_code)
from dutyroom.model.text import clean
from dutyroom.model.ticket import HazardTicket, TicketStatus, TimelineEvent
from dutyroom.services.context import Context
from dutyroom.services.record_text import Message, message, sentences, subject_ref, system_entry
from dutyroom.store import Create, Update

DEFAULTS = {"duplicate_window_min": 120}
"""``[reports]`` in config.toml: how close in time a same-category report at the same place is a duplicate."""

_PUNCT = re.compile(r"[\s,.;:!?()\[\]{}'\"、,。;:!?()【】《》“”‘’·\-_/]+")


@dataclass
class Chain:
    """A chain as one thread: the first report, then follow-ups and the final report."""

    head: IncomingReport
    thread: list[IncomingReport]
    merged: list[IncomingReport]

    @property
    def reports(self) -> list[IncomingReport]:
        return [self.head, *self.thread]


def _norm_place(text: str) -> str:
    return _PUNCT.sub("", text).casefold()


def same_place(a: IncomingReport, location: str, keypoint_id: int | None) -> bool:
    """Same key point, or the same location text (one containing the other, punctuation aside)."""
    if keypoint_id is not None and a.keypoint_id is not None:
        return keypoint_id == a.keypoint_id
    x, y = _norm_place(a.location), _norm_place(location)
    if not x or not y:
        return False
    return x == y or (min(len(x), len(y)) >= 2 and (x in y or y in x))


class Reports:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ reading
    def settings(self) -> dict[str, Any]:
        return {**DEFAULTS, **self.ctx.settings.section("reports")}

    def get(self, report_id: int) -> IncomingReport:
        data = self.ctx.store.get("report", report_id)
        if data is None:
            raise ValidationError("error.report_missing", field="id", id=report_id)
        return IncomingReport.from_dict(data)

    def head(self, report_id: int) -> IncomingReport:
        """The first report of the chain ``report_id`` belongs to."""
        report = self.get(report_id)
        return report if report.is_head else self.get(report.chain_id or report_id)

    def chain(self, report_id: int) -> Chain:
        head = self.head(report_id)
        thread = [self.get(i) for i in head.thread_ids]
        merged = [self.get(i) for i in head.merged_ids]
        return Chain(head, thread, merged)

    def open_chains(self) -> list[IncomingReport]:
        """First reports of the open chains (a record another tool left open mid-chain is skipped)."""
        reports = (IncomingReport.from_dict(r) for r in self.ctx.store.open_records("report"))
        return [r for r in reports if r.is_head]

    def all_chains(self) -> list[IncomingReport]:
        """Every chain of the season, by received time (reads every report day file)."""
        out = []
        for day in self.ctx.store.days("report"):
            out.extend(IncomingReport.from_dict(r) for r in self.ctx.store.day_records("report", day)
                       if r.get("stage") == Stage.FIRST.value)
        return sorted(out, key=lambda r: (r.received_at, r.id or 0))

    def duplicates(self, category: Category, location: str, keypoint_id: int | None,
                   received_at: arrow.Arrow, exclude: int | None = None) -> list[IncomingReport]:
        """Open chains with the same category at the same place within the window of ``received_at``."""
        window = int(self.settings()["duplicate_window_min"]) * 60
        out = []
        for chain in self.open_chains():
            if chain.id == exclude or chain.category != category:
                continue
            times = [chain.received_at, chain.last_at or chain.received_at]
            if min(abs((moment - received_at).total_seconds()) for moment in times) > window:
                continue
            if same_place(chain, location, keypoint_id):
                out.append(chain)
        return out

    # ------------------------------------------------------------------ intake
    def add(self, *, channel: str | Channel, category: str | Category, location: str, text: str,
            severity: str | Severity = Severity.UNKNOWN, received_at: str | arrow.Arrow | None = None,
            event_at: str | arrow.Arrow | None = None, keypoint_id: int | None = None,
            read_back: bool = False, **optional: Any) -> IncomingReport:
        """A first report (首报); flags open chains it may repeat in ``duplicate_of``."""
        received = self._not_future(self._time(received_at, "received_at"), "received_at")
        event = (self._not_future(self._time(event_at, "event_at"), "event_at")
                 if event_at not in (None, "") else None)
        if keypoint_id is not None and self.ctx.store.get("keypoint", keypoint_id) is None:
            raise ValidationError("error.link_missing", field="keypoint_id", kind="keypoint",
                                  id=keypoint_id)
        report = new_report(received_at=received, channel=channel, category=category,
                            location=location, text=text, severity=severity, event_at=event,
                            keypoint_id=keypoint_id, read_back=read_back, **optional)
        report.duplicate_of = [d.id for d in self.duplicates(report.category, report.location,
                                                            report.keypoint_id, received) if d.id]
        stored = IncomingReport.from_dict(self.ctx.store.create("report", report.payload()))
        note = message("report.log.new", id=stored.id, category=stored.category,
                       severity=stored.severity, location=stored.location,
                       text=_clip(stored.text), channel=stored.channel,
                       reporter=" ".join(p for p in (stored.reporter_unit, stored.reporter, stored.phone) if p)
                       or message("word.none"))
        if stored.duplicate_of:
            note = sentences(note, message("report.log.duplicate", ids=_ids(stored.duplicate_of)))
        self.ctx.store.commit([self._log(note, stored.id, LogKind.CALL_IN, at=received,
                                         keypoint_id=stored.keypoint_id)])
        return stored

    # ------------------------------------------------------------------ chain
    def follow_up(self, report_id: int, text: str, *, final: bool = False,
                  severity: str | Severity | None = None, category: str | Category | None = None,
                  location: str | None = None, received_at: str | arrow.Arrow | None = None,
                  reason: str = "", expected_version: int | None = None,
                  **counts: Any) -> IncomingReport:
        """A numbered follow-up (续报) or the final report (终报) of the chain; returns it.

        It starts from the chain's location, category and severity; whatever it
        changes (severity raised or lowered, new head counts) is carried to the chain.
        """
        head = self._open_head(report_id)
        received = self._not_future(self._time(received_at, "received_at"), "received_at")
        body = clean(text, "text", required=True, max_len=4000)
        new_severity = parse_code(Severity, severity, "severity") if severity else head.severity
        new_category = parse_code(Category, category, "category") if category else head.category
        new_location = (clean(location, "location", required=True, max_len=200, single_line=True)
                        if location else head.location)
        changed_counts = {k: clean_count(v, k) for k, v in counts.items()
                          if k in COUNT_FIELDS and v not in (None, "")}
        if set(counts) - set(COUNT_FIELDS):
            raise TypeError(f"unknown follow-up fields: {sorted(set(counts) - set(COUNT_FIELDS))}")
        sequence = len(head.thread_ids) + 1
        stage = Stage.FINAL if final else Stage.FOLLOW_UP
        item = IncomingReport(received_at=received, channel=head.channel, category=new_category,
                              severity=new_severity, location=new_location, text=body, stage=stage,
                              status=ReportStatus.CLOSED if final else ReportStatus.OPEN,
                              open=False, chain_id=head.id, sequence=sequence,
                              keypoint_id=head.keypoint_id, **changed_counts)
        predicted = self._predict_id("report")
        changes: dict[str, Any] = {"thread_ids": [*head.thread_ids, predicted],
                                   "last_at": _later(head.last_at, received),
                                   "category": new_category.value, "location": new_location,
                                   **changed_counts}
        notes = [message("report.log.final" if final else "report.log.follow_up", id=head.id,
                         n=sequence, text=_clip(body))]
        if new_severity != head.severity:
            changes.update(self._severity_fields(head, new_severity, reason, received))
            notes.append(self._severity_note(head, new_severity, reason))
        if final:
            changes.update({"status": ReportStatus.CLOSED.value, "open": False,
                            "closed_at": _iso(received), "final_id": predicted})
        ops = [Create("report", item.payload()),
               Update("report", head.id or 0, changes, self._version(head, expected_version)),
               self._log(sentences(*notes), head.id, LogKind.CALL_IN)]
        records = self.ctx.store.commit(ops)
        stored = IncomingReport.from_dict(records[0])
        if stored.id != predicted:  # another process added a report between prediction and commit
            fix = {"thread_ids": [*head.thread_ids, stored.id]}
            if final:
                fix["final_id"] = stored.id
            self.ctx.store.commit([Update("report", head.id or 0, fix)])
        return stored

    def final(self, report_id: int, text: str, **kwargs: Any) -> IncomingReport:
        return self.follow_up(report_id, text, final=True, **kwargs)

    def set_severity(self, report_id: int, severity: str | Severity, reason: str = "",
                     expected_version: int | None = None) -> IncomingReport:
        """Raise or lower the chain's severity; a raise restarts its reporting deadlines."""
        head = self._open_head(report_id)
        target = parse_code(Severity, severity, "severity")
        why = clean(reason, "reason", max_len=500)
        if target == head.severity:
            return head
        changes = self._severity_fields(head, target, why, self.ctx.now())
        return self._update(head, changes, self._severity_note(head, target, why),
                            expected_version=expected_version)

    def forward(self, report_id: int, to: str, via: str | ForwardVia,
                at: str | arrow.Arrow | None = None,
                expected_version: int | None = None) -> IncomingReport:
        """Record "reported to superior" (to whom, by phone or in writing, when)."""
        head = self._open_head(report_id, allow_closed=True)
        whom = clean(to, "forward_to", required=True, max_len=200, single_line=True)
        how = parse_code(ForwardVia, via, "via")
        moment = self._not_future(self._time(at, "at"), "at")
        entry = Forward(to=whom, via=how, at=moment, by=self.ctx.operator)
        forwards = [*head.forwards, entry]
        data = {"forwards": [_forward_dict(f) for f in forwards]}
        note = message("report.log.forward", id=head.id, to=whom, via=how, at=_local(self.ctx, moment))
        return self._update(head, data, note, kind=LogKind.CALL_OUT, at=moment,
                            expected_version=expected_version)

    def verify(self, report_id: int, by: str, how: str, false_report: bool = False,
               expected_version: int | None = None) -> IncomingReport:
        """Record who verified the chain and how; a false report closes it."""
        head = self._open_head(report_id, allow_closed=True)
        who = clean(by, "by", required=True, max_len=80, single_line=True)
        method = clean(how, "how", required=True, max_len=500)
        status = Verification.FALSE_REPORT if false_report else Verification.VERIFIED
        data: dict[str, Any] = {"verification": status.value, "verified_by": who,
                                "verified_how": method, "verified_at": _iso(self.ctx.now())}
        if false_report and head.status == ReportStatus.OPEN:
            data.update({"status": ReportStatus.CLOSED.value, "open": False,
                         "closed_at": _iso(self.ctx.now())})
        key = "report.log.false_report" if false_report else "report.log.verified"
        return self._update(head, data, message(key, id=head.id, by=who, how=_clip(method, 200)),
                            expected_version=expected_version)

    def merge(self, report_id: int, into: int) -> IncomingReport:
        """Merge the chain of ``report_id`` into the open chain ``into``: both kept, linked.

        The merged chain stops counting (status ``merged``, no deadlines); the
        target takes the graver severity of the two.
        """
        source = self.head(report_id)
        target = self.head(into)
        if source.id == target.id:
            raise ValidationError("error.merge_self", field="into", id=into)
        if source.status != ReportStatus.OPEN:
            raise TransitionError("error.report_not_open", id=source.id,
                                  status=t(source.status.label_key))
        if target.status != ReportStatus.OPEN:
            raise TransitionError("error.report_not_open", id=target.id,
                                  status=t(target.status.label_key))
        target_changes: dict[str, Any] = {
            "merged_ids": [*target.merged_ids, source.id],
            "last_at": _later(target.last_at, source.last_at or source.received_at)}
        notes = [message("report.log.merged", id=source.id, into=target.id)]
        if source.severity.rank > target.severity.rank:
            target_changes.update(self._severity_fields(target, source.severity, "", self.ctx.now()))
            notes.append(self._severity_note(target, source.severity,
                                             message("report.merge_reason", id=source.id)))
        ops = [Update("report", source.id or 0, {"status": ReportStatus.MERGED.value, "open": False,
                                                 "merged_into": target.id,
                                                 "closed_at": _iso(self.ctx.now())}, source.version),
               Update("report", target.id or 0, target_changes, target.version),
               self._log(sentences(*notes), target.id, LogKind.NOTICE),
               self._log(notes[0], source.id, LogKind.NOTICE)]
        self.ctx.store.commit(ops)
        return self.get(target.id or 0)

    # ------------------------------------------------------------------ helpers
    def _open_head(self, report_id: int, allow_closed: bool = False) -> IncomingReport:
        head = self.head(report_id)
        if head.status == ReportStatus.MERGED:
            raise TransitionError("error.report_merged", id=head.id, into=head.merged_into)
        if head.status != ReportStatus.OPEN and not allow_closed:
            raise TransitionError("error.report_not_open", id=head.id,
                                  status=t(head.status.label_key))
        return head

    def _time(self, value: str | arrow.Arrow | None, field: str) -> arrow.Arrow:
        return value.to("UTC") if isinstance(value, arrow.Arrow) else self.ctx.parse_time(value, field)

    def _not_future(self, moment: arrow.Arrow, field: str) -> arrow.Arrow:
        """Reports record what happened: a time more than a minute ahead is a typing slip."""
        if moment > self.ctx.now().shift(minutes=1):
            raise ValidationError("error.report_future", field=field, value=_local(self.ctx, moment))
        return moment

    @staticmethod
    def _version(record: IncomingReport, expected: int | None) -> int:
        return record.version if expected is None else expected

    def _predict_id(self, kind: str) -> int:
        return self.ctx.store.next_id(kind)

    def _severity_fields(self, head: IncomingReport, target: Severity, reason: str,
                         at: arrow.Arrow) -> dict[str, Any]:
        change = SeverityChange(at=at, by=self.ctx.operator, old=head.severity, new=target,
                                reason=reason)
        fields: dict[str, Any] = {
            "severity": target.value,
            "severity_changes": [*(_change_dict(c) for c in head.severity_changes),
                                 _change_dict(change)]}
        if target.rank > head.severity.rank:
            fields["severity_at"] = _iso(at)
        return fields

    def _severity_note(self, head: IncomingReport, target: Severity, reason: Any) -> Message:
        key = "report.log.raised" if target.rank > head.severity.rank else "report.log.lowered"
        note = message(key, id=head.id, old=head.severity, new=target)
        return sentences(note, message("report.log.reason", reason=reason)) if reason else note

    def _update(self, head: IncomingReport, data: dict[str, Any], note: Message, *,
                kind: LogKind = LogKind.NOTICE, at: arrow.Arrow | None = None,
                expected_version: int | None = None) -> IncomingReport:
        records = self.ctx.store.commit([
            Update("report", head.id or 0, data, self._version(head, expected_version)),
            self._log(note, head.id, kind, at=at)])
        return IncomingReport.from_dict(records[0])

    def _log(self, msg: Message, report_id: int | None, kind: LogKind, *,
             at: arrow.Arrow | None = None, ticket_id: int | None = None,
             keypoint_id: int | None = None) -> Create:
        return Create("log", system_entry(msg, kind=kind, at=at or self.ctx.now(), author=self.ctx.operator,
                                          report_id=report_id, ticket_id=ticket_id, keypoint_id=keypoint_id))


def to_ticket(ctx: Context, report_id: int, note: str = "") -> tuple[IncomingReport, dict[str, Any]]:
    """Turn a chain into a hazard ticket; both link to each other, in one commit.

    Kept small so the tickets service can take it over. The ticket's id is
    predicted from the store's counter; should another process create a ticket
    between prediction and commit, the report's link is corrected at once.
    """
    reports = Reports(ctx)
    head = reports.head(report_id)
    if head.ticket_id is not None:
        raise TransitionError("error.report_has_ticket", id=head.id, ticket=head.ticket_id)
    if head.status == ReportStatus.MERGED:
        raise TransitionError("error.report_merged", id=head.id, into=head.merged_into)
    now = ctx.now()
    event = TimelineEvent(at=now, author=ctx.operator, status=TicketStatus.OPEN,
                          note=clean(note, "note", max_len=500))  # the source is report_ids: worded when shown
    ticket = HazardTicket(hazard=head.category, text=head.text, severity=head.severity,
                          location=head.location, keypoint_id=head.keypoint_id,
                          report_ids=[head.id or 0, *head.merged_ids], trapped=head.trapped,
                          timeline=[event])
    predicted = reports._predict_id("ticket")  # noqa: SLF001 - same module family
    payload = {**ticket.payload(), "open": True}
    log_text = message("report.log.ticket", id=head.id, ticket=predicted)
    records = ctx.store.commit([
        Create("ticket", payload),
        Update("report", head.id or 0, {"ticket_id": predicted}, head.version),
        reports._log(log_text, head.id, LogKind.ACTION),  # noqa: SLF001
    ])
    stored_ticket, stored_report = records[0], records[1]
    if stored_ticket["id"] != predicted:
        stored_report = ctx.store.update("report", head.id or 0, {"ticket_id": stored_ticket["id"]})
    return IncomingReport.from_dict(stored_report), stored_ticket


def _forward_dict(entry: Forward) -> dict[str, Any]:
    return {"to": entry.to, "via": entry.via.value, "at": _iso(entry.at), "by": entry.by}


def _change_dict(change: SeverityChange) -> dict[str, Any]:
    return {"at": _iso(change.at), "by": change.by, "old": change.old.value,
            "new": change.new.value, "reason": change.reason}


def _iso(moment: arrow.Arrow) -> str:
    from dutyroom.model.timeinput import iso

    return iso(moment)


def _later(a: arrow.Arrow | None, b: arrow.Arrow) -> str:
    return _iso(b if a is None or b > a else a)


def _local(ctx: Context, moment: arrow.Arrow) -> str:
    return ctx.local(moment).format("YYYY-MM-DD HH:mm")


def _clip(text: str, width: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _ids(ids: list[int]) -> list[dict[str, Any]]:
    return [subject_ref("report", i) for i in ids]
