"""The timeline for people: translated tables, an HTML page with inline SVG charts, a PDF.

:func:`tables` turns a :class:`~dutyroom.services.timeline.Timeline` into headed tables of
text in the reader's language (times in the duty room's zone); CSV (the CLI, formulas
defused), HTML and PDF all print those. Everything from outside (places, names, log text)
is escaped for HTML here and by the printout engine for PDF, whose embedded CJK font
carries the Chinese.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import arrow

from dutyroom.i18n import language, t
from dutyroom.model.text import strip_controls
from dutyroom.services.callouts import warning_message
from dutyroom.services.record_text import render, subject_text
from dutyroom.services.replay import integrity_line
from dutyroom.services.timeline import TICKET_STEPS, Timeline, minutes


@dataclass
class Block:
    heading: str
    columns: list[str]
    rows: list[list[str]]


def _fmt(moment: arrow.Arrow | None, tz: str) -> str:
    return moment.to(tz).format("YYYY-MM-DD HH:mm") if moment is not None else "—"


def _num(value: int | None) -> str:
    return "—" if value is None else str(value)


def _verdict(due: arrow.Arrow | None, done: arrow.Arrow | None, end: arrow.Arrow) -> str:
    if due is None:
        return t("timeline.no_deadline")
    if done is not None:
        return t("timeline.on_time") if done <= due else t("timeline.late", minutes=minutes(due, done))
    return t("timeline.not_done_missed") if end > due else t("timeline.not_done")


def title(tl: Timeline, tz: str) -> str:
    return t("timeline.title", start=_fmt(tl.start, tz), end=_fmt(tl.end, tz))


def tables(tl: Timeline, tz: str) -> list[Block]:
    events = Block(t("timeline.section.events"),
                   [t("timeline.col.time"), t("timeline.col.event"), t("timeline.col.kind"),
                    t("timeline.col.author"), t("timeline.col.station"), t("timeline.col.text")],
                   [[_fmt(e.at, tz), t(f"timeline.event.{e.event}"), t(f"enum.log_kind.{e.kind}"), e.author,
                     e.station, e.text] for e in tl.events])
    chains = Block(t("timeline.section.chains"),
                   [t("timeline.col.subject"), t("timeline.col.place"), t("timeline.col.severity"),
                    t("timeline.col.intake"), t("timeline.col.first_upward"), t("timeline.col.minutes"),
                    t("timeline.col.phone_due"), t("timeline.col.phone_result"),
                    t("timeline.col.first_written"), t("timeline.col.minutes"),
                    t("timeline.col.written_due"), t("timeline.col.written_result")],
                   [[subject_text("report", c.report.id), c.report.location, t(c.report.severity.label_key),
                     _fmt(c.report.received_at, tz), _fmt(c.first_upward, tz), _num(c.minutes_to(c.first_upward)),
                     _fmt(c.phone_due, tz), _verdict(c.phone_due, c.first_upward, tl.end),
                     _fmt(c.first_written, tz), _num(c.minutes_to(c.first_written)),
                     _fmt(c.written_due, tz), _verdict(c.written_due, c.first_written, tl.end)]
                    for c in tl.chains])
    step_cols = [t(status.label_key) for status in TICKET_STEPS]
    tickets = Block(t("timeline.section.tickets"),
                    [t("timeline.col.subject"), t("timeline.col.place"), *step_cols,
                     t("timeline.col.to_ack"), t("timeline.col.to_site"), t("timeline.col.to_control")],
                    [[subject_text("ticket", m.ticket.id), m.ticket.location,
                      *[_fmt(m.steps.get(s), tz) for s in TICKET_STEPS],
                      *[_num(minutes(m.steps.get(TICKET_STEPS[0]), m.steps.get(s))) for s in TICKET_STEPS[1:]]]
                     for m in tl.tickets])
    escalations = Block(t("timeline.section.escalations"),
                        [t("timeline.col.subject"), t("timeline.col.reason"), t("timeline.col.level"),
                         t("timeline.col.breach"), t("timeline.col.acked"), t("timeline.col.minutes"),
                         t("timeline.col.acked_by")],
                        [[subject_text(m.escalation.subject_kind, m.escalation.subject_id),
                          t(m.escalation.reason.label_key), f"L{m.escalation.level}",
                          _fmt(m.escalation.breach_at, tz), _fmt(m.escalation.acked_at, tz),
                          _num(minutes(m.escalation.breach_at, m.escalation.acked_at)),
                          m.escalation.acked_by or "-"] for m in tl.escalations])
    callouts = Block(t("timeline.section.callouts"),
                     [t("timeline.col.subject"), t("timeline.col.warning"), t("timeline.col.areas"),
                      t("timeline.col.started"), t("timeline.col.answer_due"), t("timeline.col.all_answered"),
                      t("timeline.col.minutes"), t("timeline.col.reached")],
                     [[subject_text("callout", m.callout.id), render(warning_message(m.callout.warning)),
                       t("record.list_sep").join(m.callout.areas), _fmt(m.callout.started_at, tz),
                       _fmt(m.callout.due_at, tz), _fmt(m.all_answered, tz),
                       _num(minutes(m.callout.started_at, m.all_answered)),
                       f"{m.reached}/{len(m.callout.calls)}"] for m in tl.callouts])
    missed = Block(t("timeline.section.missed"),
                   [t("timeline.col.subject"), t("timeline.col.place"), t("timeline.col.deadline"),
                    t("timeline.col.due"), t("timeline.col.done"), t("timeline.col.leader"),
                    t("timeline.col.on_duty")],
                   [[subject_text("report", m.report_id), m.place, t(m.kind.label_key), _fmt(m.due_at, tz),
                     _fmt(m.done_at, tz), m.leader or "—", t("record.list_sep").join(m.on_duty) or "—"]
                    for m in tl.missed])
    return [events, chains, tickets, escalations, callouts, missed]


# ---------------------------------------------------------------------- HTML
def _e(text: object) -> str:
    return html.escape(strip_controls(str(text)), quote=True)


def _bars(points: list[tuple[arrow.Arrow, int]], tz: str, label: str) -> str:
    """Events per hour as an inline SVG bar chart (numbers and times only: nothing from outside)."""
    width, height, pad = max(240, 28 * len(points) + 40), 160, 24
    top = max([n for _, n in points] + [1])
    step = (width - 2 * pad) / max(1, len(points))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 30}" '
             f'role="img" aria-label="{_e(label)}">']
    for i, (mark, n) in enumerate(points):
        h = (height - pad) * n / top
        x = pad + i * step
        parts.append(f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}" '
                     f'fill="#3b6ea5"><title>{_e(mark.to(tz).format("MM-DD HH:mm"))}: {n}</title></rect>')
        parts.append(f'<text x="{x:.1f}" y="{height + 14}" font-size="9">{_e(mark.to(tz).format("HH"))}</text>')
        if n:
            parts.append(f'<text x="{x:.1f}" y="{height - h - 3:.1f}" font-size="9">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _line(points: list[tuple[arrow.Arrow, int]], tz: str, label: str) -> str:
    """Open items over time as an inline SVG line."""
    width, height, pad = max(240, 28 * len(points) + 40), 160, 24
    top = max([n for _, n in points] + [1])
    step = (width - 2 * pad) / max(1, len(points) - 1)
    xy = [(pad + i * step, height - (height - pad) * n / top) for i, (_, n) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 30}" '
             f'role="img" aria-label="{_e(label)}">',
             f'<polyline points="{path}" fill="none" stroke="#b5442f" stroke-width="2"/>']
    for (x, y), (mark, n) in zip(xy, points):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#b5442f">'
                     f'<title>{_e(mark.to(tz).format("MM-DD HH:mm"))}: {n}</title></circle>')
        parts.append(f'<text x="{x - 6:.1f}" y="{height + 14}" font-size="9">{_e(mark.to(tz).format("HH:mm"))}</text>')
        parts.append(f'<text x="{x - 3:.1f}" y="{y - 6:.1f}" font-size="9">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(tl: Timeline, tz: str) -> bytes:
    lang = "zh-CN" if language() == "zh" else "en"
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{_e(title(tl, tz))}</title>',
           "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
           "td,th{border:1px solid #999;padding:2px 6px;font-size:12px;vertical-align:top}"
           ".broken{color:#b00;font-weight:bold}</style></head><body>",
           f'<p class="{"intact" if tl.integrity["intact"] else "broken"}" id="integrity">'
           f"{_e(integrity_line(tl.integrity))}</p>",
           f"<h1>{_e(title(tl, tz))}</h1>",
           f"<h2>{_e(t('timeline.chart.per_hour'))}</h2>",
           _bars(tl.per_hour, tz, t("timeline.chart.per_hour")),
           f"<h2>{_e(t('timeline.chart.open_items'))}</h2>",
           _line(tl.open_items, tz, t("timeline.chart.open_items"))]
    for block in tables(tl, tz):
        out.append(f"<h2>{_e(block.heading)}</h2>")
        if not block.rows:
            out.append(f"<p>{_e(t('timeline.none'))}</p>")
            continue
        out.append("<table><thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in block.columns)
                   + "</tr></thead><tbody>")
        for row in block.rows:
            out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>\n")
    return "\n".join(out).encode("utf-8")


# ---------------------------------------------------------------------- PDF
def document(tl: Timeline, tz: str, generated_at: str):  # noqa: ANN201 - printout.Document
    from dutyroom.services.printout import Document, Section, Table

    sections = [Section(heading=b.heading, table=Table(columns=b.columns, rows=b.rows) if b.rows else None,
                        paragraphs=[] if b.rows else [t("timeline.none")])
                for b in tables(tl, tz)]
    sections.insert(0, Section(heading=t("timeline.chart.per_hour"), paragraphs=[
        "  ".join(f"{mark.to(tz).format('HH')}:{n}" for mark, n in tl.per_hour)]))
    return Document(title=title(tl, tz), subtitle=integrity_line(tl.integrity), sections=sections,
                    lang=language(), generated_at=generated_at)
