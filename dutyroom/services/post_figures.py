"""Pioneer posts and people moved in the reports: the party report, the daily bulletin, the handover.

Each shared report calls one function here (one line in its own module), so the
figures and their printed sections live with the feature. What counts:

- a post counts in a period when it stood at some moment of it; its party members
  are the post's own count; what it did is the team deployments sent under it
  (``team deploy --post``) that were out in the period, and the deeds recorded in
  the period on those deployments;
- people moved are each area's latest tally as of the period's end (a tally is
  "as of" its ``at``), summed over the areas; the handover takes them as of now.

Figures are plain JSON with codes and names (key-point names copied), so a sealed
bulletin or handover prints the same later, in either language.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.model.timeinput import from_iso, iso
from dutyroom.services.context import Context
from dutyroom.services.deeds import Deeds
from dutyroom.services.deployments import Deployments
from dutyroom.services.evacuations import Evacuations, percent_text
from dutyroom.services.pioneer_posts import PioneerPosts


# --------------------------------------------------------------------- figures
def post_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow,
                 district: str | None = None) -> dict[str, Any]:
    """The posts that stood in [start, end), what each did, and the totals."""
    deployments = [d for d in Deployments(ctx).until(end) if d.post_id is not None and d.overlaps(start, end)]
    deeds = Deeds(ctx).listing(start=start, end=end)
    keypoints = {k["id"]: k for k in ctx.store.all("keypoint")}
    items = []
    for post in PioneerPosts(ctx).all():
        if not post.overlaps(start, end):
            continue
        point = keypoints.get(post.keypoint_id or 0, {})
        if district and not _in_district(district, post.area, point):
            continue
        mine = [d for d in deployments if d.post_id == post.id]
        ids = {d.id for d in mine}
        did = [x for x in deeds if x.link_kind.value == "deployment" and x.link_id in ids]
        items.append({"id": post.id, "name": post.name, "keypoint_id": post.keypoint_id,
                      "keypoint_name": str(point.get("name", "")), "area": post.area, "leader": post.leader,
                      "party_members": post.party_members, "started_at": iso(post.started_at),
                      "ended_at": iso(post.ended_at) if post.ended_at and post.ended_at < end else None,
                      "deployments": len(mine), "people": sum(d.people for d in mine),
                      "deeds": len(did)})
    return {"posts": len(items), "party_members": sum(i["party_members"] for i in items),
            "deployments": sum(i["deployments"] for i in items),
            "people": sum(i["people"] for i in items), "deeds": sum(i["deeds"] for i in items),
            "items": items}


def _in_district(wanted: str, area: str, point: dict[str, Any]) -> bool:
    key = wanted.casefold()
    return key in (str(point.get("district", "")).casefold(), str(point.get("town", "")).casefold()) \
        or (bool(area) and key in area.casefold())


def evacuation_figures(ctx: Context, until: arrow.Arrow | None = None) -> dict[str, Any]:
    """Every area's tally as of ``until`` (None: now) and the totals."""
    tallies = Evacuations(ctx).areas(until)
    items = [{"area": a.latest.area, "planned": a.latest.planned, "moved": a.latest.moved,
              "shelter": a.latest.shelter, "at": iso(a.latest.at)} for a in tallies]
    return {"areas": len(items), "planned": sum(i["planned"] for i in items),
            "moved": sum(i["moved"] for i in items), "items": items}


