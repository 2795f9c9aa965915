"""``dutyroom escalations [--json]``, ``escalations ack ID --note TEXT``, ``escalations snooze``.

Listing evaluates the rules first (the same engine the app ticks), so a cron
job or a script sees what the dashboard would.
"""

from __future__ import annotations

import argparse

import arrow

from dutyroom.cli.common import CliEnv, add_command, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.model.escalation import Escalation
from dutyroom.services.escalation import (EscalationService, escalation_json, escalation_title,
                                          format_countdown)


def register(sub: argparse._SubParsersAction) -> None:
    from dutyroom.cli.parser import Parser

    parser = add_command(sub, "escalations", t("cli.escalations"))
    parser.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    parser.set_defaults(func=_list)
    actions = parser.add_subparsers(dest="escalations_command", parser_class=Parser)

    ack = add_command(actions, "ack", t("cli.escalations.ack"))
    ack.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    ack.add_argument("--note", required=True, help=t("cli.escalations.opt.note"))
    ack.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    ack.set_defaults(func=_ack)

    snooze = add_command(actions, "snooze", t("cli.escalations.snooze"))
    snooze.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    snooze.add_argument("--minutes", type=positive_int, required=True, help=t("cli.escalations.opt.minutes"))
    snooze.add_argument("--reason", required=True, help=t("cli.escalations.opt.reason"))
    snooze.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    snooze.set_defaults(func=_snooze)


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = EscalationService(ctx)
    service.evaluate_now()
    now = ctx.now()
    active = service.active()
    if args.json:
        print_json([escalation_json(e, service.rules, now) for e in active])
        return 0
    if not active:
        print(t("escalation.none"))
    for esc in active:
        print(escalation_line(esc, service, now))
    return 0


def escalation_line(esc: Escalation, service: EscalationService, now: arrow.Arrow) -> str:
    """One escalation of ``escalations`` (and of a replay), its countdown as of ``now``."""
    return (f"#{esc.id:<4} L{esc.level} {service.rules.level_name(esc.level):<6} "
            f"{t(esc.reason.label_key)}  {escalation_title(esc)}  "
            f"{format_countdown(esc.due_at, now)}  [{t(esc.state.label_key)}]")


def _ack(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = EscalationService(ctx)
    esc = service.acknowledge(args.id, args.note)
    if args.json:
        print_json(escalation_json(esc, service.rules, ctx.now()))
    else:
        print(t("escalation.acked", id=esc.id))
    return 0


def _snooze(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = EscalationService(ctx)
    esc = service.snooze(args.id, args.minutes, args.reason)
    if args.json:
        print_json(escalation_json(esc, service.rules, ctx.now()))
    else:
        print(t("escalation.snoozed", id=esc.id,
                until=esc.snooze_until.to(ctx.tz).format("HH:mm") if esc.snooze_until else "-"))
    return 0
