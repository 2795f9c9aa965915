"""``dutyroom ticket add|list|show|dispatch|update``."""

from __future__ import annotations

import argparse
from typing import Any

from dutyroom.cli.common import (CliEnv, add_command, add_group, count, minutes, one_line, positive_int,
                                 print_json)
from dutyroom.i18n import t
from dutyroom.model.report import Category, Severity
from dutyroom.model.ticket import HazardTicket, TicketEvent, TicketStatus
from dutyroom.services.context import Context
from dutyroom.services.escalation import open_levels
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.tickets import Tickets, ticket_json
from dutyroom.services.units import Units


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "ticket", t("cli.ticket"))

    add = add_command(group, "add", t("cli.ticket.add"))
    add.add_argument("text", help=t("cli.arg.text"))
    place = add.add_mutually_exclusive_group()
    place.add_argument("--keypoint", type=positive_int, help=t("cli.ticket.opt.keypoint"))
    place.add_argument("--location", default=None, help=t("cli.ticket.opt.location"))
    add.add_argument("--hazard", required=True,
                     help=t("cli.ticket.opt.hazard", choices=", ".join(Category.codes())))
    add.add_argument("--severity", default="unknown",
                     help=t("cli.ticket.opt.severity", choices=", ".join(Severity.codes())))
    add.add_argument("--report", type=positive_int, action="append", default=None,
                     help=t("cli.ticket.opt.report"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)

    listing = add_command(group, "list", t("cli.ticket.list"))
    listing.add_argument("--open", action="store_true", help=t("cli.ticket.opt.open"))
    listing.add_argument("--search", default=None, metavar="TEXT", help=t("cli.ticket.opt.search"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    show = add_command(group, "show", t("cli.ticket.show"))
    show.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    show.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    show.set_defaults(func=_show)

    dispatch = add_command(group, "dispatch", t("cli.ticket.dispatch"))
    dispatch.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    dispatch.add_argument("--to", required=True, help=t("cli.ticket.opt.to"))
    dispatch.add_argument("--ack-within", type=minutes, default=None, metavar="MIN",
                          help=t("cli.ticket.opt.ack_within"))
    dispatch.add_argument("--note", default="", help=t("cli.ticket.opt.note"))
    dispatch.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    dispatch.set_defaults(func=_dispatch)

    update = add_command(group, "update", t("cli.ticket.update"))
    update.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    update.add_argument("--status", default=None,
                        help=t("cli.ticket.opt.status", choices=", ".join(TicketStatus.codes())))
    update.add_argument("--note", default="", help=t("cli.ticket.opt.status_note"))
    update.add_argument("--evacuated", type=count, default=None, help=t("cli.ticket.opt.evacuated"))
    update.add_argument("--trapped", type=count, default=None, help=t("cli.ticket.opt.trapped"))
    update.add_argument("--rescued", type=count, default=None, help=t("cli.ticket.opt.rescued"))
    update.add_argument("--resources", default=None, help=t("cli.ticket.opt.resources"))
    update.add_argument("--report", type=positive_int, action="append", default=None,
                        help=t("cli.ticket.opt.report"))
    update.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    update.set_defaults(func=_update)


def tickets_json(ctx: Context, tickets: list[HazardTicket], timeline: bool = False) -> list[dict[str, Any]]:
    points = {p.id: p.name for p in KeyPoints(ctx).all()}
    units = {u.id: u.name for u in Units(ctx).all()}
    levels = open_levels(ctx, "ticket")
    return [ticket_json(tk, keypoint_name=points.get(tk.keypoint_id, ""),
                        unit_name=units.get(tk.assigned_to, ""), level=levels.get(tk.id or 0, 0),
                        timeline=timeline) for tk in tickets]


def _add(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    ticket = Tickets(ctx).add(args.text, hazard=args.hazard, severity=args.severity,
                              keypoint_id=args.keypoint, location=args.location or "",
                              report_ids=args.report)
    _print_one(ctx, ticket, args.json)
    return 0


def _print_one(ctx: Context, ticket: HazardTicket, as_json: bool) -> None:
    if as_json:
        print_json(tickets_json(ctx, [ticket], timeline=True)[0])
    else:
        print(ticket.id)


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = Tickets(ctx)
    if args.search:
        from dutyroom.services.search import search_tickets

        tickets = [tk for tk in search_tickets(ctx, args.search) if tk.open or not args.open]
    else:
        tickets = sorted(service.open(), key=lambda tk: tk.id or 0) if args.open else service.all()
    rows = tickets_json(ctx, tickets)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(t("cli.empty"))
    for row in rows:
        print(ticket_line(row))
    return 0


def ticket_line(row: dict[str, Any]) -> str:
    """One ticket of ``ticket list`` (and of a replay), from its JSON shape."""
    level = f" L{row['level']}" if row["level"] else ""
    unit = f" → {row['assigned_to_name']}" if row["assigned_to_name"] else ""
    return (f"#{row['id']:<5} {t(TicketStatus(row['status']).label_key):<6} "
            f"{t(Category(row['hazard']).label_key)} {one_line(row['location'], 24)}{unit}{level}  "
            f"{one_line(row['text'], 40)}")


def _show(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    ticket = Tickets(ctx).require(args.id)
    row = tickets_json(ctx, [ticket], timeline=True)[0]
    if args.json:
        print_json(row)
        return 0
    for line in format_ticket(row, ctx.tz):
        print(line)
    return 0


def format_ticket(row: dict[str, Any], tz: str) -> list[str]:
    import arrow

    def local(value: str | None) -> str:
        return arrow.get(value).to(tz).format("MM-DD HH:mm") if value else "-"

    lines = [f"#{row['id']} {t(Category(row['hazard']).label_key)} "
             f"[{t(TicketStatus(row['status']).label_key)}] {t(Severity(row['severity']).label_key)}",
             f"{t('field.location')}: {row['location'] or '-'}"
             + (f"  ({t('kind.keypoint')} #{row['keypoint']} {row['keypoint_name']})" if row["keypoint"] else ""),
             f"{t('field.text')}: {row['text']}",
             t("ticket.show.assigned", unit=row["assigned_to_name"] or "-", due=local(row["due_at"])),
             t("ticket.show.people", evacuated=row["evacuated"], trapped=row["trapped"],
               rescued=row["rescued"]),
             t("ticket.show.resources", resources=row["resources"] or "-")]
    if row["level"]:
        lines.append(t("ticket.show.level", level=row["level"]))
    if row["verification_note"]:
        lines.append(t("ticket.show.verified", by=row["verified_by"], note=row["verification_note"]))
    if row["cancel_reason"]:
        lines.append(t("ticket.show.cancelled", reason=row["cancel_reason"]))
    lines.append(t("ticket.show.timeline"))
    for event in row["timeline"]:
        note = f"  {event['note']}" if event["note"] else ""
        lines.append(f"  {local(event['at'])}  {event['author']:<8} "
                     f"{t(TicketEvent(event['event']).label_key)} {t(TicketStatus(event['status']).label_key)}{note}")
    return lines


def _dispatch(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    ticket = Tickets(ctx).dispatch(args.id, args.to, ack_minutes=args.ack_within, note=args.note)
    _print_one(ctx, ticket, args.json)
    return 0


def _update(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    ticket = Tickets(ctx).update(args.id, status=args.status, note=args.note,
                                 evacuated=args.evacuated, trapped=args.trapped, rescued=args.rescued,
                                 resources=args.resources, report_ids=args.report)
    _print_one(ctx, ticket, args.json)
    return 0
