"""PDF (A4) with an embedded subset of a CJK font, via fpdf2.

Reproducible: the creation date comes from ``Document.generated_at`` (a fixed date when it
does not parse), fpdf2 derives the file id from the content and names font subsets
deterministically, so the same Document gives the same bytes.
"""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.errors import FPDFException
from fpdf.fonts import FontFace

from dutyroom.i18n import t
from dutyroom.services.printout.document import Document, Signature, Table
from dutyroom.services.printout.errors import FontMissing
from dutyroom.services.printout.fonts import CjkFont, find_cjk_font

FAMILY = "cjk"
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
PAGE_ALIAS = "{nb}"
BODY_PT = 10
TABLE_PT = 9
LINE = 5.2  # mm per body line
TABLE_LINE = 4.6
TABLE_PAD = 1


def _creation_date(text: str) -> dt.datetime:
    """``generated_at`` as a date when it reads as one (naive = UTC), else a fixed date."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return FIXED_DATE
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


class _Printout(FPDF):
    def __init__(self, doc: Document, font: CjkFont) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        try:
            self.add_font(FAMILY, "", font.path, collection_font_number=font.index)
            self.has_bold = font.bold_path is not None
            if font.bold_path is not None:
                self.add_font(FAMILY, "B", font.bold_path, collection_font_number=font.bold_index)
        except (OSError, FPDFException, RuntimeError, KeyError, ValueError) as exc:
            raise FontMissing("printout.font_unreadable", path=font.path, reason=str(exc)) from exc
        self.glyphs = frozenset(self.fonts[FAMILY].cmap)
        self.set_margins(15, 16, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_creation_date(_creation_date(doc.generated_at))
        self.set_title(self.safe(doc.title))
        self.set_lang("zh-CN" if doc.lang == "zh" else "en")
        self.set_creator("dutyroom")
        self.alias_nb_pages(PAGE_ALIAS)

    def safe(self, text: str) -> str:
        """``text`` with characters the font cannot draw shown as "?" (never a silent gap)."""
        return "".join(ch if ch in "\n " or ord(ch) in self.glyphs else "?" for ch in text)

    def font_(self, size: float, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold and self.has_bold else "", size)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.font_(8)
        self.set_text_color(90)
        self.cell(0, 5, self._fit(self.safe(self.doc.title), self.epw), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(160)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_text_color(0)
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_draw_color(160)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)
        self.font_(8)
        self.set_text_color(90)
        number = t("printout.page_of", lang=self.doc.lang, page=self.page_no(), pages=PAGE_ALIAS)
        number_w = self.get_string_width(number.replace(PAGE_ALIAS, "999")) + 2
        left = " · ".join(x for x in (self.doc.footer,
                                       t("printout.generated_at", lang=self.doc.lang, at=self.doc.generated_at)
                                       if self.doc.generated_at else "") if x)
        self.cell(self.epw - number_w, 5, self._fit(self.safe(left), self.epw - number_w - 2))
        self.cell(number_w, 5, number, align="R")
        self.set_text_color(0)

    def _fit(self, text: str, width: float) -> str:
        text = text.replace("\n", " ")
        if self.get_string_width(text) <= width:
            return text
        low, high = 0, len(text)  # the longest prefix that fits with the ellipsis
        while low < high:
            mid = (low + high + 1) // 2
            if self.get_string_width(text[:mid] + "…") <= width:
                low = mid
            else:
                high = mid - 1
        return text[:low] + "…"

    # -- body -------------------------------------------------------------------------
    def title_block(self) -> None:
        self.font_(16, bold=True)
        self.multi_cell(0, 8, self.safe(self.doc.title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.doc.subtitle:
            self.font_(11)
            self.multi_cell(0, 6, self.safe(self.doc.subtitle), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        if self.doc.meta:
            self.font_(BODY_PT, bold=True)  # labels are measured in the face they are drawn in
            labels = [self.safe(k) + (":" if k else "") for k, _ in self.doc.meta]
            label_w = min(max(self.get_string_width(x) for x in labels) + 3, 50)
            for label, (_, value) in zip(labels, self.doc.meta):
                self.font_(BODY_PT, bold=True)
                label_h = self.multi_cell(label_w, LINE, label, align="L", dry_run=True, output="HEIGHT")
                if self.will_page_break(label_h):
                    self.add_page()
                y, page = self.get_y(), self.page_no()
                self.multi_cell(label_w, LINE, label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
                self.font_(BODY_PT)
                self.multi_cell(0, LINE, self.safe(value) or " ", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                if self.page_no() == page:  # a value that ran over a page break is already below
                    self.set_y(max(self.get_y(), y + label_h))
        self.set_draw_color(0)
        self.set_line_width(0.4)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_line_width(0.2)
        self.ln(4)

    def heading(self, text: str) -> None:
        if self.will_page_break(8 + 3 * LINE):  # keep a heading with what follows
            self.add_page()
        self.font_(12, bold=True)
        self.multi_cell(0, 7, self.safe(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(120)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    def paragraph(self, text: str) -> None:
        self.font_(BODY_PT)
        self.multi_cell(0, LINE, self.safe(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def item(self, text: str) -> None:
        self.font_(BODY_PT)
        self.cell(5, LINE, "•" if ord("•") in self.glyphs else "-")
        self.multi_cell(0, LINE, self.safe(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table_(self, table: Table) -> None:
        self.font_(TABLE_PT)
        if not table.rows:
            self.paragraph(t("printout.no_rows", lang=self.doc.lang))
            return
        widths = table.widths or self._natural_widths(table)
        rows = self._split_tall_rows(table.rows, [self.epw * w / sum(widths) for w in widths])
        head = FontFace(emphasis="BOLD" if self.has_bold else None, fill_color=(225, 225, 225))
        self.set_draw_color(110)
        with self.table(col_widths=tuple(widths), width=self.epw, text_align="LEFT",
                        v_align="TOP", line_height=TABLE_LINE, headings_style=head,
                        repeat_headings=1, padding=TABLE_PAD) as pdf_table:
            row = pdf_table.row()
            for column in table.columns:
                row.cell(self.safe(column))
            for cells in rows:
                row = pdf_table.row()
                for cell in cells:
                    row.cell(self.safe(cell))
        self.ln(3)

    def _split_tall_rows(self, rows: list[list[str]], widths: list[float]) -> list[list[str]]:
        """Rows too tall for one page cut into continuation rows (fpdf2 cannot break a row)."""
        max_lines = int((self.eph - 40) / TABLE_LINE)
        out: list[list[str]] = []
        for cells in rows:
            rough = [self.get_string_width(c) / max(w - 4, 1) + c.count("\n") for c, w in zip(cells, widths)]
            if max(rough, default=0) < max_lines / 2:
                out.append(cells)
                continue
            lines = [self.multi_cell(w - 2 * TABLE_PAD - 2 * self.c_margin - 0.5, TABLE_LINE, self.safe(c),
                                     dry_run=True, output="LINES") for c, w in zip(cells, widths)]
            chunks = max(-(-len(x) // max_lines) for x in lines)
            for k in range(chunks):
                out.append(["\n".join(x[k * max_lines:(k + 1) * max_lines]) for x in lines])
        return out

    def _natural_widths(self, table: Table) -> list[float]:
        """Relative widths from the content: wide enough for short columns, the rest shared."""
        n = len(table.columns)
        natural = []
        for i in range(n):
            texts = [table.columns[i]] + [row[i] for row in table.rows[:200]]
            longest = max(max((self.get_string_width(part) for part in x.split("\n")), default=0) for x in texts)
            natural.append(min(max(longest + 3, 14), self.epw * 0.6))
        return natural

    def signatures(self, signatures: list[Signature]) -> None:
        self.ln(4)
        if self.will_page_break(len(signatures) * 11 + 4):
            self.add_page()
        lang = self.doc.lang
        signed_label = t("printout.signed_at", lang=lang) + ":"
        self.font_(BODY_PT, bold=True)  # measured in the face the roles are drawn in
        role_w = min(max(self.get_string_width(self.safe(s.role) + ":") for s in signatures) + 4, 70)
        self.font_(BODY_PT)
        label_w = self.get_string_width(signed_label) + 2
        name_w = max(30.0, min(60.0, self.epw - role_w - 4 - label_w - 34))
        for sig in signatures:
            self.ln(4)
            y = self.get_y()
            x = self.l_margin
            self.font_(BODY_PT, bold=True)
            self.set_xy(x, y)
            self.cell(role_w, 6, self._fit(self.safe(sig.role) + ":", role_w))
            self.font_(BODY_PT)
            self._blank_or(x + role_w, y, name_w, sig.name)
            self.set_xy(x + role_w + name_w + 4, y)
            self.cell(label_w, 6, signed_label)
            self._blank_or(self.get_x(), y, self.w - self.r_margin - self.get_x(), sig.signed_at)
            self.set_xy(self.l_margin, y + 7)

    def _blank_or(self, x: float, y: float, width: float, text: str) -> None:
        """``text`` on a line to sign on; the line alone when ``text`` is empty."""
        self.set_draw_color(0)
        self.line(x, y + 6, x + width, y + 6)
        if text:
            self.set_xy(x + 1, y)
            self.cell(width - 2, 6, self._fit(self.safe(text), width - 2))

    def seal(self, text: str) -> None:
        self.ln(5)
        self.font_(9)
        self.set_draw_color(0)
        self.multi_cell(0, 5, self.safe(text), border=1,
                        align="L", padding=2, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(doc: Document, font: CjkFont | None = None) -> bytes:
    """The document as PDF bytes; FontMissing when no CJK font can be found."""
    font = font or find_cjk_font()
    pdf = _Printout(doc, font)
    pdf.add_page()
    pdf.title_block()
    for section in doc.sections:
        pdf.heading(section.heading)
        for paragraph in section.paragraphs:
            pdf.paragraph(paragraph)
        if section.table is not None:
            pdf.table_(section.table)
        for item in section.items:
            pdf.item(item)
        pdf.ln(3)
    if doc.signatures:
        pdf.signatures(doc.signatures)
    if doc.seal:
        pdf.seal(doc.seal)
    return bytes(pdf.output())
