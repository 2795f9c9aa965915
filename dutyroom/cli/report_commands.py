"""``dutyroom report add|list|show|follow-up|final|forward|verify|severity|merge|ticket|deadlines``
and ``dutyroom instruction add|list|show|feedback``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import arrow

from dutyroom.cli.common import CliEnv, add_command, add_group, count, one_line, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.model.deadline import DEFAULTS as DEADLINE_DEFAULTS
from dutyroom.model.errors import DomainError
from dutyroom.model.instruction import Instruction
from dutyroom.model.report import Category, Channel, ForwardVia, IncomingReport, Severity
from dutyroom.model.timeinput import iso
from dutyroom.services import deadlines
from dutyroom.services.context import Context
from dutyroom.services.instructions import Instructions
from dutyroom.services.record_text import subject_text
from dutyroom.services.reports import Chain, Reports, to_ticket

COUNTS = ("dead", "injured", "missing", "trapped", "affected")


def register(sub: argparse._SubParsersAction) -> None:
    _register_report(sub)
    _register_instruction(sub)


def _register_report(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "report", t("cli.report"))

    add = add_command(group, "add", t("cli.report.add"))
    add.add_argument("text", help=t("cli.report.arg.text"))
    add.add_argument("--channel", required=True, help=t("cli.report.opt.channel", choices=", ".join(Channel.codes())))
    add.add_argument("--category", required=True, help=t("cli.report.opt.category", choices=", ".join(Category.codes())))
    add.add_argument("--location", required=True, help=t("cli.report.opt.location"))
    add.add_argument("--severity", default="unknown", help=t("cli.report.opt.severity", choices=", ".join(Severity.codes())))
    add.add_argument("--reporter", default="", metavar="NAME", help=t("cli.report.opt.reporter"))
    add.add_argument("--phone", default="", metavar="N", help=t("cli.report.opt.phone"))
    add.add_argument("--unit", default="", help=t("cli.report.opt.unit"))
    add.add_argument("--at", default=None, help=t("cli.report.opt.received_at"))
    add.add_argument("--event-at", default=None, help=t("cli.report.opt.event_at"))
    add.add_argument("--keypoint", type=positive_int, default=None, help=t("cli.opt.keypoint"))
    for name in COUNTS:
        add.add_argument(f"--{name}", type=count, default=0, help=t(f"cli.report.opt.{name}"))
    add.add_argument("--measures", default="", help=t("cli.report.opt.measures"))
    add.add_argument("--told", default="", help=t("cli.report.opt.told"))
    add.add_argument("--read-back", action="store_true", help=t("cli.report.opt.read_back"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)

    listing = add_command(group, "list", t("cli.report.list"))
    listing.add_argument("--open", action="store_true", help=t("cli.report.opt.open"))
    listing.add_argument("--search", default=None, metavar="TEXT", help=t("cli.report.opt.search"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    show = add_command(group, "show", t("cli.report.show"))
    show.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    show.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    show.set_defaults(func=_show)

    for name, final in (("follow-up", False), ("final", True)):
        cmd = add_command(group, name, t("cli.report.final" if final else "cli.report.follow_up"))
        cmd.add_argument("id", type=positive_int, help=t("cli.arg.id"))
        cmd.add_argument("text", help=t("cli.report.arg.text"))
        cmd.add_argument("--severity", default=None, help=t("cli.report.opt.severity", choices=", ".join(Severity.codes())))
        cmd.add_argument("--category", default=None, help=t("cli.report.opt.category", choices=", ".join(Category.codes())))
        cmd.add_argument("--location", default=None, help=t("cli.report.opt.location"))
        cmd.add_argument("--reason", default="", help=t("cli.report.opt.reason"))
        cmd.add_argument("--at", default=None, help=t("cli.report.opt.received_at"))
        for count_name in COUNTS:
            cmd.add_argument(f"--{count_name}", type=count, default=None, help=t(f"cli.report.opt.{count_name}"))
        cmd.add_argument("--json", action="store_true", help=t("cli.opt.json"))
        cmd.set_defaults(func=_follow_up, final=final)

    forward = add_command(group, "forward", t("cli.report.forward"))
    forward.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    forward.add_argument("--to", required=True, metavar="NAME", help=t("cli.report.opt.to"))
    forward.add_argument("--via", required=True, choices=ForwardVia.codes(), help=t("cli.report.opt.via"))
    forward.add_argument("--at", default=None, help=t("cli.report.opt.forward_at"))
    forward.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    forward.set_defaults(func=_forward)

    verify = add_command(group, "verify", t("cli.report.verify"))
    verify.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    verify.add_argument("--by", required=True, metavar="NAME", help=t("cli.report.opt.by"))
    verify.add_argument("--how", required=True, metavar="TEXT", help=t("cli.report.opt.how"))
    verify.add_argument("--false", action="store_true", dest="false_report", help=t("cli.report.opt.false"))
    verify.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    verify.set_defaults(func=_verify)

    severity = add_command(group, "severity", t("cli.report.severity"))
    severity.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    severity.add_argument("severity", help=t("cli.report.opt.severity", choices=", ".join(Severity.codes())))
    severity.add_argument("--reason", default="", help=t("cli.report.opt.reason"))
    severity.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    severity.set_defaults(func=_severity)

    merge = add_command(group, "merge", t("cli.report.merge"))
    merge.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    merge.add_argument("--into", required=True, type=positive_int, help=t("cli.report.opt.into"))
    merge.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    merge.set_defaults(func=_merge)

    ticket = add_command(group, "ticket", t("cli.report.ticket"))
    ticket.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    ticket.add_argument("--note", default="", help=t("cli.report.opt.note"))
    ticket.set_defaults(func=_ticket)

    table = add_command(group, "deadlines", t("cli.report.deadlines"))
    table.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    table.set_defaults(func=_deadlines)


def _register_instruction(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "instruction", t("cli.instruction"))

    add = add_command(group, "add", t("cli.instruction.add"))
    add.add_argument("text", help=t("cli.instruction.arg.text"))
    target = add.add_mutually_exclusive_group(required=True)
    target.add_argument("--report", type=positive_int, help=t("cli.opt.report"))
    target.add_argument("--ticket", type=positive_int, help=t("cli.opt.ticket"))
    add.add_argument("--from", dest="leader", required=True, metavar="NAME", help=t("cli.instruction.opt.from"))
    add.add_argument("--to", dest="assignee", required=True, metavar="NAME", help=t("cli.instruction.opt.to"))
    add.add_argument("--due", required=True, metavar="TIME", help=t("cli.instruction.opt.due"))
    add.add_argument("--at", default=None, help=t("cli.instruction.opt.at"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_instruction_add)

    listing = add_command(group, "list", t("cli.instruction.list"))
    listing.add_argument("--open", action="store_true", help=t("cli.instruction.opt.open"))
    listing.add_argument("--overdue", action="store_true", help=t("cli.instruction.opt.overdue"))
    listing.add_argument("--report", type=positive_int, help=t("cli.opt.report"))
    listing.add_argument("--ticket", type=positive_int, help=t("cli.opt.ticket"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_instruction_list)

    show = add_command(group, "show", t("cli.instruction.show"))
    show.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    show.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    show.set_defaults(func=_instruction_show)

    feedback = add_command(group, "feedback", t("cli.instruction.feedback"))
    feedback.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    feedback.add_argument("text", help=t("cli.instruction.arg.feedback"))
    feedback.add_argument("--at", default=None, help=t("cli.instruction.opt.feedback_at"))
    feedback.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    feedback.set_defaults(func=_instruction_feedback)


# ---------------------------------------------------------------------- JSON shapes
def report_json(head: IncomingReport, ctx: Context, chain: Chain | None = None,
                instructions: list[Instruction] | None = None) -> dict[str, Any]:
    """The stable JSON shape of a report chain (a contract with scripts)."""
    now = ctx.now()
    data = head.to_dict()
    pending = deadlines.pending(head, ctx.settings)
    out = {
        "id": data["id"], "chain_id": head.head_id, "received_at": data["received_at"],
        "event_at": data["event_at"], "channel": data["channel"], "category": data["category"],
        "severity": data["severity"], "location": data["location"], "keypoint_id": data["keypoint_id"],
        "stage": head.chain_stage.value, "status": data["status"], "text": data["text"],
        "next_deadline": pending[0].to_json(now) if pending else None,
        "deadlines": [d.to_json(now) for d in pending],
        "reporter": data["reporter"], "reporter_unit": data["reporter_unit"], "phone": data["phone"],
        **{name: data[name] for name in COUNTS},
        "measures": data["measures"], "already_told": data["already_told"],
        "read_back": data["read_back"], "verification": data["verification"],
        "verified_by": data["verified_by"], "verified_how": data["verified_how"],
        "verified_at": data["verified_at"], "forwards": data["forwards"],
        "severity_changes": data["severity_changes"], "corrections": data["corrections"],
        "follow_ups": len(head.thread_ids),
        "thread_ids": data["thread_ids"], "ticket_id": data["ticket_id"],
        "merged_into": data["merged_into"], "merged_ids": data["merged_ids"],
        "duplicate_of": data["duplicate_of"], "last_at": data["last_at"],
        "closed_at": data["closed_at"], "created_at": data["created_at"],
        "created_by": data["created_by"],
        "created_by_account": data.get("created_by_account") or data["created_by"],
        "station": data["station"], "version": data["version"],
    }
    if chain is not None:
        out["thread"] = [_thread_json(r) for r in chain.reports]
        out["merged"] = [_thread_json(r) for r in chain.merged]
    if instructions is not None:
        out["instructions"] = [instruction_json(i, now) for i in instructions]
    return out


def _thread_json(report: IncomingReport) -> dict[str, Any]:
    data = report.to_dict()
    return {"id": data["id"], "chain_id": report.head_id, "stage": data["stage"],
            "sequence": data["sequence"], "received_at": data["received_at"],
            "category": data["category"], "severity": data["severity"],
            "location": data["location"], "text": data["text"],
            **{name: data[name] for name in COUNTS},
            "created_by": data["created_by"],
            "created_by_account": data.get("created_by_account") or data["created_by"],
            "created_at": data["created_at"]}


def instruction_json(item: Instruction, now: arrow.Arrow) -> dict[str, Any]:
    data = item.to_dict()
    return {"id": data["id"], "subject_kind": data["subject_kind"], "subject_id": data["subject_id"],
            "from": data["leader"], "to": data["assignee"], "text": data["text"],
            "issued_at": data["issued_at"], "due_at": data["due_at"], "status": data["status"],
            "overdue": item.overdue(now), "feedback": data["feedback"],
            "feedback_at": data["feedback_at"], "feedback_by": data["feedback_by"],
            "created_at": data["created_at"], "created_by": data["created_by"],
            "created_by_account": data.get("created_by_account") or data["created_by"],
            "version": data["version"]}


# ---------------------------------------------------------------------- report handlers
def _add(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    report = Reports(ctx).add(
        channel=args.channel, category=args.category, location=args.location, text=args.text,
        severity=args.severity, received_at=args.at, event_at=args.event_at,
        keypoint_id=args.keypoint, read_back=args.read_back, reporter=args.reporter,
        phone=args.phone, reporter_unit=args.unit, measures=args.measures,
        already_told=args.told, **{name: getattr(args, name) for name in COUNTS})
    if report.duplicate_of:
        sys.stderr.write(t("cli.report.duplicate", id=report.id,
                           ids=", ".join(f"#{i}" for i in report.duplicate_of),
                           into=report.duplicate_of[0]) + "\n")
    _print_report(report, ctx, args.json)
    return 0


def _print_report(report: IncomingReport, ctx: Context, as_json: bool) -> None:
    if as_json:
        head = Reports(ctx).head(report.id or 0)
        print_json(report_json(head, ctx) if report.is_head else _thread_json(report))
    else:
        print(report.id)


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = Reports(ctx)
    if args.search:
        from dutyroom.services.search import search_reports

        chains = search_reports(ctx, args.search)
        if args.open:
            chains = [c for c in chains if c.open]
    else:
        chains = service.open_chains() if args.open else service.all_chains()
    chains.sort(key=lambda r: (r.received_at, r.id or 0))
    if args.json:
        print_json([report_json(r, ctx) for r in chains])
        return 0
    if not chains:
        print(t("cli.empty"))
    for head in chains:
        print(format_chain(head, ctx))
    return 0


def format_chain(head: IncomingReport, ctx: Context) -> str:
    now = ctx.now()
    deadline = deadlines.next_deadline(head, ctx.settings, now)
    due = ""
    if deadline is not None:
        due = t("report.due_missed" if deadline.missed(now) else "report.due",
                kind=t(deadline.kind.label_key),
                at=ctx.local(deadline.due_at).format("MM-DD HH:mm"))
    received = ctx.local(head.received_at).format("MM-DD HH:mm")
    return (f"#{head.id:<5} {received}  {t(head.severity.label_key)}  {t(head.category.label_key)}  "
            f"{one_line(head.location, 30)}  {t(head.chain_stage.label_key)}  "
            f"{t(head.status.label_key)}  {due}  {one_line(head.text, 40)}").rstrip()


def _show(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    chain = Reports(ctx).chain(args.id)
    items = Instructions(ctx).for_subject("report", chain.head.id or 0)
    if args.json:
        print_json(report_json(chain.head, ctx, chain, items))
        return 0
    print(format_chain(chain.head, ctx))
    for line in contact_lines(chain.head, ctx):
        print("  " + line)
    for report in chain.reports:
        when = ctx.local(report.received_at).format("MM-DD HH:mm")
        label = t(report.stage.label_key) + (f" {report.sequence}" if report.sequence else "")
        print(f"  #{report.id:<5} {when}  {label}  {t(report.severity.label_key)}  {one_line(report.text)}")
    for forward in chain.head.forwards:
        print("  " + t("report.forwarded", to=forward.to, via=t(forward.via.label_key),
                       at=ctx.local(forward.at).format("MM-DD HH:mm"), by=forward.by))
    for merged in chain.merged:
        print("  " + t("report.merged_line", id=merged.id, text=one_line(merged.text, 60)))
    for item in items:
        print("  " + format_instruction(item, ctx))
    return 0


def contact_lines(head: IncomingReport, ctx: Context) -> list[str]:
    """Who reported (with the corrections, old values kept) and the chain's casualties."""
    none = t("word.none")
    lines = [t("report.show.contact", reporter=one_line(head.reporter) or none,
               unit=one_line(head.reporter_unit) or none, phone=one_line(head.phone) or none),
             t("report.show.people", **{name: getattr(head, name) for name in COUNTS})]
    for c in head.corrections:
        change = t("report.correction.change", field=t(f"field.{c.field}"), old=one_line(c.old) or none,
                   new=one_line(c.new) or none)
        reason = t("report.correction.reason", reason=one_line(c.reason)) if c.reason else ""
        lines.append(t("report.show.correction", at=ctx.local(c.at).format("MM-DD HH:mm"),
                       by=one_line(c.by), changes=change) + reason)
    return lines


