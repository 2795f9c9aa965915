"""``dutyroom unit list|add``."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, one_line, print_json
from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.unit import UnitKind
from dutyroom.services.units import Units, unit_json


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "unit", t("cli.unit"))

    listing = add_command(group, "list", t("cli.unit.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    add = add_command(group, "add", t("cli.unit.add"))
    add.add_argument("name", help=t("cli.unit.arg.name"))
    add.add_argument("--kind", required=True, help=t("cli.unit.opt.kind", choices=", ".join(UnitKind.codes())))
    add.add_argument("--phone", default="", help=t("cli.unit.opt.phone"))
    add.add_argument("--contact", default="", help=t("cli.unit.opt.contact"))
    add.add_argument("--district", default="", help=t("cli.unit.opt.district"))
    add.add_argument("--zone-keypoints", default="", metavar="ID,ID", help=t("cli.unit.opt.zone_keypoints"))
    add.add_argument("--zone-area", default="", help=t("cli.unit.opt.zone_area"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)


def parse_ids(text: str, field: str) -> list[int]:
    out = []
    for part in (text or "").replace(",", ",").split(","):
        part = part.strip().lstrip("#")
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise ValidationError("error.bad_id", field=field, value=part)
        out.append(int(part))
    return out


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    units = Units(env.context()).ensure_defaults()
    if args.json:
        print_json([unit_json(u) for u in units])
        return 0
    for unit in units:
        zone = ", ".join(f"#{k}" for k in unit.zone_keypoints)
        zone = " ".join(p for p in (zone, unit.zone_area) if p)
        print(f"#{unit.id:<4} {t(unit.kind.label_key):<8} {one_line(unit.name, 28)}  "
              f"{unit.phone or '-'}  {unit.contact}  {one_line(zone, 40)}".rstrip())
    return 0


def _add(args: argparse.Namespace, env: CliEnv) -> int:
    unit = Units(env.context()).add(kind=args.kind, name=args.name, phone=args.phone,
                                    contact=args.contact, district=args.district,
                                    zone_keypoints=parse_ids(args.zone_keypoints, "zone"),
                                    zone_area=args.zone_area)
    if args.json:
        print_json(unit_json(unit))
    else:
        print(unit.id)
    return 0