def bulletin_figures(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> dict[str, Any]:
    """The bulletin's two sections: ``posts`` in the duty day, ``evacuations`` at its end."""
    return {"posts": post_figures(ctx, start, end), "evacuations": evacuation_figures(ctx, end)}


# --------------------------------------------------------------------- printed sections
def _when(ctx: Context, value: str | None) -> str:
    return from_iso(value).to(ctx.tz).format("MM-DD HH:mm") if value else "—"


def post_section(ctx: Context, figures: dict[str, Any] | None) -> Any:
    """The pioneer posts as a printout section (a figure set without posts reads "none")."""
    from dutyroom.services.printout import Section, Table

    if not figures or not figures.get("items"):
        return Section(t("post.report.s_posts"), paragraphs=[t("upward.none")])
    rows = [[f"#{p['id']} {p['name']}", p["keypoint_name"] or p["area"] or "—", p["leader"],
             str(p["party_members"]), str(p["deployments"]), str(p["deeds"]),
             f"{_when(ctx, p['started_at'])} – {_when(ctx, p['ended_at'])}"] for p in figures["items"]]
    columns = [t("post.report.col.post"), t("post.report.col.place"), t("post.report.col.leader"),
               t("post.report.col.party"), t("post.report.col.deployments"), t("post.report.col.deeds"),
               t("post.report.col.period")]
    summary = t("post.report.summary", posts=figures["posts"], party=figures["party_members"],
                deployments=figures["deployments"], deeds=figures["deeds"])
    return Section(t("post.report.s_posts"), paragraphs=[summary],
                   table=Table(columns, rows, widths=[20, 18, 10, 8, 9, 7, 22]))


def evacuation_section(ctx: Context, figures: dict[str, Any] | None) -> Any:
    """People moved as a printout section."""
    from dutyroom.services.printout import Section, Table

    if not figures or not figures.get("items"):
        return Section(t("evacuation.report.s_moved"), paragraphs=[t("evacuation.report.none")])
    rows = [[e["area"], str(e["planned"]), str(e["moved"]), percent_text(e["moved"], e["planned"]),
             e["shelter"] or "—", _when(ctx, e["at"])] for e in figures["items"]]
    columns = [t("evacuation.report.col.area"), t("evacuation.report.col.planned"),
               t("evacuation.report.col.moved"), t("evacuation.report.col.percent"),
               t("evacuation.report.col.shelter"), t("evacuation.report.col.at")]
    return Section(t("evacuation.report.s_moved"), paragraphs=[evacuation_line(figures)],
                   table=Table(columns, rows, widths=[22, 9, 9, 8, 22, 14]))


def evacuation_line(figures: dict[str, Any]) -> str:
    return t("evacuation.report.summary", areas=figures["areas"], planned=figures["planned"],
             moved=figures["moved"], percent=percent_text(figures["moved"], figures["planned"]))


def bulletin_sections(ctx: Context, content: dict[str, Any]) -> list[Any]:
    """The bulletin's sections; a bulletin issued before posts existed prints "none"."""
    return [post_section(ctx, content.get("posts")), evacuation_section(ctx, content.get("evacuations"))]


# --------------------------------------------------------------------- the handover
def handover_evacuation_section(figures: dict[str, Any] | None, tz: str, lang: str) -> Any:
    """People moved on the handover printout, in the reader's language ``lang``."""
    from dutyroom.services.printout import Section, Table

    heading = t("evacuation.report.s_moved", lang=lang)
    if not figures or not figures.get("items"):
        return Section(heading, paragraphs=[t("evacuation.report.none", lang=lang)])
    rows = [[e["area"], str(e["planned"]), str(e["moved"]), percent_text(e["moved"], e["planned"]),
             e["shelter"] or "—", from_iso(e["at"]).to(tz).format("MM-DD HH:mm")] for e in figures["items"]]
    columns = [t(f"evacuation.report.col.{c}", lang=lang)
               for c in ("area", "planned", "moved", "percent", "shelter", "at")]
    summary = t("evacuation.report.summary", lang=lang, areas=figures["areas"], planned=figures["planned"],
                moved=figures["moved"], percent=percent_text(figures["moved"], figures["planned"]))
    return Section(heading, paragraphs=[summary], table=Table(columns, rows, widths=[4, 1, 1, 1, 3, 2]))


def evacuation_text(figures: dict[str, Any] | None) -> Any:
    """People moved on the handover screen: a heading and one line per area (areas are data)."""
    from rich.text import Text

    text = Text()
    text.append("\n" + t("evacuation.report.s_moved") + "\n", style="bold underline")
    if not figures or not figures.get("items"):
        text.append(t("evacuation.report.none") + "\n")
        return text
    text.append(evacuation_line(figures) + "\n")
    for e in figures["items"]:
        text.append(f"• {' '.join(e['area'].split())} {e['moved']}/{e['planned']} "
                    f"{percent_text(e['moved'], e['planned'])}\n")
    return text
