"""Stations above a threshold as the handover and the daily bulletin carry and print them.

The rows are kept in the handover and bulletin records (plain JSON), so a sealed handover
or an issued bulletin prints the same peaks at any later time.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.model.station import StationKind, StationState
from dutyroom.services.context import Context
from dutyroom.services.stations import Stations

ROW_FIELDS = ("id", "name", "kind", "peak", "peak_at", "peak_state", "state", "warning_level",
              "guarantee_level", "flood_limit")


def stations_above(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> list[dict[str, Any]]:
    """Every station at or above a threshold in [start, end), with its peak and time of peak."""
    return [{k: row.get(k) for k in ROW_FIELDS} for row in Stations(ctx).above_threshold(start, end)]


def peak_lines(rows: list[dict[str, Any]], tz: str, lang: str | None = None) -> list[str]:
    """One line per station: "沙河水库(水库)超汛限,峰值 21.4 米(07-29 03:00)"."""
    out = []
    for row in rows:
        try:
            kind, state = StationKind(row["kind"]), StationState(row["peak_state"])
        except ValueError:
            continue
        unit = t("station.unit.mm" if kind == StationKind.RAIN else "station.unit.m", lang=lang)
        out.append(t("station.peak_line", lang=lang, name=row["name"], kind=t(kind.label_key, lang=lang),
                     state=t(state.label_key, lang=lang), peak=f"{row['peak']:g}", unit=unit,
                     at=arrow.get(row["peak_at"]).to(tz).format("MM-DD HH:mm")))
    return out


def station_section(rows: list[dict[str, Any]], tz: str, lang: str | None = None):
    """The printout section "水雨情超阈值测站" / "Stations above a threshold"."""
    from dutyroom.services.printout import Section

    lines = peak_lines(rows, tz, lang)
    return Section(t("station.doc.heading", lang=lang), paragraphs=[] if lines else [t("word.none", lang=lang)],
                   items=lines)
