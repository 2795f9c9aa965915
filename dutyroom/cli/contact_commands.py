"""``dutyroom contact import|list``: the responsible persons the warning call-out phones."""

from __future__ import annotations

import argparse
from pathlib import Path

from dutyroom.cli.common import CliEnv, add_command, add_group, one_line, print_json
from dutyroom.i18n import t
from dutyroom.model.contact import clean_area
from dutyroom.model.errors import ValidationError
from dutyroom.services.contacts import Contacts, contact_json


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "contact", t("cli.contact"))

    imp = add_command(group, "import", t("cli.contact.import"))
    imp.add_argument("file", help=t("cli.contact.arg.file"))
    imp.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    imp.set_defaults(func=_import)

    listing = add_command(group, "list", t("cli.contact.list"))
    listing.add_argument("--area", default=None, help=t("cli.contact.opt.area"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)


def _import(args: argparse.Namespace, env: CliEnv) -> int:
    contacts = Contacts(env.context()).import_csv(Path(args.file).expanduser())
    if args.json:
        print_json([contact_json(c) for c in contacts])
    else:
        print(t("cli.contact.imported", count=len(contacts)))
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    service = Contacts(env.context())
    people = service.all()
    if args.area is not None:
        area = clean_area(args.area)
        if area not in service.areas():
            raise ValidationError("callout.error.unknown_area", field="area", area=area)
        order = {name: index for index, name in enumerate([area, *service.below(area)])}
        people = sorted((c for c in people if c.area in order), key=lambda c: (order[c.area], c.id or 0))
    if args.json:
        print_json([contact_json(c) for c in people])
        return 0
    if not people:
        print(t("cli.empty"))
    for c in people:
        alt = f" / {one_line(c.alt_phone)}" if c.alt_phone else ""
        parent = f" ← {one_line(c.parent)}" if c.parent else ""
        print(f"#{c.id:<4} {t(c.level.label_key):<4} {one_line(c.area)}{parent}  {one_line(c.name)} "
              f"{one_line(c.role)}  {one_line(c.phone)}{alt}")
    return 0
