"""Sending a printout to CUPS with ``lp``; a clear error where there is no printing."""

from __future__ import annotations

import shutil
import subprocess

from dutyroom.model.errors import ValidationError
from dutyroom.model.text import strip_controls
from dutyroom.services.printout.errors import PrinterUnavailable

PRINTABLE = ("pdf", "txt")
TIMEOUT = 30


def print_file(data: bytes, fmt: str) -> str:
    """Queue ``data`` on the default printer; returns lp's message ("request id is …").

    The job goes to ``lp`` on standard input, so no temporary file is left behind. CUPS
    prints PDF and plain text; HTML is refused (print it from a browser)."""
    if fmt not in PRINTABLE:
        raise ValidationError("printout.cannot_print_format", field="format", value=strip_controls(str(fmt)))
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterUnavailable("printout.no_lp")
    args = [lp]
    if fmt == "txt":
        args += ["-o", "document-format=text/plain"]
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
