"""``dutyroom evacuation add|list``: people moved (转移人员) per village or area against the plan."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, count, one_line, print_json
from dutyroom.i18n import t
from dutyroom.services.evacuations import Evacuations, area_json, evacuation_json, percent_text


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "evacuation", t("cli.evacuation"))

    add = add_command(group, "add", t("cli.evacuation.add"))
    add.add_argument("area", metavar="AREA", help=t("cli.evacuation.arg.area"))
    add.add_argument("--planned", type=count, required=True, metavar="N", help=t("cli.evacuation.opt.planned"))
    add.add_argument("--moved", type=count, required=True, metavar="N", help=t("cli.evacuation.opt.moved"))
    add.add_argument("--shelter", default=None, metavar="TEXT", help=t("cli.evacuation.opt.shelter"))
    add.add_argument("--at", default=None, metavar="TIME", help=t("cli.evacuation.opt.at"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)

    listing = add_command(group, "list", t("cli.evacuation.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)


def _add(args: argparse.Namespace, env: CliEnv) -> int:
    record = Evacuations(env.context()).add(args.area, planned=args.planned, moved=args.moved,
                                            shelter=args.shelter, at=args.at)
    if args.json:
        print_json(evacuation_json(record))
    else:
        print(record.id)
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = Evacuations(ctx)
    tallies = service.areas()
    if args.json:
        print_json([area_json(a) for a in tallies])
        return 0
    if not tallies:
        print(t("cli.empty"))
        return 0
    for tally in tallies:
        e = tally.latest
        print(f"{one_line(e.area, 24)}  {e.moved}/{e.planned}  {percent_text(e.moved, e.planned):>5}  "
              f"{one_line(e.shelter, 24) or '—'}  {ctx.local(e.at).format('MM-DD HH:mm')}  "
              f"{t('evacuation.updates', n=len(tally.history))}")
    totals = service.totals()
    print(t("evacuation.totals", areas=totals["areas"], planned=totals["planned"], moved=totals["moved"],
            percent=percent_text(totals["moved"], totals["planned"])))
    return 0
