"""Sending a printout to CUPS with ``lp``; a clear error where there is no printing.

Only PDF goes to the printer: CUPS turns a plain-text job into a page with its own font,
which has no Chinese glyphs (every character prints as an empty box). The PDF rendering
embeds the CJK font, so :func:`print_document` always sends that, whatever format was asked
for on screen or in a file."""

from __future__ import annotations

import shutil
import subprocess

from dutyroom.model.errors import ValidationError
from dutyroom.model.text import strip_controls
from dutyroom.services.printout.errors import PrinterUnavailable

PRINTABLE = ("pdf",)
TIMEOUT = 30


def print_file(data: bytes, fmt: str = "pdf") -> str:
    """Queue the PDF ``data`` on the default printer; returns lp's message ("request id is …").

    The job goes to ``lp`` on standard input, so no temporary file is left behind. Any other
    format is refused (see the module's docstring); callers print a Document with
    :func:`print_document`."""
    if fmt not in PRINTABLE or not data.startswith(b"%PDF"):
        raise ValidationError("printout.pdf_only", field="format", value=strip_controls(str(fmt)))
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterUnavailable("printout.no_lp")
    args = [lp, "-o", "document-format=application/pdf"]
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PrinterUnavailable("printout.lp_timeout", seconds=TIMEOUT) from exc
    except OSError as exc:
        raise PrinterUnavailable("printout.lp_failed", code="-", reason=_clause(str(exc))) from exc
    out = strip_controls(done.stdout.decode("utf-8", "replace")).strip()
    err = strip_controls(done.stderr.decode("utf-8", "replace")).strip()
    if done.returncode != 0:
        raise PrinterUnavailable("printout.lp_failed", code=done.returncode, reason=_clause(err or out or "-"))
    return out or err


def _clause(text: str) -> str:
    """lp's own message inside our sentence: without its closing full stop (no "。。")."""
    return text.rstrip("。.!! ") or "-"
