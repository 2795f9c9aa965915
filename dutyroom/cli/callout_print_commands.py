"""``dutyroom callout print ID [--format pdf|txt|html] [-o FILE] [--print]``: the call sheet
(every call and every attempt), as the app's ``p`` on a call-out writes it. Without
``--format``: the suffix of ``-o``, else PDF to a file and text to standard output.

Registered under the ``callout`` group that ``callout_commands`` builds (modules are
discovered in name order, so ``callout`` exists by the time this runs).
"""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, existing_group, positive_int
from dutyroom.cli.printing import add_print_options, deliver
from dutyroom.i18n import language, t


def register(sub: argparse._SubParsersAction) -> None:
    group = existing_group(sub, "callout")
    if group is None:
        return
    printing = add_command(group, "print", t("calloutui.cli.print"))
    printing.add_argument("id", type=positive_int, metavar="ID", help=t("calloutui.cli.id"))
    add_print_options(printing, format_required=False, format_help="calloutui.cli.format")
    printing.set_defaults(func=_print)


def _print(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.services.callout_sheet import call_sheet, callout_view  # not on other commands' path

    ctx = env.context()
    return deliver(call_sheet(ctx, callout_view(ctx, args.id), language()), args)
