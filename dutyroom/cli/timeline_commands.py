"""``dutyroom timeline --from TIME --to TIME --format csv|html|pdf [-o FILE]``: 复盘 timeline.

The bytes come from :func:`dutyroom.services.timeline_export.export`, as in the app's
timeline form (the same file for the same period)."""

from __future__ import annotations

import argparse
import sys

from dutyroom.cli.common import CliEnv, add_command
from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.services.timeline_export import FORMATS


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "timeline", t("cli.timeline"))
    parser.add_argument("--from", dest="start", required=True, metavar="TIME", help=t("cli.timeline.opt.from"))
    parser.add_argument("--to", dest="end", required=True, metavar="TIME", help=t("cli.timeline.opt.to"))
    parser.add_argument("--format", required=True, choices=list(FORMATS), help=t("cli.timeline.opt.format"))
    parser.add_argument("-o", "--output", default=None, help=t("cli.opt.output"))
    parser.set_defaults(func=_timeline)


def _timeline(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.services.output import output_path, write_file
    from dutyroom.services.timeline_export import check_period, export

    ctx = env.context()
    start, end = ctx.parse_time(args.start, "from"), ctx.parse_time(args.end, "to")
    check_period(start, end)
    to_file = bool(args.output and args.output != "-")
    path = output_path(args.output) if to_file else None
    data = export(ctx, start, end, args.format)
    if path is not None:
        write_file(path, data)
        sys.stderr.write(t("cli.handover.written", path=str(path)) + "\n")
        return 0
    if args.format == "pdf" and sys.stdout.isatty():
        raise ValidationError("cli.handover.binary_to_tty", field="format")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0
