"""``dutyroom status set|show``: the flood response level and the weather warnings."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, print_json
from dutyroom.i18n import t
from dutyroom.model.status import ResponseLevel, WarningColour, WarningType
from dutyroom.services.status import StatusService, describe, status_json


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "status", t("cli.status"))
    levels = ", ".join(ResponseLevel.codes())
    warning_help = t("cli.status.opt.warning", types=", ".join(WarningType.codes()),
                     colours=", ".join(WarningColour.codes()))

    setter = add_command(group, "set", t("cli.status.set"))
    setter.add_argument("--response", default=None, help=t("cli.status.opt.response", choices=levels))
    setter.add_argument("--warning", action="append", default=[], metavar="TYPE:COLOUR",
                        help=warning_help)
    setter.add_argument("--clear-warning", action="append", default=[], metavar="TYPE",
                        help=t("cli.status.opt.clear_warning"))
    setter.add_argument("--clear-warnings", action="store_true", help=t("cli.status.opt.clear_warnings"))
    setter.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    setter.set_defaults(func=_set)

    show = add_command(group, "show", t("cli.status.show"))
    show.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    show.set_defaults(func=_show)


def _set(args: argparse.Namespace, env: CliEnv) -> int:
    if args.response is None and not args.warning and not args.clear_warning and not args.clear_warnings:
        from dutyroom.model.errors import ValidationError

        raise ValidationError("cli.status.nothing", field="status")
    change = StatusService(env.context()).set(response=args.response, warnings=args.warning,
                                              clear=args.clear_warning,
                                              clear_all=args.clear_warnings)
    if args.json:
        print_json(status_json(change.after))
    else:
        print(describe(change.after) if change.changed else t("cli.status.unchanged",
                                                                line=describe(change.after)))
    return 0


def _show(args: argparse.Namespace, env: CliEnv) -> int:
    status = StatusService(env.context()).current()
    if args.json:
        print_json(status_json(status))
    else:
        print(describe(status))
    return 0
