"""Rendering a printout for the reports-upward commands: bytes to a file or standard output."""

from __future__ import annotations

import sys

from dutyroom.model.errors import DomainError, ValidationError

FORMATS = ("pdf", "txt", "html")


def render_document(document: object, fmt: str) -> bytes:
    from dutyroom.services.printout import FontMissing, render

    try:
        return render(document, fmt)
    except FontMissing as error:
        if isinstance(error, DomainError):
            raise
        raise ValidationError("error.upward_font_missing", field="format", detail=str(error)) from None


def emit(data: bytes, output: str | None) -> None:
    """To ``-o FILE`` atomically, or standard output (a PDF to a terminal is refused)."""
    if not output or output == "-":
        if not data.startswith(b"%PDF") or not sys.stdout.isatty():
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        raise ValidationError("error.pdf_to_terminal", field="output")
    from dutyroom.services.output import output_path, write_file

    write_file(output_path(output), data)


def send_to_printer(document: object) -> None:
    """``--print``: queue the document's PDF rendering on the default printer (CUPS ``lp``),
    whatever ``--format`` writes: only the PDF embeds the Chinese font."""
    from dutyroom.i18n import t
    from dutyroom.services.printout import print_file

    message = print_file(render_document(document, "pdf"), "pdf")
    sys.stderr.write(t("upward.printed", message=message.strip()) + "\n")
