"""The printable call sheet (叫应记录单) of one call-out: every call and every attempt.

Built from the ``callout show --json`` view as a printout :class:`Document`, so it prints
as PDF (embedded CJK font), text or HTML through the same engine as the handover and the
activity log. What the duty room keeps on paper: who was called, when each attempt was
made and what came of it, who answered, who is at their post, and the signatures.
"""

from __future__ import annotations

from typing import Any

from dutyroom.i18n import t
from dutyroom.services.callout_text import (attempt_count, attempt_result, attempts_of, code_words,
                                            count_progress, local_time, warning_words)
from dutyroom.services.context import Context


def callout_view(ctx: Context, callout_id: int) -> dict[str, Any]:
    """The ``callout show --json`` view of one call-out (a translated error when there is none)."""
    from dutyroom.services.callouts import Callouts, callout_json

    return callout_json(Callouts(ctx).require(callout_id), ctx.now())


def call_sheet(ctx: Context, view: dict[str, Any], lang: str) -> Any:
    """The call sheet of ``view`` in ``lang`` (a printout Document; nothing is written)."""
    from dutyroom.services.printout import Document, Section, Signature, Table
    from dutyroom.services.roster import RosterService

    def tr(key: str, **params: object) -> str:
        return t(key, lang=lang, **params)

    tz = ctx.tz
    full = "YYYY-MM-DD HH:mm"
    calls = list(view.get("calls") or [])
    progress = count_progress(view)
    warning = warning_words(str(view.get("warning") or ""), lang)
    meta = [(tr("calloutui.sheet.warning"), warning),
            (tr("calloutui.sheet.areas"), "、".join(str(a) for a in view.get("areas") or [])),
            (tr("calloutui.sheet.started"), local_time(view.get("started_at"), tz, full)),
            (tr("calloutui.sheet.due"), local_time(view.get("due_at"), tz, full))]
    if view.get("levels"):
        meta.insert(2, (tr("calloutui.sheet.levels"),
                        "、".join(code_words("level", lv, lang) for lv in view["levels"])))
    if view.get("started_by") or view.get("created_by"):
        meta.append((tr("calloutui.sheet.started_by"), str(view.get("started_by") or view.get("created_by"))))
    if view.get("closed_at"):
        meta.append((tr("calloutui.sheet.closed"), local_time(view.get("closed_at"), tz, full)))
    if view.get("override_reason"):
        meta.append((tr("calloutui.sheet.override"), str(view["override_reason"])))
    sections = []
    if view.get("text"):
        sections.append(Section(tr("calloutui.sheet.text"), paragraphs=[str(view["text"])]))
    sections.append(Section(tr("calloutui.sheet.totals"),
                            paragraphs=[tr("calloutui.screen.progress", **progress)]))
    rows = [[str(c.get("call_id", "")), code_words("level", c.get("level"), lang), str(c.get("area") or ""),
             str(c.get("name") or ""), str(c.get("role") or ""), str(c.get("phone") or ""),
             code_words("status", c.get("status"), lang), str(attempt_count(c)),
             local_time(c.get("answered_at"), tz), str(c.get("answered_by") or "")] for c in calls]
    sections.append(Section(
        tr("calloutui.sheet.calls", count=len(calls)),
        table=Table([tr("calloutui.column.id"), tr("calloutui.column.level"), tr("calloutui.column.area"),
                     tr("calloutui.column.name"), tr("calloutui.column.role"), tr("calloutui.column.phone"),
                     tr("calloutui.column.status"), tr("calloutui.column.attempts"),
                     tr("calloutui.sheet.col.answered_at"), tr("calloutui.sheet.col.by")],
                    rows, widths=[0.5, 0.8, 1.6, 1.2, 1.2, 1.8, 1, 0.5, 1.2, 1.2]) if rows else None,
        paragraphs=[] if rows else [tr("calloutui.screen.empty")]))
    sections.append(_attempts_section(calls, tz, tr, lang))
    preparer = RosterService(ctx).my_name()
    return Document(title=tr("calloutui.sheet.title"),
                    subtitle=tr("calloutui.sheet.subtitle", id=view.get("id"), warning=warning),
                    meta=meta, sections=sections,
                    signatures=[Signature(tr("calloutui.sheet.prepared_by"), preparer, ""),
                                Signature(tr("calloutui.sheet.leader"), "", "")],
                    footer=tr("calloutui.sheet.footer", id=view.get("id"), total=len(calls)), lang=lang,
                    generated_at=local_time(ctx.now().isoformat(), tz, "YYYY-MM-DD HH:mm:ss"))


def _attempts_section(calls: list[dict[str, Any]], tz: str, tr: Any, lang: str) -> Any:
    """Every attempt of every call, in the order they were made."""
    from dutyroom.services.printout import Section, Table

    rows: list[tuple[str, list[str]]] = []
    for call in calls:
        for attempt in attempts_of(call):
            at = str(attempt.get("at") or "")
            rows.append((at, [local_time(at, tz), str(call.get("call_id", "")), str(call.get("name") or ""),
                              str(call.get("phone") or ""), attempt_result(attempt, lang),
                              str(attempt.get("by") or attempt.get("answered_by") or ""),
                              str(attempt.get("officer") or attempt.get("created_by") or ""),
                              str(attempt.get("note") or "")]))
    rows.sort(key=lambda row: row[0])
    table_rows = [row for _at, row in rows]
    return Section(tr("calloutui.sheet.attempts", count=len(table_rows)),
                   table=Table([tr("calloutui.sheet.col.time"), tr("calloutui.column.id"),
                                tr("calloutui.column.name"), tr("calloutui.column.phone"),
                                tr("calloutui.sheet.col.result"), tr("calloutui.sheet.col.by"),
                                tr("calloutui.sheet.col.officer"), tr("calloutui.sheet.col.note")],
                               table_rows, widths=[1.2, 0.5, 1.2, 1.8, 1.2, 1.2, 1.2, 2]) if table_rows else None,
                   paragraphs=[] if table_rows else [tr("calloutui.sheet.no_attempts")])
