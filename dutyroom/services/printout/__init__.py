"""The printout engine: one Document, printed as PDF (A4, embedded CJK font), 80-column text
or a standalone HTML page, and sent to CUPS (always as the PDF). Used by the handover, the activity log, the
daily bulletin and the party report. No Textual.

    from dutyroom.services.printout import Document, Section, Table, Signature, render
    data = render(Document(title="交接班记录", sections=[...]), "pdf")
"""

from __future__ import annotations

from dutyroom.model.errors import ValidationError
from dutyroom.services.printout.document import Document, Section, Signature, Table
from dutyroom.services.printout.errors import FontMissing, PrinterUnavailable
from dutyroom.services.printout.printer import print_file

FORMATS = ("pdf", "txt", "html")

__all__ = ["Document", "Section", "Signature", "Table", "FontMissing", "PrinterUnavailable",
           "FORMATS", "render", "print_file", "print_document"]


def render(doc: Document, fmt: str) -> bytes:
    """``doc`` as bytes in ``fmt`` ("pdf", "txt" or "html"); the same doc, the same bytes.

    Raises ValidationError for another format or a malformed table, FontMissing for a PDF
    when no Chinese font is found."""
    from dutyroom.model.text import strip_controls
    from dutyroom.services.printout.prepare import prepared

    if fmt not in FORMATS:
        raise ValidationError("printout.bad_format", field="format",
                              value=strip_controls(str(fmt)), choices=", ".join(FORMATS))
    clean = prepared(doc)
    if fmt == "pdf":
        from dutyroom.services.printout.pdf import render_pdf

        return render_pdf(clean)
    if fmt == "txt":
        from dutyroom.services.printout.plain import render_txt

        return render_txt(clean)
    from dutyroom.services.printout.html_page import render_html

    return render_html(clean)


def print_document(doc: Document) -> str:
    """Send ``doc`` to the default printer as its PDF rendering (embedded CJK font): a text
    job through CUPS prints every Chinese character as an empty box."""
    return print_file(render(doc, "pdf"), "pdf")
