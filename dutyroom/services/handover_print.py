"""The handover as a printout Document: built only from the stored handover.

A sealed handover is printed from its stored content, its own times and the
duty room's zone, so reprinting it at any later date gives the same document
(and, through the deterministic renderer, the same bytes). A draft or a preview
is marked as such and carries no seal.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import catalog, t
from dutyroom.model.handover import CarriedItem, Handover, HandoverState, NotableEvent
from dutyroom.services.record_text import code_label, join, render, subject_text
from dutyroom.services.handover import sealed_time
from dutyroom.services.station_print import station_section
from dutyroom.services.post_figures import handover_evacuation_section as evacuation_section

MAIN_KINDS = ("report", "ticket", "escalation", "instruction", "patrol")
STATUS_GROUPS = ("ticket_status", "escalation_state", "stage", "report_status")
KIND_STATUS = {"ticket": ("ticket_status",), "escalation": ("escalation_state",),
               "report": ("stage", "report_status"), "instruction": ("instruction_status",)}
"""Each kind's own status labels first: an open instruction is 待反馈, not a ticket's 待派遣."""


def when(moment: arrow.Arrow | None, tz: str, fmt: str = "YYYY-MM-DD HH:mm") -> str:
    return moment.to(tz).format(fmt) if moment is not None else ""


def label(group: str, code: str, lang: str) -> str:
    key = f"enum.{group}.{code}"
    return t(key, lang=lang) if key in catalog() else code


def kind_label(kind: str, lang: str) -> str:
    for key in (f"handover.kind.{kind}", f"kind.{kind}"):
        if key in catalog():
            return t(key, lang=lang)
    return kind


def short_kind_label(kind: str, lang: str) -> str:
    """The kind's own name (接报, 险情工单) for a row; section headings use :func:`kind_label`."""
    for key in (f"kind.{kind}", f"handover.kind.{kind}"):
        if key in catalog():
            return t(key, lang=lang)
    return kind


def status_label(item: CarriedItem, lang: str) -> str:
    if item.kind == "patrol":
        return t("handover.patrol_overdue", lang=lang)
    for group in KIND_STATUS.get(item.kind, STATUS_GROUPS):
        if f"enum.{group}.{item.status}" in catalog():
            return label(group, item.status, lang)
    return code_label("", item.status, lang)


def key_text(key: str, lang: str) -> str:
    """A stored item key (``report:9``) as the reader reads it: "报告 #9"."""
    kind, _, number = key.partition(":")
    return subject_text(kind, number, lang=lang) if number else key


def item_summary(item: CarriedItem, lang: str) -> str:
    """A carried item's summary in the reader's language (its message), else as it was written."""
    return render(item.message, lang) if item.message else item.summary


def event_text(event: NotableEvent, lang: str) -> str:
    return render(event.message, lang) if event.message else event.text


def warnings_text(warnings: list[str], lang: str) -> str:
    """Warnings stored as ``type:colour`` codes, by their names: 暴雨橙色、地质灾害黄色."""
    return join([_warning(w, lang) for w in warnings], lang)


def deadline_text(item: CarriedItem, tz: str, lang: str) -> str:
    if item.deadline is None:
        return ""
    text = when(item.deadline, tz, "MM-DD HH:mm")
    key = f"handover.deadline.{item.deadline_what}"
    if item.deadline_what and key in catalog():
        text = f"{text} {t(key, lang=lang)}"
    return f"{text} {t('handover.overdue_mark', lang=lang)}" if item.overdue else text


