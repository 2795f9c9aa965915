"""Errors of the printout engine; each carries a catalog key (see dutyroom/catalog/printout.py)."""

from __future__ import annotations

from dutyroom.model.errors import DomainError


class FontMissing(DomainError):
    """No font with Chinese glyphs can be found, so no PDF is made (never a PDF of boxes)."""


class PrinterUnavailable(DomainError):
    """``lp`` (CUPS) is absent, or it refused the job; the file itself is fine."""
