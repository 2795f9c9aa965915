"""``dutyroom callout print ID [--format pdf|txt|html] [-o FILE] [--print]``: the call sheet
(every call and every attempt), as the app's ``p`` on a call-out writes it. Without
``--format``: the suffix of ``-o``, else PDF to a file and text to standard output.

Registered under the ``callout`` group that ``callout_commands`` builds (modules are
discovered in name order, so ``callout`` exists by the time this runs).
"""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, positive_int
from dutyroom.cli.printing import FORMATS, deliver
from dutyroom.i18n import language, t


def _callout_group(sub: argparse._SubParsersAction) -> argparse._SubParsersAction | None:
    parser = sub.choices.get("callout")
    if parser is None:
        return None
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its subparsers here
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def register(sub: argparse._SubParsersAction) -> None:
    group = _callout_group(sub)
    if group is None:
        return
    printing = add_command(group, "print", t("calloutui.cli.print"))
    printing.add_argument("id", type=positive_int, metavar="ID", help=t("calloutui.cli.id"))
    printing.add_argument("--format", default=None, choices=list(FORMATS), help=t("calloutui.cli.format"))
    printing.add_argument("-o", "--output", default=None, help=t("cli.opt.output"))
    printing.add_argument("--print", dest="send_to_printer", action="store_true", help=t("cli.handover.opt_print"))
    printing.set_defaults(func=_print)


def chosen_format(fmt: str | None, output: str | None) -> str:
    """``--format``, else the output file's suffix, else PDF to a file and text to the screen."""
    if fmt:
        return fmt
    suffix = (output or "").rsplit(".", 1)[-1].lower() if output and "." in output else ""
    if suffix in FORMATS:
        return suffix
    return "pdf" if output and output != "-" else "txt"


def _print(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.services.callout_sheet import call_sheet, callout_view  # not on other commands' path

    ctx = env.context()
    args.format = chosen_format(args.format, args.output)
    return deliver(call_sheet(ctx, callout_view(ctx, args.id), language()), args)
