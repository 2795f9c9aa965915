"""``dutyroom order add|list|end``: standing orders (常设指令), carried by every handover."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, one_line, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.services.standing_orders import StandingOrders, order_json


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "order", t("cli.order"))

    add = add_command(group, "add", t("cli.order.add"))
    add.add_argument("text", help=t("cli.order.arg.text"))
    add.add_argument("--until", default=None, metavar="TIME", help=t("cli.order.opt.until"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)

    listing = add_command(group, "list", t("cli.order.list"))
    listing.add_argument("--all", action="store_true", help=t("cli.order.opt.all"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    end = add_command(group, "end", t("cli.order.end"))
    end.add_argument("id", type=positive_int, help=t("cli.order.arg.id"))
    end.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    end.set_defaults(func=_end)


def _add(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    order = StandingOrders(ctx).add(args.text, until=args.until)
    if args.json:
        print_json(order_json(order, ctx.now()))
    else:
        print(order.id)
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = StandingOrders(ctx)
    orders = service.all() if args.all else service.in_force()
    now = ctx.now()
    if args.json:
        print_json([order_json(o, now) for o in orders])
        return 0
    if not orders:
        print(t("cli.empty"))
    for order in orders:
        state = "" if order.in_force(now) else "  [" + t("order.state.ended") + "]"
        issued = ctx.local(order.issued_at).format("MM-DD HH:mm")
        print(f"#{order.id:<4} {issued} {one_line(order.issued_by)}  "
              f"{one_line(service.summary(order).split(' ', 1)[1])}{state}")
    return 0


def _end(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    order = StandingOrders(ctx).end(args.id)
    if args.json:
        print_json(order_json(order, ctx.now()))
    else:
        print(t("cli.order.ended", id=order.id))
    return 0
