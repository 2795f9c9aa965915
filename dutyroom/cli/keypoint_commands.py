"""``dutyroom keypoint import|list|add``."""

from __future__ import annotations

import argparse
from pathlib import Path

from dutyroom.cli.common import CliEnv, add_command, add_group, one_line, minutes, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.model.keypoint import KeyPointType
from dutyroom.services.keypoints import KeyPoints, keypoint_json, patrol_age


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "keypoint", t("cli.keypoint"))

    imp = add_command(group, "import", t("cli.keypoint.import"))
    imp.add_argument("file", help=t("cli.keypoint.arg.file"))
    imp.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    imp.set_defaults(func=_import)

    listing = add_command(group, "list", t("cli.keypoint.list"))
    listing.add_argument("--overdue", action="store_true", help=t("cli.keypoint.opt.overdue"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    add = add_command(group, "add", t("cli.keypoint.add"))
    add.add_argument("name", help=t("cli.keypoint.arg.name"))
    add.add_argument("--type", required=True,
                     help=t("cli.keypoint.opt.type", choices=", ".join(KeyPointType.codes())))
    for option in ("district", "town", "village", "responsible-unit", "responsible-person", "phone",
                   "notes"):
        add.add_argument(f"--{option}", default="", help=t(f"cli.keypoint.opt.{option.replace('-', '_')}"))
    add.add_argument("--patrol-interval", type=minutes, default=None, metavar="MIN",
                     help=t("cli.keypoint.opt.patrol_interval"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)


def _import(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    points = KeyPoints(ctx).import_csv(Path(args.file))
    if args.json:
        print_json([keypoint_json(p, None, ctx.now()) for p in points])
    else:
        print(t("cli.keypoint.imported", count=len(points), first=points[0].id, last=points[-1].id))
    return 0


def _add(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    point = KeyPoints(ctx).add(type=args.type, name=args.name, district=args.district, town=args.town,
                               village=args.village, responsible_unit=args.responsible_unit,
                               responsible_person=args.responsible_person, phone=args.phone,
                               patrol_interval_min=args.patrol_interval, notes=args.notes)
    if args.json:
        print_json(keypoint_json(point, None, ctx.now()))
    else:
        print(point.id)
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    now = ctx.now()
    statuses = KeyPoints(ctx).patrol_status()
    if args.overdue:
        statuses = [s for s in statuses if s.overdue]
    if args.json:
        print_json([keypoint_json(s.point, s, now) for s in statuses])
        return 0
    if not statuses:
        print(t("cli.empty"))
    for status in statuses:
        point = status.point
        flag = t("keypoint.overdue_flag") if status.overdue else ""
        print(f"#{point.id:<4} {t(point.type.label_key):<6} {one_line(point.name, 24)}  "
              f"{one_line(point.place, 20)}  {point.responsible_person} {point.phone}  "
              f"{patrol_age(status, now)} {flag}".rstrip())
    return 0
