"""Make a Document safe to render: control characters out, tabs expanded, rows squared."""

from __future__ import annotations

from dutyroom.model.errors import ValidationError
from dutyroom.model.text import strip_controls
from dutyroom.services.printout.document import Document, Section, Signature, Table


def _s(text: object) -> str:
    return strip_controls("" if text is None else str(text)).replace("\t", "    ")


def _table(table: Table) -> Table:
    columns = [_s(c) for c in table.columns]
    rows: list[list[str]] = []
    for number, row in enumerate(table.rows, 1):
        if len(row) > len(columns):
            raise ValidationError("printout.row_too_long", field="table", row=number,
                                  cells=len(row), columns=len(columns))
        rows.append([_s(c) for c in row] + [""] * (len(columns) - len(row)))
    widths = None
    if table.widths is not None:
        if len(table.widths) != len(columns) or any(not w > 0 for w in table.widths):
            raise ValidationError("printout.bad_widths", field="table", columns=len(columns))
        widths = [float(w) for w in table.widths]
    return Table(columns=columns, rows=rows, widths=widths)


def prepared(doc: Document) -> Document:
    """A cleaned copy of ``doc``; the caller's object is left as it is."""
    if doc.lang not in ("zh", "en"):
        raise ValidationError("printout.bad_lang", field="lang", value=_s(doc.lang))
    return Document(
        title=_s(doc.title),
        subtitle=_s(doc.subtitle),
        meta=[(_s(k), _s(v)) for k, v in doc.meta],
        sections=[
            Section(heading=_s(s.heading), paragraphs=[_s(p) for p in s.paragraphs],
                    table=_table(s.table) if s.table is not None and s.table.columns else None,
                    items=[_s(i) for i in s.items])
            for s in doc.sections
        ],
        signatures=[Signature(role=_s(g.role), name=_s(g.name), signed_at=_s(g.signed_at))
                    for g in doc.signatures],
        footer=_s(doc.footer),
        seal=_s(doc.seal),
        lang=doc.lang,
        generated_at=_s(doc.generated_at),
    )
