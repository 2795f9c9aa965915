"""``dutyroom migrate``: records written before messages existed read in every language."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, print_json
from dutyroom.i18n import t
from dutyroom.services.record_migrate import migrate


def register(sub: argparse._SubParsersAction) -> None:
    command = add_command(sub, "migrate", t("cli.migrate"))
    command.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    command.set_defaults(func=_migrate)


def _migrate(args: argparse.Namespace, env: CliEnv) -> int:
    done = migrate(env.context())
    if args.json:
        print_json(done.as_json())
    else:
        print(t("cli.migrate.done", escalations=len(done.escalations), units=len(done.units)))
    return 0
