"""``dutyroom report correct ID [--reporter NAME] [--phone P] [--reason TEXT]``.

Registered under the ``report`` group that ``report_commands`` builds (modules
are discovered in name order, so ``report`` exists by the time this runs).
"""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, existing_group, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.services.report_correction import correct_contact


def register(sub: argparse._SubParsersAction) -> None:
    group = existing_group(sub, "report")
    if group is None:
        return
    correct = add_command(group, "correct", t("cli.report.correct"))
    correct.add_argument("id", type=positive_int, help=t("cli.arg.id"))
    correct.add_argument("--reporter", default=None, metavar="NAME", help=t("cli.report.opt.reporter"))
    correct.add_argument("--phone", default=None, metavar="P", help=t("cli.report.opt.phone"))
    correct.add_argument("--reason", default="", help=t("cli.report.opt.correct_reason"))
    correct.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    correct.set_defaults(func=_correct)


def _correct(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.cli.report_commands import report_json

    ctx = env.context()
    head = correct_contact(ctx, args.id, reporter=args.reporter, phone=args.phone, reason=args.reason)
    if args.json:
        print_json(report_json(head, ctx))
    else:
        print(head.id)
    return 0
