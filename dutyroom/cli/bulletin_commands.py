"""``dutyroom bulletin``: the daily duty bulletin, printed, drafted, approved and issued.

``dutyroom bulletin [--date DATE] --format pdf|txt|html [-o FILE]`` prints the
day's stored bulletin (else an unsaved draft computed now);
``bulletin draft|approve|issue|show`` walk it through its flow.
"""

from __future__ import annotations

import argparse
import sys

from dutyroom.cli.common import CliEnv, add_command, print_json
from dutyroom.cli.upward_output import FORMATS, emit, render_document, send_to_printer
from dutyroom.i18n import t
from dutyroom.model.bulletin import Bulletin
from dutyroom.model.errors import ValidationError
from dutyroom.services.bulletin import Bulletins
from dutyroom.services.upward_print import bulletin_document


def register(sub: argparse._SubParsersAction) -> None:
    from dutyroom.cli.parser import Parser

    parser = add_command(sub, "bulletin", t("cli.bulletin"))
    parser.add_argument("--date", default=None, metavar="DATE", help=t("cli.opt.bulletin_date"))
    parser.add_argument("--format", choices=FORMATS, default=None, help=t("cli.opt.print_format"))
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help=t("cli.opt.output"))
    parser.add_argument("--print", dest="send_to_printer", action="store_true", help=t("cli.opt.print"))
    parser.set_defaults(func=_print)
    steps = parser.add_subparsers(dest="bulletin_command", parser_class=Parser)
    for name, func in (("draft", _draft), ("approve", _approve), ("issue", _issue), ("show", _show)):
        step = add_command(steps, name, t(f"cli.bulletin.{name}"))
        step.add_argument("--date", default=argparse.SUPPRESS, metavar="DATE",
                          help=t("cli.opt.bulletin_date"))
        if name == "approve":
            step.add_argument("--hash", default=None, metavar="HASH", help=t("cli.opt.bulletin_hash"))
        step.add_argument("--json", action="store_true", help=t("cli.opt.json"))
        step.set_defaults(func=func)


def _print(args: argparse.Namespace, env: CliEnv) -> int:
    if args.format is None:
        raise ValidationError("error.format_required", field="format", choices=", ".join(FORMATS))
    ctx = env.context()
    bulletin = Bulletins(ctx).preview(args.date)
    document = bulletin_document(ctx, bulletin, saved=bulletin.id is not None)
    data = render_document(document, args.format)
    if args.send_to_printer:
        send_to_printer(document)
    if args.output or not args.send_to_printer:
        emit(data, args.output)
    return 0


def summary(bulletin: Bulletin) -> dict[str, object]:
    data = bulletin.to_dict()
    keys = ("id", "duty_date", "period_start", "period_end", "state", "content_hash", "drafted_by",
            "drafted_at", "approved_by", "approved_at", "issued_by", "issued_at", "seal", "version")
    return {k: data.get(k) for k in keys}


def _report(bulletin: Bulletin, as_json: bool, full: bool = False) -> None:
    if as_json:
        print_json({**summary(bulletin), "content": bulletin.content} if full else summary(bulletin))
        return
    print(t("upward.bulletin.line", date=bulletin.duty_date, state=t(bulletin.state.label_key),
            hash=bulletin.content_hash[:16]))


def _draft(args: argparse.Namespace, env: CliEnv) -> int:
    _report(Bulletins(env.context()).draft(args.date if "date" in args else None), args.json)
    return 0


def _approve(args: argparse.Namespace, env: CliEnv) -> int:
    bulletin = Bulletins(env.context()).approve(args.date if "date" in args else None,
                                                content_hash=args.hash)
    _report(bulletin, args.json)
    return 0


def _issue(args: argparse.Namespace, env: CliEnv) -> int:
    bulletin = Bulletins(env.context()).issue(args.date if "date" in args else None)
    _report(bulletin, args.json)
    if not args.json:
        print(t("upward.bulletin.sealed_line", seal=bulletin.seal))
    return 0


def _show(args: argparse.Namespace, env: CliEnv) -> int:
    service = Bulletins(env.context())
    bulletin = service.preview(args.date if "date" in args else None)
    _report(bulletin, args.json, full=True)
    if bulletin.seal and not service.verify(bulletin):
        sys.stderr.write(t("upward.bulletin.seal_broken", date=bulletin.duty_date) + "\n")
        return 1
    return 0
