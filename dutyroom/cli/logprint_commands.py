"""``dutyroom log print [--shift ID | --date DATE] --format pdf|txt|html`` (ICS-214-style activity log).

Registered under the ``log`` group that ``log_commands`` builds (modules are
discovered in name order, so ``log`` exists by the time this runs).
"""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, existing_group
from dutyroom.cli.printing import add_print_options, deliver
from dutyroom.i18n import language, t


def register(sub: argparse._SubParsersAction) -> None:
    group = existing_group(sub, "log")
    if group is None:
        return
    printing = add_command(group, "print", t("cli.log.print"))
    which = printing.add_mutually_exclusive_group()
    which.add_argument("--shift", default=None, help=t("cli.handover.opt_shift"))
    which.add_argument("--date", default=None, help=t("cli.logprint.opt_date"))
    add_print_options(printing)  # the engine renders every document as pdf, txt or html
    printing.set_defaults(func=_print)


def _print(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.services.activity_log import ActivityLog  # not on the path of ``log add``

    ctx = env.context()
    log = ActivityLog(ctx)
    period = log.for_date(args.date) if args.date else log.for_shift(args.shift)
    return deliver(log.document(period, language()), args)