def handover_document(handover: Handover, tz: str, lang: str, *, stored: bool = True) -> Any:
    from dutyroom.services.printout import Document, Section, Signature, Table

    def tr(key: str, **params: object) -> str:
        return t(key, lang=lang, **params)

    sealed = handover.state == HandoverState.SEALED
    period = f"{when(handover.period_start, tz)} – {when(handover.period_end, tz)}"
    warnings = warnings_text(handover.warnings, lang) or tr("word.none")
    meta = [
        (tr("handover.doc.period"), period),
        (tr("handover.doc.shift_id"), str(handover.shift_id or "-")),
        (tr("handover.doc.handover_id"), str(handover.id) if stored and handover.id else tr("handover.doc.preview")),
        (tr("handover.doc.leader"), handover.leader or "-"),
        (tr("handover.doc.outgoing"), handover.outgoing or "-"),
        (tr("handover.doc.incoming"), handover.incoming or "-"),
        (tr("handover.doc.incoming_leader"), handover.incoming_leader or "-"),
        (tr("handover.doc.state"), label("handover_state", handover.state.value, lang)),
        (tr("handover.doc.built_at"), when(handover.built_at, tz)),
        (tr("handover.doc.response"), label("response_level", handover.response, lang)),
        (tr("handover.doc.warnings"), warnings),
    ]
    sections = [Section(tr("handover.doc.items_total", count=len(handover.items)),
                        paragraphs=[_counts(handover.items, lang)])]
    kinds = list(MAIN_KINDS) + sorted({i.kind for i in handover.items} - set(MAIN_KINDS))
    for kind in kinds:
        items = [i for i in handover.items if i.kind == kind]
        heading = f"{kind_label(kind, lang)} ({len(items)})"
        if not items:
            sections.append(Section(heading, paragraphs=[tr("handover.doc.none_open")]))
            continue
        rows = [[f"#{i.id}", label("severity", i.severity, lang) if i.severity else "",
                 status_label(i, lang), item_summary(i, lang), deadline_text(i, tz, lang),
                 "✓" if i.acknowledged else ""] for i in items]
        sections.append(Section(heading, table=Table(
            [tr("handover.col.id"), tr("handover.col.severity"), tr("handover.col.status"),
             tr("handover.col.summary"), tr("handover.col.deadline"), tr("handover.col.ack")],
            rows, widths=[1, 1, 1.4, 6, 1.8, 0.7])))
    sections.append(Section(tr("handover.doc.standing_orders"),
                            items=list(handover.standing_orders) or [tr("word.none")]))
    sections.append(station_section(handover.stations, tz, lang))
    sections.append(evacuation_section(handover.evacuations, tz, lang))
    sections.append(_statistics(handover, lang))
    events = [[when(e.at, tz, "MM-DD HH:mm"), f"{kind_label(e.kind, lang)} #{e.id}",
               label("severity", e.severity, lang) if e.severity else "", event_text(e, lang)]
              for e in handover.events]
    sections.append(Section(tr("handover.doc.events"),
                            table=Table([tr("handover.col.time"), tr("handover.col.record"),
                                         tr("handover.col.severity"), tr("handover.col.summary")],
                                        events, widths=[1.4, 1.6, 1, 6]) if events else None,
                            paragraphs=[] if events else [tr("word.none")]))
    sections.append(Section(tr("handover.doc.notes"), paragraphs=[handover.notes or tr("word.none")]))
    if handover.override is not None:
        o = handover.override
        sections.append(Section(tr("handover.doc.override"), paragraphs=[tr(
            "handover.doc.override_text", leader=o.by, at=when(o.at, tz), reason=o.reason,
            items=join([key_text(k, lang) for k in o.items], lang) or "-", recorded_by=o.recorded_by)]))
    if handover.signed_for:
        sections.append(Section(tr("signature.doc.signed_for_title"), items=[tr(
            "signature.doc.signed_for", leader=p.by, name=p.name, role=tr(f"enum.handover_role.{p.role}"),
            at=when(p.at, tz), reason=p.reason) for p in handover.signed_for]))
    signatures = [
        Signature(tr("handover.doc.sign_outgoing"), handover.outgoing, when(handover.outgoing_signed_at, tz)),
        Signature(tr("handover.doc.sign_incoming"), handover.incoming, when(handover.incoming_signed_at, tz)),
        Signature(tr("handover.doc.sign_leader"), handover.countersigned_by or handover.leader,
                  when(handover.countersigned_at, tz) if handover.countersigned_by else ""),
    ]
    if sealed:
        seal = tr("handover.doc.seal", seal=handover.seal, at=when(sealed_time(handover), tz))
        generated = when(sealed_time(handover), tz, "YYYY-MM-DD HH:mm:ss")
    else:
        seal = tr("handover.doc.not_sealed")
        generated = when(handover.built_at, tz, "YYYY-MM-DD HH:mm:ss")
    footer = tr("handover.doc.footer", id=handover.id or "-", shift=handover.shift_id or "-")
    return Document(title=tr("handover.doc.title"), subtitle=period, meta=meta, sections=sections,
                    signatures=signatures, footer=footer, seal=seal, lang=lang, generated_at=generated)


def _warning(code: str, lang: str) -> str:
    kind, _, colour = code.partition(":")
    return f"{label('warning_type', kind, lang)}{label('warning_colour', colour, lang)}" if lang == "zh" \
        else f"{label('warning_colour', colour, lang)} {label('warning_type', kind, lang)}"


def _counts(items: list[CarriedItem], lang: str) -> str:
    if not items:
        return t("handover.doc.nothing_open", lang=lang)
    by_kind: dict[str, int] = {}
    for item in items:
        by_kind[item.kind] = by_kind.get(item.kind, 0) + 1
    parts = [f"{kind_label(k, lang)} {n}" for k, n in by_kind.items()]
    overdue = sum(1 for i in items if i.overdue)
    return "; ".join(parts) + ("; " + t("handover.doc.overdue_count", lang=lang, count=overdue) if overdue else "")


def _statistics(handover: Handover, lang: str) -> Any:
    from dutyroom.services.printout import Section, Table

    s = handover.stats
    rows = [[t("handover.stat.log_total", lang=lang), str(s.log_total)]]
    rows += [[f"· {label('log_kind', k, lang)}", str(n)] for k, n in s.log_by_kind.items()]
    rows.append([t("handover.stat.reports_total", lang=lang), str(s.reports_total)])
    rows += [[f"· {label('category', k, lang)}", str(n)] for k, n in s.reports_by_category.items()]
    rows += [[f"· {t('handover.col.severity', lang=lang)} {label('severity', k, lang)}", str(n)]
             for k, n in s.reports_by_severity.items()]
    rows.append([t("handover.stat.tickets_opened", lang=lang), str(s.tickets_opened)])
    rows.append([t("handover.stat.tickets_closed", lang=lang), str(s.tickets_closed)])
    return Section(t("handover.doc.statistics", lang=lang),
                   table=Table([t("handover.col.what", lang=lang), t("handover.col.count", lang=lang)],
                               rows, widths=[4, 1]))
