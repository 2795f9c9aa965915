"""Plain text for a line printer: 80 columns, CJK characters counting two.

Tables print as aligned columns with wrapped cells when each column can get a useful
width, otherwise as one "label: value" block per row. No page breaks (the printer pages);
sections are set apart by rules.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from dutyroom.i18n import t
from dutyroom.services.printout.document import Document, Table

WIDTH = 80
GAP = "  "
MIN_COLUMN = 8
NO_LINE_START = frozenset("。,、;:!?)」』】〕〉》”’.,;:!?)")
_TOKEN = re.compile(r"\s+|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells: break at spaces or between CJK characters; a word
    longer than a line is cut. Newlines in ``text`` are kept; always at least one line."""
    width = max(width, 2)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if token.isspace():
                if line and cell_len(line) + 1 <= width:
                    line += " "
                continue
            if cell_len(line) + cell_len(token) <= width:
                line += token
                continue
            kept = line.rstrip()
            if token[0] in NO_LINE_START and len(kept) > 1:
                # a line never starts with "。" or ",": the character before it comes down too
                out.append(kept[:-1].rstrip())
                line = kept[-1] + token
                continue
            if kept:
                out.append(kept)
                line = ""
            while cell_len(token) > width:
                head = _cut(token, width)
                out.append(head)
                token = token[len(head):]
            line = token
        out.append(line.rstrip())
    return out


def _cut(token: str, width: int) -> str:
    """The longest prefix of ``token`` that fits in ``width`` cells (at least one character)."""
    used = 0
    for i, ch in enumerate(token):
        used += cell_len(ch)
        if used > width:
            return token[: max(i, 1)]
    return token


def pad(text: str, width: int) -> str:
    return text + " " * max(width - cell_len(text), 0)


def center(text: str, width: int = WIDTH) -> list[str]:
    return [" " * max((width - cell_len(line)) // 2, 0) + line for line in wrap(text, width)]


def _column_widths(table: Table) -> list[int] | None:
    """Widths that fit 80 columns, or None when the table reads better as blocks."""
    n = len(table.columns)
    room = WIDTH - cell_len(GAP) * (n - 1)
    natural = [max([cell_len(table.columns[i])] + [max((cell_len(x) for x in row[i].split("\n")), default=0)
                                                    for row in table.rows]) for i in range(n)]
    natural = [max(w, 1) for w in natural]
    if sum(natural) <= room:
        return natural
    # water-filling: take from the widest column first, so short columns (ids, times,
    # names) keep their full width and the long text column wraps
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        widest = max(widths)
        if widest <= MIN_COLUMN:
            return None
        at_top = [i for i in range(n) if widths[i] == widest]
        second = max([w for w in widths if w < widest], default=MIN_COLUMN)
        step = max(1, min(widest - max(second, MIN_COLUMN), -(-excess // len(at_top))))
        for i in at_top:
            if excess <= 0:
                break
            cut = min(step, excess)
            widths[i] -= cut
            excess -= cut
    if any(w < min(MIN_COLUMN, natural[i]) for i, w in enumerate(widths)):
        return None
    # a header word cut in pieces reads badly: then blocks
    if any(max((cell_len(w) for w in table.columns[i].split()), default=0) > widths[i] for i in range(n)):
        return None
    return widths


def _table_lines(table: Table) -> list[str]:
    widths = _column_widths(table)
    if widths is None:
        return _block_lines(table)
    lines: list[str] = []

    def emit(cells: list[str]) -> None:
        wrapped = [wrap(c, w) for c, w in zip(cells, widths)]
        for k in range(max(len(c) for c in wrapped)):
            parts = [pad(c[k] if k < len(c) else "", w) for c, w in zip(wrapped, widths)]
            lines.append(GAP.join(parts).rstrip())

    emit(table.columns)
    lines.append(GAP.join("-" * w for w in widths))
    spaced = any(len(wrap(c, w)) > 1 for row in table.rows for c, w in zip(row, widths))
    for number, row in enumerate(table.rows):
        if spaced and number:
            lines.append("")  # rows of several lines read apart only with a gap
        emit(row)
    return lines


def _block_lines(table: Table) -> list[str]:
    label_width = min(max(cell_len(c) for c in table.columns), 24)
    value_width = WIDTH - label_width - 2
    lines: list[str] = []
    for number, row in enumerate(table.rows, 1):
        lines.append(f"[{number}]")
        for label, value in zip(table.columns, row):
            label_lines = wrap(label, label_width)
            value_lines = wrap(value, value_width)
            for k in range(max(len(label_lines), len(value_lines))):
                left = pad(label_lines[k] if k < len(label_lines) else "", label_width)
                right = value_lines[k] if k < len(value_lines) else ""
                lines.append((left + "  " + right).rstrip())
        lines.append("")
    return lines


def _pairs(pairs: list[tuple[str, str]]) -> list[str]:
    if not pairs:
        return []
    label_width = min(max(cell_len(k) for k, _ in pairs) + 1, 24)
    lines = []
    for key, value in pairs:
        keys = wrap(key + ":" if key else "", label_width)
        values = wrap(value, WIDTH - label_width - 1)
        for k in range(max(len(keys), len(values))):
            left = pad(keys[k] if k < len(keys) else "", label_width)
            lines.append((left + " " + (values[k] if k < len(values) else "")).rstrip())
    return lines


def render_txt(doc: Document) -> bytes:
    """The document as UTF-8 text, every line at most 80 cells, ending in a newline."""
    lang = doc.lang
    lines: list[str] = []
    lines += center(doc.title)
    if doc.subtitle:
        lines += center(doc.subtitle)
    lines.append("=" * WIDTH)
    if doc.meta:
        lines += _pairs(doc.meta)
    for section in doc.sections:
        lines += ["", "-" * WIDTH]
        lines += wrap(section.heading, WIDTH)
        lines.append("-" * WIDTH)
        for paragraph in section.paragraphs:
            lines += wrap(paragraph, WIDTH)
            lines.append("")
        if section.table is not None:
            if section.table.rows:
                lines += _table_lines(section.table)
            else:
                lines.append(t("printout.no_rows", lang=lang))
            lines.append("")
        for item in section.items:
            body = wrap(item, WIDTH - 4)
            lines.append("  * " + body[0])
            lines += ["    " + rest for rest in body[1:]]
        while lines and lines[-1] == "":
            lines.pop()
    if doc.signatures:
        lines += ["", "-" * WIDTH]
        for sig in doc.signatures:
            lines += [""] + _signature(sig, lang)
    if doc.seal:
        lines += ["", "=" * WIDTH]
        lines += wrap(doc.seal, WIDTH)  # a sentence of its own ("封存时间 …"): no label before it
    tail = []
    if doc.footer:
        tail += wrap(doc.footer, WIDTH)
    if doc.generated_at:
        tail += wrap(t("printout.generated_at", lang=lang, at=doc.generated_at), WIDTH)
    if tail:
        lines += ["", "=" * WIDTH] + tail
    return ("\n".join(line.rstrip() for line in lines) + "\n").encode("utf-8")


def _signature(sig, lang: str) -> list[str]:
    blank = "_" * 20
    name = sig.name or blank
    when = sig.signed_at or blank
    text = (f"{sig.role}: {name}    "
            f"{t('printout.signed_at', lang=lang)}: {when}")
    if cell_len(text) <= WIDTH:
        return [text]
    return wrap(f"{sig.role}: {name}", WIDTH) + wrap(f"{t('printout.signed_at', lang=lang)}: {when}", WIDTH)
