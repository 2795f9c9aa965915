"""What a printout says, independent of how it is printed: plain dataclasses, no I/O.

Every string here is outside data (officers typed it, or it came from a report). The
renderers strip control characters and escape for their format; callers pass raw text.
Times are passed already formatted in the duty room's zone, so a reprint of the same
records gives the same document, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    """A table of text cells; ``widths`` are relative column widths (None: from the content)."""

    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None


@dataclass
class Section:
    """A headed part of the document: paragraphs, then an optional table, then bullet items."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    items: list[str] = field(default_factory=list)


@dataclass
class Signature:
    """A signature line; ``signed_at`` "" means not signed yet (a blank line to sign on)."""

    role: str
    name: str = ""
    signed_at: str = ""


@dataclass
class Document:
    """A printout. ``generated_at`` is fixed text (also the PDF creation date when it parses
    as a date), so the same Document always renders to the same bytes; ``seal`` is the seal
    text (e.g. a content hash) printed at the end; ``lang`` is "zh" or "en" for the words the
    renderer adds itself (page numbers, "signed at")."""

    title: str
    subtitle: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    footer: str = ""
    seal: str = ""
    lang: str = "zh"
    generated_at: str = ""
