"""``dutyroom roster import|list|identify|whoami``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dutyroom.cli.common import CliEnv, add_command, add_group, print_json
from dutyroom.i18n import explain, t
from dutyroom.model.errors import ValidationError
from dutyroom.services.roster import RosterFileError, RosterService

EXIT_USAGE = 2


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "roster", t("cli.roster"))

    imp = add_command(group, "import", t("cli.roster.import"))
    imp.add_argument("file", help=t("cli.roster.arg_file"))
    imp.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    imp.set_defaults(func=_import)

    listing = add_command(group, "list", t("cli.roster.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    ident = add_command(group, "identify", t("cli.roster.identify"))
    ident.add_argument("name", help=t("cli.roster.arg_name"))
    ident.set_defaults(func=_identify)

    who = add_command(group, "whoami", t("cli.roster.whoami"))
    who.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    who.set_defaults(func=_whoami)


def problem_lines(error: RosterFileError) -> list[str]:
    """One translated line per bad row, each naming its line number."""
    lines = []
    for problem in error.problems:
        inner = ValidationError(problem.key, field=problem.params.get("field"),
                                **{k: v for k, v in problem.params.items() if k != "field"})
        lines.append(t("roster.error.line", line=problem.line, message=explain(inner)))
    return lines


def _import(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    try:
        result = RosterService(ctx).import_file(Path(args.file).expanduser())
    except RosterFileError as error:
        sys.stderr.write(t("cli.error_line", message=explain(error)) + "\n")
        for line in problem_lines(error):
            sys.stderr.write(f"  {line}\n")
        return EXIT_USAGE
    if args.json:
        print_json({"shifts": [s.id for s in result.shifts], "officers_created": result.officers_created,
                    "officers_updated": result.officers_updated})
    else:
        print(t("cli.roster.imported", shifts=len(result.shifts), created=result.officers_created,
                updated=result.officers_updated))
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    officers = RosterService(env.context()).officers()
    if args.json:
        print_json([{"id": o.id, "name": o.name, "role": o.role.value, "phone": o.phone,
                     "os_user": o.os_user} for o in officers])
        return 0
    if not officers:
        print(t("cli.empty"))
    for o in officers:
        print(f"#{o.id:<4} {o.name:<8} {t(o.role.label_key):<6} {o.phone:<14} {o.os_user}")
    return 0


def _identify(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    user = ctx.login
    officer = RosterService(ctx).link(user, args.name)
    print(t("cli.roster.linked", user=user, name=officer.name))
    return 0


def _whoami(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    user = ctx.login
    officer = RosterService(ctx).identify(user)
    if args.json:
        print_json({"os_user": user, "name": officer.name if officer else None,
                    "role": officer.role.value if officer else None})
    elif officer:
        print(officer.name)
    else:
        print(t("cli.roster.unknown_user", user=user))
    return 0
