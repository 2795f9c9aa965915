"""``dutyroom deed add|list|mark``: notable deeds (先进典型) and which go upward."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, one_line, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.model.deed import Deed, DeedLink, DeedSubject
from dutyroom.services.deeds import Deeds, deed_json


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "deed", t("cli.deed"))

    add = add_command(group, "add", t("cli.deed.add"))
    add.add_argument("text", metavar="TEXT", help=t("cli.arg.deed_text"))
    link = add.add_mutually_exclusive_group(required=True)
    link.add_argument("--log", type=positive_int, metavar="ID", help=t("cli.opt.deed_log"))
    link.add_argument("--report", type=positive_int, metavar="ID", help=t("cli.opt.deed_report"))
    link.add_argument("--ticket", type=positive_int, metavar="ID", help=t("cli.opt.deed_ticket"))
    link.add_argument("--deployment", type=positive_int, metavar="ID", help=t("cli.opt.deed_deployment"))
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", metavar="NAME", help=t("cli.opt.deed_person"))
    who.add_argument("--team", metavar="TEAM", help=t("cli.opt.deed_team"))
    add.add_argument("--at", default=None, help=t("cli.opt.deed_at"))
    add.add_argument("--place", default="", metavar="TEXT", help=t("cli.opt.deed_place"))
    add.add_argument("--witness", default="", metavar="TEXT", help=t("cli.opt.deed_witness"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)

    listing = add_command(group, "list", t("cli.deed.list"))
    listing.add_argument("--marked", action="store_true", help=t("cli.opt.deed_marked"))
    listing.add_argument("--since", default=None, help=t("cli.opt.since"))
    listing.add_argument("--until", default=None, help=t("cli.opt.until"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    mark = add_command(group, "mark", t("cli.deed.mark"))
    mark.add_argument("id", type=positive_int, metavar="DEED_ID", help=t("cli.arg.deed_id"))
    mark.add_argument("--unmark", action="store_true", help=t("cli.opt.deed_unmark"))
    mark.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    mark.set_defaults(func=_mark)


def _add(args: argparse.Namespace, env: CliEnv) -> int:
    for kind in DeedLink:
        if getattr(args, kind.value) is not None:
            link_kind, link_id = kind, getattr(args, kind.value)
    subject = DeedSubject.PERSON if args.person is not None else DeedSubject.TEAM
    deed = Deeds(env.context()).add(link_kind=link_kind, link_id=link_id, subject=subject,
                                    name=args.person if args.person is not None else args.team,
                                    text=args.text, at=args.at, place=args.place, witness=args.witness)
    if args.json:
        print_json(deed_json(deed))
    else:
        print(deed.id)
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    since = ctx.parse_time(args.since, "since") if args.since else None
    until = ctx.parse_time(args.until, "until") if args.until else None
    deeds = Deeds(ctx).listing(marked=True if args.marked else None, start=since,
                               end=until.shift(seconds=1) if until else None)
    if args.json:
        print_json([deed_json(d) for d in deeds])
        return 0
    if not deeds:
        print(t("cli.empty"))
    for deed in deeds:
        print(format_line(deed, ctx.tz))
    return 0


def _mark(args: argparse.Namespace, env: CliEnv) -> int:
    deed = Deeds(env.context()).mark(args.id, on=not args.unmark)
    if args.json:
        print_json(deed_json(deed))
    else:
        print(deed.id)
    return 0


def format_line(deed: Deed, tz: str) -> str:
    flag = "★" if deed.report_upward else " "
    link = f"{t('kind.' + deed.link_kind.value)} #{deed.link_id}"
    return (f"#{deed.id:<5}{flag} {deed.at.to(tz).format('MM-DD HH:mm')}  {t(deed.subject.label_key)} "
            f"{one_line(deed.name, 24)}  {one_line(deed.place or '—', 20)}  {link}  {one_line(deed.text, 60)}")
