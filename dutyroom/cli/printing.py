"""Writing a rendered printout: to a file, to standard output, or to the printer."""

from __future__ import annotations

import argparse
import sys

from dutyroom.i18n import language, t
from dutyroom.model.errors import ValidationError

FORMATS = ("pdf", "txt", "html")


def add_print_options(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS, *,
                      format_required: bool = True, format_help: str = "cli.handover.opt_format") -> None:
    """``--format``, ``-o`` and ``--print``. Where ``--format`` is optional, :func:`deliver`
    picks it from the output file (:func:`chosen_format`)."""
    parser.add_argument("--format", required=format_required, default=None, choices=list(formats),
                        help=t(format_help))
    parser.add_argument("-o", "--output", default=None, help=t("cli.opt.output"))
    parser.add_argument("--print", dest="send_to_printer", action="store_true", help=t("cli.handover.opt_print"))


def chosen_format(fmt: str | None, output: str | None) -> str:
    """``--format``, else the output file's suffix, else PDF to a file and text to the screen."""
    if fmt:
        return fmt
    suffix = (output or "").rsplit(".", 1)[-1].lower() if output and "." in output else ""
    if suffix in FORMATS:
        return suffix
    return "pdf" if output and output != "-" else "txt"


def deliver(doc: object, args: argparse.Namespace) -> int:
    """Render ``doc`` in ``args.format`` (where none was given: :func:`chosen_format`); write it
    to ``-o``, standard output, and/or ``lp``."""
    from dutyroom.services.output import output_path, write_file
    from dutyroom.services.printout import print_document, render

    args.format = chosen_format(args.format, args.output)
    to_file = bool(args.output and args.output != "-")
    path = output_path(args.output) if to_file else None  # checked before the work of rendering
    data = render(doc, args.format)
    if path is not None:
        write_file(path, data)
        sys.stderr.write(t("cli.handover.written", path=str(path)) + "\n")
    elif not args.send_to_printer:
        if args.format == "pdf" and sys.stdout.isatty():
            raise ValidationError("cli.handover.binary_to_tty", field="format")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    if args.send_to_printer:
        message = print_document(doc)  # always the PDF: a text job prints Chinese as boxes
        sys.stderr.write(t("cli.handover.printed", message=message) + "\n")
    return 0


def lang() -> str:
    return language()
