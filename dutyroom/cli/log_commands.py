"""``dutyroom log add|amend|list|show``."""

from __future__ import annotations

import argparse

from typing import Any

from dutyroom.cli.common import (CliEnv, add_command, add_group, count, one_line, positive_int,
                                 print_json)
from dutyroom.i18n import t
from dutyroom.model.log_entry import LogEntry, LogKind
from dutyroom.services.duty_log import DutyLog, LogView
from dutyroom.services.record_text import entry_text


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "log", t("cli.log"))
    kinds = ", ".join(LogKind.codes())

    add = add_command(group, "add", t("cli.log.add"))
    add.add_argument("text", help=t("cli.arg.text"))
    add.add_argument("--kind", default="other", help=t("cli.opt.kind", choices=kinds))
    add.add_argument("--at", default=None, help=t("cli.opt.at"))
    add.add_argument("--report", type=positive_int, help=t("cli.opt.report"))
    add.add_argument("--ticket", type=positive_int, help=t("cli.opt.ticket"))
    add.add_argument("--keypoint", type=positive_int, help=t("cli.opt.keypoint"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)

    amend = add_command(group, "amend", t("cli.log.amend"))
    amend.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    amend.add_argument("text", help=t("cli.arg.text"))
    amend.add_argument("--at", default=None, help=t("cli.opt.at"))
    amend.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    amend.set_defaults(func=_amend)

    listing = add_command(group, "list", t("cli.log.list"))
    listing.add_argument("--since", default=None, help=t("cli.opt.since"))
    listing.add_argument("--until", default=None, help=t("cli.opt.until"))
    listing.add_argument("--kind", default=None, help=t("cli.opt.kind", choices=kinds))
    listing.add_argument("--search", default=None, help=t("cli.opt.search"))
    listing.add_argument("--limit", type=count, default=None, help=t("cli.opt.limit"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    show = add_command(group, "show", t("cli.log.show"))
    show.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    show.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    show.set_defaults(func=_show)


def entry_json(view: LogView) -> dict[str, Any]:
    """The stable JSON shape of a log entry (a contract with scripts). ``author`` is the roster
    name where known, ``account`` the OS login that wrote it (older entries: their writer)."""
    data = view.entry.to_dict()
    out = {"id": data["id"], "at": data["at"], "kind": data["kind"], "text": entry_text(view.entry),
           "author": data["author"], "account": data["created_by_account"] or data["created_by"],
           "amends": data["amends"], "amended_by": view.amended_by,
            "report_id": data["report_id"], "ticket_id": data["ticket_id"],
            "keypoint_id": data["keypoint_id"], "station_id": data.get("station_id"), "system": data["system"],
            "created_at": data["created_at"], "created_by": data["created_by"],
            "created_by_account": data["created_by_account"] or data["created_by"],
            "station": data["station"], "version": data["version"]}
    if data.get("message"):
        out["message"] = data["message"]  # a system entry: its key and parameters, language-free
    return out


def _add(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    entry = DutyLog(ctx).add(args.text, kind=args.kind, at=args.at, report_id=args.report,
                             ticket_id=args.ticket, keypoint_id=args.keypoint)
    if args.json:
        print_json(entry_json(LogView(entry, [])))
    else:
        print(entry.id)
    return 0


def _amend(args: argparse.Namespace, env: CliEnv) -> int:
    entry = DutyLog(env.context()).amend(args.id, args.text, at=args.at)
    if args.json:
        print_json(entry_json(LogView(entry, [])))
    else:
        print(entry.id)
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    log = DutyLog(ctx)
    kind = LogKind.parse(args.kind, "kind") if args.kind else None
    since = ctx.parse_time(args.since, "since") if args.since else None
    until = ctx.parse_time(args.until, "until") if args.until else None
    if args.search and args.limit is not None:  # only the newest hits are read, however many there are
        hits = log.hits(args.search, since, until, kind.value if kind else "")
        entries = hits.newest(args.limit)
    else:
        entries = log.search(args.search, since, until) if args.search else log.since(since)
    entries = [e for e in entries if (since is None or e.at >= since)
               and (until is None or e.at <= until) and (kind is None or e.kind == kind)]
    if args.limit is not None:
        entries = entries[max(0, len(entries) - args.limit):]
    views = DutyLog.with_amendments(entries)
    if args.json:
        print_json([entry_json(v) for v in views])
        return 0
    if not views:
        print(t("cli.empty"))
    for view in views:
        print(format_line(view, ctx.tz))
    return 0


def _show(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    log = DutyLog(ctx)
    entry = log._require(args.id)  # noqa: SLF001 - same validation as amend
    related = [e for e in log.between(entry.at.shift(days=-1), ctx.now().shift(days=3650))
               if e.amends == entry.id]
    views = [LogView(entry, [e.id or 0 for e in related])] + [LogView(e, []) for e in related]
    if args.json:
        print_json([entry_json(v) for v in views])
    else:
        for view in views:
            print(format_line(view, ctx.tz))
    return 0


def format_line(view: LogView, tz: str) -> str:
    entry: LogEntry = view.entry
    marks = []
    if entry.amends:
        marks.append(t("cli.amends", id=entry.amends))
    if view.amended_by:
        marks.append(t("cli.amended_by", ids=", ".join(f"#{i}" for i in view.amended_by)))
    suffix = f"  [{'; '.join(marks)}]" if marks else ""
    local = entry.at.to(tz).format("YYYY-MM-DD HH:mm")
    return f"#{entry.id:<6} {local}  {t(entry.kind.label_key):<6} {entry.author:<10} {one_line(entry_text(entry))}{suffix}"


