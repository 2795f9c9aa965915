"""The demo day's incoming reports (chains of first, follow-up and final reports), their
reports upward, and the leader instructions given on the grave ones.

Reports are written as the report service writes them: a follow-up is a closed record of
its chain (``open`` false), and the chain's first report carries the chain's state
(``thread_ids``, ``last_at``, closed by its final report). Leader instructions go through
:class:`~dutyroom.services.instructions.Instructions` itself.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.model.deadline import DeadlineKind, pending
from dutyroom.model.log_entry import LogKind
from dutyroom.model.report import (Category, Channel, Forward, ForwardVia, IncomingReport, ReportStatus,
                                   Severity, Stage)
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.deadlines import table
from dutyroom.services.demo.data import CHAINS, LATE_CHAIN, LATE_CHAIN_MINUTES
from dutyroom.services.demo.day import Day
from dutyroom.services.instructions import Instructions
from dutyroom.store.store import Create, Update

UPWARD = "市应急管理局总值班室"
INSTRUCTION_MINUTES = 30
FEEDBACK_MINUTES = 22


def _forwards(day: Day, received: arrow.Arrow, severity: Severity, written: bool = True) -> list[Forward]:
    """The duty room reporting a chain upward in time: by phone at once, in writing soon after
    (only what has happened by the demo's "now"; ``written`` false leaves the writing undone)."""
    steps = [(ForwardVia.PHONE, 9), (ForwardVia.WRITTEN, 25)] if severity.rank >= 2 else [
        (ForwardVia.WRITTEN, 50)]
    done = [Forward(to=UPWARD, via=via, at=received.shift(minutes=minutes), by=day.officer(received))
            for via, minutes in steps
            if received.shift(minutes=minutes) < day.now and (written or via != ForwardVia.WRITTEN)]
    # and the follow-up reports upward at the set times (the deadline rules say when)
    rules = table(day.ctx.settings)
    for _ in range(12):
        probe = IncomingReport(received_at=received, channel=Channel.PHONE, category=Category.OTHER,
                               severity=severity, location="-", text="-", forwards=done)
        due = [d for d in pending(probe, rules) if d.kind == DeadlineKind.FOLLOW_UP
               and d.due_at.shift(minutes=-5) < day.now]
        if not due:
            break
        moment = due[0].due_at.shift(minutes=-5)
        done.append(Forward(to=UPWARD, via=ForwardVia.PHONE, at=moment, by=day.officer(moment)))
    return done


def _forward_rows(forwards: list[Forward]) -> list[dict[str, Any]]:
    return [{"to": f.to, "via": f.via.value, "at": iso(f.at), "by": f.by} for f in forwards]


def reports(day: Day) -> int:
    """Every chain of :data:`CHAINS`, spread over the day; returns how many reports."""
    count = 0
    for chain_index, (_category, _severity, _kp, _location, first, follow, final) in enumerate(CHAINS):
        start_hours = 22.5 - chain_index * (21.0 / len(CHAINS)) - day.rng.uniform(0, 0.4)
        if chain_index == LATE_CHAIN:
            start_hours = LATE_CHAIN_MINUTES / 60
        texts = [(Stage.FIRST, first)] + [(Stage.FOLLOW_UP, f) for f in follow] + (
            [(Stage.FINAL, final)] if final else [])
        for sequence, (stage, text) in enumerate(texts):
            hours = max(0.05, start_hours - sequence * day.rng.uniform(0.4, 1.2))
            _report(day, chain_index, sequence, stage, text, day.at(hours))
            count += 1
    return count


def _report(day: Day, chain_index: int, sequence: int, stage: Stage, text: str, moment: arrow.Arrow) -> None:
    category, severity, kp, location, _first, _follow, _final = CHAINS[chain_index]
    rng = day.rng
    key = (chain_index, sequence)
    channel = rng.choice([Channel.PHONE, Channel.PHONE, Channel.RADIO, Channel.WECHAT])
    reporter = rng.choice(["街道值班员", "村支书", "巡查员", "群众", "区防办"])
    phone = f"13{rng.randint(100000000, 999999999)}"
    event_at = moment.shift(minutes=-rng.randint(5, 30))

    def build() -> list[Any]:
        head = day.ids["report"].get(chain_index)
        report = IncomingReport(
            received_at=moment, channel=channel, category=category, severity=severity, location=location,
            text=text, stage=stage, status=ReportStatus.CLOSED if stage == Stage.FINAL else ReportStatus.OPEN,
            chain_id=head if sequence else None, sequence=sequence, event_at=event_at, reporter=reporter,
            phone=phone, keypoint_id=day.ids["keypoint"].get(kp) if kp is not None else None,
            affected=37 if "37" in text else 0, read_back=True)
        if sequence == 0:
            report.last_at = report.severity_at = moment
            report.forwards = _forwards(day, moment, severity, written=chain_index != LATE_CHAIN)
            day.forwards[chain_index] = list(report.forwards)
        data = report.payload()
        data["open"] = sequence == 0
        return [Create("report", data)]

    def after(stored: list[dict[str, Any]]) -> None:
        rid = int(stored[0]["id"])
        day.ids["report"][key] = rid
        if sequence == 0:
            day.ids["report"][chain_index] = rid
        else:
            day.ids.setdefault("thread", {}).setdefault(chain_index, []).append(rid)

    day.add(moment, build, after)
    if sequence:
        day.add(moment, lambda: _head_update(day, chain_index, stage, moment))
    verb = {Stage.FIRST: "接报", Stage.FOLLOW_UP: "续报", Stage.FINAL: "终报"}[stage]
    day.log(moment.shift(minutes=2), LogKind.CALL_IN, f"{verb}:{location} {text}", report=key)
    if stage == Stage.FIRST and severity.rank >= 2:
        _instruction(day, chain_index, moment.shift(minutes=6))
        day.log(moment.shift(minutes=9), LogKind.CALL_OUT,
                f"已向市应急管理局、所在区防指报告 {location} 情况。", report=key)


def _head_update(day: Day, chain_index: int, stage: Stage, moment: arrow.Arrow) -> list[Any]:
    """What a follow-up changes on its chain's first report, as the report service does it."""
    head = day.ids["report"].get(chain_index)
    if head is None:
        return []
    thread = list(day.ids.get("thread", {}).get(chain_index, []))
    changes: dict[str, Any] = {"last_at": iso(moment), "thread_ids": thread}
    told = moment.shift(minutes=8)
    if told < day.now:  # each follow-up is reported upward by phone too
        day.forwards.setdefault(chain_index, []).append(
            Forward(to=UPWARD, via=ForwardVia.PHONE, at=told, by=day.officer(told)))
        changes["forwards"] = _forward_rows(day.forwards[chain_index])
    if stage == Stage.FINAL:
        changes.update({"status": ReportStatus.CLOSED.value, "open": False, "closed_at": iso(moment),
                        "final_id": thread[-1]})
    return [Update("report", head, changes)]


def _instruction(day: Day, chain_index: int, moment: arrow.Arrow) -> None:
    """The leader's instruction on a grave first report, recorded by the officer; its feedback
    comes back within the half hour (one given in the last minutes is still awaited)."""
    location = CHAINS[chain_index][3]
    leader, officer = day.leader(moment), day.officer(moment)
    feedback_at = moment.shift(minutes=FEEDBACK_MINUTES)

    def give(ctx: Context) -> None:
        item = Instructions(ctx).add(subject_kind="report", subject_id=day.ids["report"][chain_index],
                                     leader=leader, assignee=officer,
                                     text=f"{location} 立即组织力量处置,{INSTRUCTION_MINUTES} 分钟内反馈。",
                                     due=moment.shift(minutes=INSTRUCTION_MINUTES), issued_at=moment)
        day.ids["instruction"][chain_index] = item.id or 0

    def answer(ctx: Context) -> None:
        Instructions(ctx).feedback(day.ids["instruction"][chain_index],
                                   "已按批示组织力量处置,现场情况已向领导报告。", at=feedback_at)

    day.log_count += 1
    day.call(moment, give)
    if feedback_at < day.now:
        day.log_count += 1
        day.call(feedback_at, answer)
