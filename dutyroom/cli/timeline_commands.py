"""``dutyroom timeline --from TIME --to TIME --format csv|html|pdf [-o FILE]``: 复盘 timeline."""

from __future__ import annotations

import argparse
import csv
import io
import sys

from dutyroom.cli.common import CliEnv, add_command, csv_safe
from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError

FORMATS = ("csv", "html", "pdf")


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "timeline", t("cli.timeline"))
    parser.add_argument("--from", dest="start", required=True, metavar="TIME", help=t("cli.timeline.opt.from"))
    parser.add_argument("--to", dest="end", required=True, metavar="TIME", help=t("cli.timeline.opt.to"))
    parser.add_argument("--format", required=True, choices=list(FORMATS), help=t("cli.timeline.opt.format"))
    parser.add_argument("-o", "--output", default=None, help=t("cli.opt.output"))
    parser.set_defaults(func=_timeline)


def _timeline(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.model.timeinput import iso
    from dutyroom.services.output import output_path, write_file
    from dutyroom.services.timeline import build
    from dutyroom.services.timeline_render import document, render_html

    ctx = env.context()
    start, end = ctx.parse_time(args.start, "from"), ctx.parse_time(args.end, "to")
    if end < start:
        raise ValidationError("timeline.bad_period", field="to")
    to_file = bool(args.output and args.output != "-")
    path = output_path(args.output) if to_file else None
    timeline = build(ctx, start, end)
    if args.format == "csv":
        data = render_csv(timeline, ctx.tz).encode("utf-8-sig")
    elif args.format == "html":
        data = render_html(timeline, ctx.tz)
    else:
        from dutyroom.services.printout import render

        data = render(document(timeline, ctx.tz, iso(end)), "pdf")
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


def render_csv(timeline, tz: str) -> str:  # noqa: ANN001 - services.timeline.Timeline
    """One sheet: the integrity line, then each table under its heading, cells defused."""
    from dutyroom.services.replay import integrity_line
    from dutyroom.services.timeline_render import tables, title

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_safe(integrity_line(timeline.integrity))])
    writer.writerow([csv_safe(title(timeline, tz))])
    for block in tables(timeline, tz):
        writer.writerow([])
        writer.writerow([csv_safe(block.heading)])
        writer.writerow([csv_safe(c) for c in block.columns])
        for row in block.rows:
            writer.writerow([csv_safe(c) for c in row])
    return buffer.getvalue()
