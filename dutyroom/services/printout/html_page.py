"""A standalone, printable HTML page (inline CSS, A4 print rules); every text escaped."""

from __future__ import annotations

from html import escape

from dutyroom.i18n import t
from dutyroom.services.printout.document import Document, Table

CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; color: #000; background: #fff; }
body { max-width: 180mm; margin: 1.5em auto; line-height: 1.45; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 .2em; }
.subtitle { text-align: center; font-size: 11pt; margin: 0 0 .8em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15em .8em; margin: 0 0 .8em; padding-bottom: .6em; border-bottom: 2px solid #000; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
h2 { font-size: 12pt; border-bottom: 1px solid #777; margin: 1.1em 0 .4em; break-after: avoid; page-break-after: avoid; }
p, li, td, th, dd { white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: .3em 0 .6em; }
th, td { border: 1px solid #666; padding: 2px 4px; text-align: left; vertical-align: top; }
thead { display: table-header-group; } th { background: #e1e1e1; }
tr { break-inside: avoid; page-break-inside: avoid; }
.signatures { margin-top: 1.5em; break-inside: avoid; page-break-inside: avoid; }
.signature { display: flex; gap: 1em; margin: 1.2em 0; align-items: flex-end; }
.signature .role { font-weight: bold; min-width: 7em; }
.signature .line { border-bottom: 1px solid #000; min-width: 14em; min-height: 1.3em; padding: 0 .3em; }
.seal { border: 1px solid #000; padding: .4em .6em; margin-top: 1.2em; overflow-wrap: anywhere; }
footer { margin-top: 1.5em; padding-top: .3em; border-top: 1px solid #999; font-size: 8.5pt; color: #444; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _table(table: Table, lang: str) -> list[str]:
    if not table.rows:
        return [f"<p>{_e(t('printout.no_rows', lang=lang))}</p>"]
    out = ["<table>"]
    if table.widths:
        total = sum(table.widths)
        out.append("<colgroup>" + "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in table.widths) + "</colgroup>")
    out.append("<thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in table.columns) + "</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return out


def render_html(doc: Document) -> bytes:
    lang = doc.lang
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
           '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(doc.title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>{_e(doc.title)}</h1>"]
    if doc.subtitle:
        out.append(f'<p class="subtitle">{_e(doc.subtitle)}</p>')
    if doc.meta:
        out.append('<dl class="meta">')
        out += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in doc.meta]
        out.append("</dl>")
    for section in doc.sections:
        out.append("<section>")
        out.append(f"<h2>{_e(section.heading)}</h2>")
        out += [f"<p>{_e(p)}</p>" for p in section.paragraphs]
        if section.table is not None:
            out += _table(section.table, lang)
        if section.items:
            out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in section.items) + "</ul>")
        out.append("</section>")
    if doc.signatures:
        out.append('<div class="signatures">')
        for sig in doc.signatures:
            out.append('<div class="signature">'
                       f'<span class="role">{_e(sig.role)}:</span>'
                       f'<span class="line">{_e(sig.name)}</span>'
                       f'<span>{_e(t("printout.signed_at", lang=lang))}:</span>'
                       f'<span class="line">{_e(sig.signed_at)}</span></div>')
        out.append("</div>")
    if doc.seal:
        out.append(f'<div class="seal">{_e(doc.seal)}</div>')
    tail = [x for x in (doc.footer, t("printout.generated_at", lang=lang, at=doc.generated_at)
                        if doc.generated_at else "") if x]
    if tail:
        out.append("<footer>" + " · ".join(_e(x) for x in tail) + "</footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
