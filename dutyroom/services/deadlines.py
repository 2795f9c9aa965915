"""Reporting deadlines for open report chains, with the table from the settings.

The escalation engine calls :func:`missed_deadlines` and :func:`upcoming` to
raise "deadline approaching (T-10 min)" and "deadline missed"; the report pane
calls :func:`next_deadline` for its countdown. The rules are in
:mod:`dutyroom.model.deadline`; the defaults there can be overridden in
``config.toml`` under ``[deadlines]`` (see the README).
"""

from __future__ import annotations

from typing import Iterable

import arrow

from dutyroom.config import Settings
from dutyroom.model import deadline as rules
from dutyroom.model.deadline import Deadline, DeadlineKind, DeadlineTable
from dutyroom.model.report import IncomingReport

__all__ = ["Deadline", "DeadlineKind", "DeadlineTable", "table", "next_deadline", "pending",
           "missed_deadlines", "upcoming", "open_chains"]


_TABLES: dict[str, DeadlineTable] = {}


def table(settings: Settings) -> DeadlineTable:
    """The deadline table in force: the defaults overlaid with ``[deadlines]``.

    Built once per distinct section: the report pane and the escalation engine ask for
    it for every open chain, and building it (validating every limit) is the dear part.
    """
    section = settings.section("deadlines")
    key = f"{settings.tz}\x00{sorted(section.items())!r}"
    found = _TABLES.get(key)
    if found is None:
        found = _TABLES[key] = rules.build_table(section, settings.tz)
    return found


def next_deadline(report: IncomingReport, settings: Settings, now: arrow.Arrow) -> Deadline | None:
    """The earliest reporting duty of the chain headed by ``report`` (maybe already missed)."""
    del now  # the next duty does not depend on the time; kept so callers need not care
    return rules.next_deadline(report, table(settings))


def pending(report: IncomingReport, settings: Settings) -> list[Deadline]:
    return rules.pending(report, table(settings))


def missed_deadlines(reports: Iterable[IncomingReport], settings: Settings,
                     now: arrow.Arrow) -> list[Deadline]:
    """Every duty of these chains whose time has passed (``now > due_at``), earliest first."""
    return rules.missed(reports, table(settings), now)


def upcoming(reports: Iterable[IncomingReport], settings: Settings, now: arrow.Arrow,
             within_min: int = 10) -> list[Deadline]:
    """Duties not yet missed that fall due within ``within_min`` minutes, earliest first."""
    return rules.upcoming(reports, table(settings), now, within_min)


def open_chains(store) -> list[IncomingReport]:  # noqa: ANN001 - Store, kept import-light
    """The first reports of every open chain (from open.json, never the season)."""
    reports = (IncomingReport.from_dict(r) for r in store.open_records("report"))
    return [r for r in reports if r.is_head]


def upward_due(report: IncomingReport, settings: Settings) -> list[Deadline]:
    """The reports upward (phone, written) the chain still owes, missed or not.

    A final report closes the chain, and a closed chain has no deadlines: one still
    owed then drops out of every countdown and escalation without having been made.
    Whoever records the final report is told first (app and CLI)."""
    return [d for d in pending(report, settings)
            if d.kind in (DeadlineKind.PHONE, DeadlineKind.WRITTEN)]


def upward_due_text(deadline: Deadline, tz: str) -> dict[str, str]:
    """The parameters of ``report.final.upward_due`` for ``deadline``: what, when, by which way."""
    from dutyroom.i18n import t

    return {"kind": t(f"report.final.kind.{deadline.kind.value}"),
            "due": deadline.due_at.to(tz).format("MM-DD HH:mm"), "via": deadline.kind.value}