def _follow_up(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    counts = {name: getattr(args, name) for name in COUNTS if getattr(args, name) is not None}
    due = _upward_due(ctx, args.id) if args.final else []
    report = Reports(ctx).follow_up(args.id, args.text, final=args.final, severity=args.severity,
                                    category=args.category, location=args.location,
                                    received_at=args.at, reason=args.reason, **counts)
    _print_report(report, ctx, args.json)
    for deadline in due:  # after the record: it is kept either way; the warning says what is owed
        print(t("cli.report.final_upward_due", id=args.id,
                **deadlines.upward_due_text(deadline, ctx.tz)), file=sys.stderr)
    return 0


def _upward_due(ctx: Context, report_id: int) -> list:
    """The reports upward the chain still owes before its final report closes it.

    Warned, not refused: the final report is what the caller said and belongs in the
    record at once; a report upward can still be recorded on the closed chain
    (``report forward``), and a script gets exit 0 and the warning on stderr."""
    try:
        head = Reports(ctx).chain(report_id).head
    except DomainError:
        return []  # follow_up refuses it with its own message
    return deadlines.upward_due(head, ctx.settings)


def _forward(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    _print_report(Reports(ctx).forward(args.id, args.to, args.via, args.at), ctx, args.json)
    return 0


def _verify(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    head = Reports(ctx).verify(args.id, args.by, args.how, false_report=args.false_report)
    _print_report(head, ctx, args.json)
    return 0


def _severity(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    _print_report(Reports(ctx).set_severity(args.id, args.severity, args.reason), ctx, args.json)
    return 0


def _merge(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    _print_report(Reports(ctx).merge(args.id, args.into), ctx, args.json)
    return 0


def _ticket(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    _report, ticket = to_ticket(ctx, args.id, args.note)
    print(ticket["id"])
    return 0


def _deadlines(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    table = deadlines.table(ctx.settings)
    rows = {code: {"phone_min": table.limits[code].phone_min, "written_min": table.limits[code].written_min}
            for code in Severity.codes()}
    data = {**rows, "follow_up_times": [f"{h:02d}:{m:02d}" for h, m in table.follow_up_times],
            "follow_up_severities": sorted(table.follow_up_severities, key=Severity.codes().index),
            "follow_up_min_gap_min": table.follow_up_min_gap_min,
            "defaults": DEADLINE_DEFAULTS}
    if args.json:
        print_json(data)
        return 0
    for code, row in rows.items():
        print(t("report.table_row", severity=t(f"enum.severity.{code}"),
                phone=row["phone_min"] or "—", written=row["written_min"] or "—"))
    print(t("report.table_follow_up", times=", ".join(data["follow_up_times"]) or "—",
            severities=", ".join(data["follow_up_severities"]) or "—"))
    return 0


# ---------------------------------------------------------------------- instruction handlers
def _instruction_add(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    kind, subject = ("report", args.report) if args.report else ("ticket", args.ticket)
    item = Instructions(ctx).add(subject_kind=kind, subject_id=subject, leader=args.leader,
                                 assignee=args.assignee, text=args.text, due=args.due,
                                 issued_at=args.at)
    if args.json:
        print_json(instruction_json(item, ctx.now()))
    else:
        print(item.id)
    return 0


def _instruction_list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = Instructions(ctx)
    now = ctx.now()
    items = service.open() if (args.open or args.overdue) else service.all()
    if args.overdue:
        items = [i for i in items if i.overdue(now)]
    if args.report:
        items = [i for i in items if i.subject_kind.value == "report" and i.subject_id == args.report]
    if args.ticket:
        items = [i for i in items if i.subject_kind.value == "ticket" and i.subject_id == args.ticket]
    if args.json:
        print_json([instruction_json(i, now) for i in items])
        return 0
    if not items:
        print(t("cli.empty"))
    for item in items:
        print(format_instruction(item, ctx))
    return 0


def _instruction_show(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    item = Instructions(ctx).get(args.id)
    if args.json:
        print_json(instruction_json(item, ctx.now()))
    else:
        print(format_instruction(item, ctx))
        if item.feedback:
            print("  " + t("instruction.feedback_line", text=item.feedback, by=item.feedback_by,
                           at=ctx.local(item.feedback_at or ctx.now()).format("MM-DD HH:mm")))
    return 0


def _instruction_feedback(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    item = Instructions(ctx).feedback(args.id, args.text, args.at)
    if args.json:
        print_json(instruction_json(item, ctx.now()))
    else:
        print(item.id)
    return 0


def format_instruction(item: Instruction, ctx: Context) -> str:
    now = ctx.now()
    state = (t("instruction.overdue") if item.overdue(now)
             else t(f"enum.instruction_status.{item.status.value}"))
    return t("instruction.line", id=item.id, state=state, leader=item.leader, to=item.assignee,
             due=ctx.local(item.due_at).format("MM-DD HH:mm"),
             subject=subject_text(item.subject_kind.value, item.subject_id),
             text=one_line(item.text, 60))


__all__ = ["format_chain", "format_instruction", "instruction_json", "iso", "register", "report_json"]
