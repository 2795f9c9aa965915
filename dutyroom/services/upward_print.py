"""Printable documents for the reports upward: the daily bulletin and the party report.

Both are built as ``printout.Document`` objects from the plain-JSON figures, in
the current language, and rendered by the printout service (PDF, text, HTML).
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import language, t
from dutyroom.model.bulletin import Bulletin, BulletinState
from dutyroom.model.timeinput import from_iso
from dutyroom.services.callout_report import bulletin_sections as callout_sections
from dutyroom.services.context import Context
from dutyroom.services.post_figures import bulletin_sections, post_section
from dutyroom.services.record_text import subject_text
from dutyroom.services.station_print import station_section


def _label(group: str, code: str) -> str:
    key = f"enum.{group}.{code}"
    text = t(key)
    return code if text == key else text


def _when(ctx: Context, value: str | None, fmt: str = "YYYY-MM-DD HH:mm") -> str:
    return from_iso(value).to(ctx.tz).format(fmt) if value else "—"


def _warning(code: str) -> str:
    kind, _, colour = code.partition(":")
    return f"{_label('warning_type', kind)}{_label('warning_colour', colour)}" if language() == "zh" \
        else f"{_label('warning_type', kind)} {_label('warning_colour', colour)}"


def _warnings(codes: list[str]) -> str:
    return "、".join(_warning(c) for c in codes) if codes else t("upward.none")


def bulletin_document(ctx: Context, bulletin: Bulletin, *, saved: bool = True):
    from dutyroom.services.printout import Document, Section, Signature, Table

    c = bulletin.content
    state = t(bulletin.state.label_key) if saved else t("upward.bulletin.unsaved")
    meta = [(t("upward.bulletin.duty_date"), bulletin.duty_date),
            (t("upward.bulletin.period"), f"{_when(ctx, c['period_start'])} – {_when(ctx, c['period_end'])}"),
            (t("upward.bulletin.state"), state)]
    sections = [
        _status_section(ctx, c, Section, Table),
        _reports_section(c, Section, Table),
        _events_section(ctx, c, Section, Table),
        _tickets_section(c, Section),
        _escalations_section(ctx, c, Section, Table),
        _instructions_section(ctx, c, Section, Table),
        _deployments_section(ctx, c, Section, Table),
        _people_section(c, Section, Table),
        _patrols_section(ctx, c, Section, Table),
        _deeds_section(ctx, c["deeds"], Section),
        station_section(c.get("stations") or [], ctx.tz),
        *callout_sections(ctx, c, Section, Table),
        *bulletin_sections(ctx, c),
    ]
    signatures = [Signature(t("upward.bulletin.drafted_by"), bulletin.drafted_by, _when(ctx, _iso(bulletin.drafted_at))),
                  Signature(t("upward.bulletin.approved_by"), bulletin.approved_by,
                            _when(ctx, _iso(bulletin.approved_at)) if bulletin.approved_at else ""),
                  Signature(t("upward.bulletin.issued_by"), bulletin.issued_by,
                            _when(ctx, _iso(bulletin.issued_at)) if bulletin.issued_at else "")]
    seal = t("upward.bulletin.seal", seal=bulletin.seal) if bulletin.state == BulletinState.ISSUED else ""
    footer = t("upward.bulletin.footer_issued") if bulletin.state == BulletinState.ISSUED \
        else t("upward.bulletin.footer_draft")
    return Document(title=t("upward.bulletin.title"), subtitle=t("upward.bulletin.subtitle", date=bulletin.duty_date),
                    meta=meta, sections=sections, signatures=signatures, footer=footer, seal=seal,
                    lang=language(), generated_at=_when(ctx, ctx.now().isoformat()))


def _iso(value: arrow.Arrow | None) -> str | None:
    return value.isoformat() if value else None


def _status_section(ctx, c, Section, Table):
    s = c["status"]
    paragraphs = [t("upward.bulletin.in_force", response=_label("response_level", s["response"]),
                    warnings=_warnings(s["warnings"]))]
    rows = []
    for change in s["changes"]:
        parts = []
        if "response" in change:
            old, new = change["response"]
            parts.append(t("upward.bulletin.response_change", old=_label("response_level", old),
                           new=_label("response_level", new)))
        if "warnings" in change:
            old, new = change["warnings"]
            parts.append(t("upward.bulletin.warnings_change", old=_warnings(old), new=_warnings(new)))
        rows.append([_when(ctx, change["at"], "MM-DD HH:mm"), "; ".join(parts), change["by"]])
    table = Table([t("upward.col.time"), t("upward.col.change"), t("upward.col.by")], rows) if rows else None
    if not rows:
        paragraphs.append(t("upward.bulletin.no_changes"))
    return Section(t("upward.bulletin.s_status"), paragraphs=paragraphs, table=table)


def _reports_section(c, Section, Table):
    r = c["reports"]
    paragraphs = [t("upward.bulletin.reports_total", total=r["total"], chains=r["chains"])]
    severities = ["I", "II", "III", "IV", "unknown"]
    rows = []
    for category, cells in sorted(r["matrix"].items()):
        rows.append([_label("category", category), *[str(cells.get(s, 0)) for s in severities],
                     str(r["by_category"].get(category, 0))])
    if rows:
        rows.append([t("upward.total"), *[str(r["by_severity"].get(s, 0)) for s in severities], str(r["total"])])
    columns = [t("upward.col.category"), *[_label("severity", s).split(" ")[0] for s in severities], t("upward.total")]
    return Section(t("upward.bulletin.s_reports"), paragraphs=paragraphs,
                   table=Table(columns, rows) if rows else None)


def _events_section(ctx, c, Section, Table):
    rows = [[f"#{e['chain_id']}", _label("category", e["category"]), _label("severity", e["severity"]),
             e["location"], _label("stage", e["stage"]), str(e["reports"]), _when(ctx, e["last_at"], "MM-DD HH:mm"),
             t("upward.bulletin.hurt", dead=e["dead"], injured=e["injured"], missing=e["missing"],
               trapped=e["trapped"])] for e in c["events"]]
    columns = [t("upward.col.chain"), t("upward.col.category"), t("upward.col.severity"), t("upward.col.location"),
               t("upward.col.stage"), t("upward.col.reports"), t("upward.col.last"), t("upward.col.casualties")]
    return Section(t("upward.bulletin.s_events"), paragraphs=[] if rows else [t("upward.none")],
                   table=Table(columns, rows) if rows else None)


def _ids(ids: list[int]) -> str:
    return ", ".join(f"#{i}" for i in ids) if ids else "—"


def _tickets_section(c, Section):
    k = c["tickets"]
    items = [t("upward.bulletin.tickets_opened", n=k["opened"], ids=_ids(k["opened_ids"])),
             t("upward.bulletin.tickets_closed", n=k["closed"], ids=_ids(k["closed_ids"])),
             t("upward.bulletin.tickets_cancelled", n=k["cancelled"], ids=_ids(k["cancelled_ids"])),
             t("upward.bulletin.tickets_open", n=k["still_open"], ids=_ids(k["still_open_ids"]))]
    return Section(t("upward.bulletin.s_tickets"), items=items)


def _escalations_section(ctx, c, Section, Table):
    e = c["escalations"]
    paragraphs = [t("upward.bulletin.escalations", n=e["raised"], missed=e["missed_deadlines"])]
    rows = [[f"#{i['id']}", _when(ctx, i["raised_at"], "MM-DD HH:mm"), _label("escalation_reason", i["reason"]),
             subject_text(i["subject_kind"], i["subject_id"]), str(i["level"]),
             _label("escalation_state", i["state"])] for i in e["items"]]
    columns = ["#", t("upward.col.time"), t("upward.col.reason"), t("upward.col.subject"), t("upward.col.level"),
               t("upward.col.state")]
    return Section(t("upward.bulletin.s_escalations"), paragraphs=paragraphs,
                   table=Table(columns, rows) if rows else None)


def _instructions_section(ctx, c, Section, Table):
    i = c["instructions"]
    states = "; ".join(f"{_instruction_state(s)} {n}" for s, n in i["by_state"].items())
    paragraphs = [t("upward.bulletin.instructions", n=i["total"], given=i.get("given", i["total"]),
                    states=states or "—")]
    rows = [[f"#{x['id']}", _when(ctx, x["at"], "MM-DD HH:mm"), x["by"], x["text"],
             _instruction_state(x["state"])] for x in i["items"]]
    columns = ["#", t("upward.col.time"), t("upward.col.leader"), t("upward.col.text"), t("upward.col.state")]
    return Section(t("upward.bulletin.s_instructions"), paragraphs=paragraphs,
                   table=Table(columns, rows, widths=[8, 14, 14, 48, 16]) if rows else None)


def _instruction_state(code: str) -> str:
    return t(f"upward.instruction.{code}")


def _deployments_section(ctx, c, Section, Table):
    d = c["deployments"]
    paragraphs = [t("upward.bulletin.deployments", n=d["deployments"], teams=d["teams"], people=d["people"],
                    party=d["party_members"], out=d["still_out"])]
    tasks = "; ".join(f"{_label('task_code', code)} {n}" for code, n in d["by_task"].items())
    if tasks:
        paragraphs.append(t("upward.bulletin.by_task", tasks=tasks))
    rows = [[f"#{x['id']}", x["team"], _label("task_code", x["task"]), _target_text(x["target"]),
             f"{x['people']}/{x['party_members']}",
             f"{_when(ctx, x['started_at'], 'MM-DD HH:mm')} – {_when(ctx, x['ended_at'], 'MM-DD HH:mm')}",
             f"{x['evacuated']}/{x['rescued']}"] for x in d.get("items", [])]
    columns = ["#", t("upward.col.team"), t("upward.col.task"), t("upward.pane.target"), t("upward.pane.people"),
               t("upward.col.from_to"), t("upward.col.moved")]
    return Section(t("upward.bulletin.s_deployments"), paragraphs=paragraphs,
                   table=Table(columns, rows, widths=[6, 22, 12, 18, 10, 22, 10]) if rows else None)


def _target_text(target: str) -> str:
    kind, _, number = target.partition(":")
    if kind in ("ticket", "keypoint") and number.isdigit():
        return t(f"upward.target.{kind}", id=number, name="").strip()
    return target


def _people_section(c, Section, Table):
    p = c["people"]
    rows = [[t(f"upward.people.{name}"), str(p[name])]
            for name in ("evacuated", "rescued", "dead", "injured", "missing", "trapped")]
    return Section(t("upward.bulletin.s_people"), paragraphs=[t("upward.bulletin.people_note")],
                   table=Table([t("upward.col.item"), t("upward.col.count")], rows))


def _patrols_section(ctx, c, Section, Table):
    rows = [[f"#{k['keypoint_id']}", k["name"], k["district"], str(k["interval_min"]),
             _when(ctx, k["last_patrol"], "MM-DD HH:mm")] for k in c["patrols_overdue"]]
    columns = ["#", t("upward.col.keypoint"), t("upward.col.district"), t("upward.col.interval"),
               t("upward.col.last_patrol")]
    return Section(t("upward.bulletin.s_patrols"), paragraphs=[] if rows else [t("upward.none")],
                   table=Table(columns, rows) if rows else None)


def _deeds_section(ctx, deeds: list[dict[str, Any]], Section):
    items = [t("upward.deed_line", id=x["id"], at=_when(ctx, x["at"], "MM-DD HH:mm"), name=x["name"],
               place=x["place"] or "—", text=x["text"]) for x in deeds]
    return Section(t("upward.s_deeds"), paragraphs=[] if items else [t("upward.none")], items=items)


# --------------------------------------------------------------------- party report
def party_document(ctx: Context, figures: dict[str, Any]):
    from dutyroom.services.printout import Document, Section, Signature, Table

    totals = figures["totals"]
    meta = [(t("upward.party.period"), f"{_when(ctx, figures['period_start'])} – {_when(ctx, figures['period_end'])}"),
            (t("upward.party.district"), figures["district"] or t("upward.party.all_districts"))]
    summary = [t("upward.party.summary", teams=totals["teams"], n=totals["deployments"], people=totals["people"],
                 party=totals["party_members"], hours=f"{totals['person_hours']:.1f}",
                 evacuated=totals["evacuated"], rescued=totals["rescued"], deeds=totals["deeds_marked"])]
    task_rows = [[_label("task_code", code), str(n)] for code, n in totals["tasks"].items()]
    team_rows = [[r["team"], _label("unit_kind", r["unit_kind"]), r["district"] or "—", str(r["deployments"]),
                  str(r["people"]), str(r["party_members"]), f"{r['person_hours']:.1f}", str(r["evacuated"]),
                  str(r["rescued"]), str(r["deeds_marked"])] for r in figures["teams"]]
    team_rows.append([t("upward.total"), "", "", str(totals["deployments"]), str(totals["people"]),
                      str(totals["party_members"]), f"{totals['person_hours']:.1f}", str(totals["evacuated"]),
                      str(totals["rescued"]), str(totals["deeds_marked"])])
    team_cols = [t("upward.col.team"), t("upward.col.unit_kind"), t("upward.col.district"),
                 t("upward.col.deployments"), t("upward.col.people"), t("upward.col.party_members"),
                 t("upward.col.person_hours"), t("upward.people.evacuated"), t("upward.people.rescued"),
                 t("upward.col.deeds")]
    district_rows = [[r["district"] or t("upward.party.no_district"), str(r["deployments"]), str(r["people"]),
                      str(r["party_members"]), f"{r['person_hours']:.1f}"] for r in figures["by_district"]]
    district_cols = [t("upward.col.district"), t("upward.col.deployments"), t("upward.col.people"),
                     t("upward.col.party_members"), t("upward.col.person_hours")]
    sections = [Section(t("upward.party.s_summary"), paragraphs=summary),
                Section(t("upward.party.s_districts"),
                        table=Table(district_cols, district_rows) if district_rows else None,
                        paragraphs=[] if district_rows else [t("upward.none")]),
                Section(t("upward.party.s_teams"),
                        table=Table(team_cols, team_rows, widths=[20, 14, 10, 9, 9, 9, 10, 9, 9, 9])),
                Section(t("upward.party.s_tasks"), table=Table([t("upward.col.task"), t("upward.col.count")], task_rows)),
                _deeds_section(ctx, figures["deeds"], Section),
                post_section(ctx, figures.get("posts"))]
    return Document(title=t("upward.party.title"), subtitle=t("upward.party.subtitle"), meta=meta,
                    sections=sections, signatures=[Signature(t("upward.party.compiled_by"), ctx.operator)],
                    footer=t("upward.party.footer"), lang=language(),
                    generated_at=_when(ctx, ctx.now().isoformat()))

