"""The sections of ``dutyroom replay``: one line each, in the order of the JSON keys.

Each section is computed by the same service and in the same JSON shape as its own
``list --json`` command, from a context whose store stands at the replayed moment and
whose clock is stopped there. Adding a section is one line in :data:`SECTIONS` and, for
the text output, a formatter of its rows.

``callouts`` are the call-outs open then; ``stations`` the stations above a threshold then
(issue #15), each in its ``list --json`` shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from dutyroom.i18n import t
from dutyroom.services.context import Context


@dataclass(frozen=True)
class Section:
    title_key: str
    rows: Callable[[Context], Any]
    """The JSON of the section, exactly as its ``list --json`` (or ``show --json``) prints it."""
    text: Callable[[Context, Any], list[str]]
    """Lines for an officer, in their language, from that JSON (and the context)."""


def _status(ctx: Context) -> Any:
    from dutyroom.services.status import StatusService, status_json

    return status_json(StatusService(ctx).current())


def _status_text(ctx: Context, _rows: Any) -> list[str]:
    from dutyroom.services.status import StatusService, describe

    return [describe(StatusService(ctx).current())]


def _shift(ctx: Context) -> Any:
    from dutyroom.services.shifts import ShiftService, shift_json

    service = ShiftService(ctx)
    return shift_json(service.current(), service, ctx.now())


def _shift_text(ctx: Context, _rows: Any) -> list[str]:
    from dutyroom.cli.shift_commands import describe
    from dutyroom.services.shifts import ShiftService

    service = ShiftService(ctx)
    return describe(service.current(), service)


def _open_chains(ctx: Context) -> list[Any]:
    from dutyroom.services.reports import Reports

    return sorted(Reports(ctx).open_chains(), key=lambda r: (r.received_at, r.id or 0))


def _reports(ctx: Context) -> Any:
    from dutyroom.cli.report_commands import report_json

    return [report_json(head, ctx) for head in _open_chains(ctx)]


def _reports_text(ctx: Context, _rows: Any) -> list[str]:
    from dutyroom.cli.report_commands import format_chain

    return [format_chain(head, ctx) for head in _open_chains(ctx)]


def _tickets(ctx: Context) -> Any:
    from dutyroom.cli.ticket_commands import tickets_json
    from dutyroom.services.tickets import Tickets

    return tickets_json(ctx, sorted(Tickets(ctx).open(), key=lambda tk: tk.id or 0))


def _tickets_text(_ctx: Context, rows: Any) -> list[str]:
    from dutyroom.cli.ticket_commands import ticket_line

    return [ticket_line(row) for row in rows]


def _escalations(ctx: Context) -> Any:
    from dutyroom.services.escalation import EscalationService, escalation_json

    service = EscalationService(ctx)  # never evaluated here: the escalations as they were raised then
    return [escalation_json(e, service.rules, ctx.now()) for e in service.active()]


def _escalations_text(ctx: Context, _rows: Any) -> list[str]:
    from dutyroom.cli.escalation_commands import escalation_line
    from dutyroom.services.escalation import EscalationService

    service = EscalationService(ctx)
    return [escalation_line(e, service, ctx.now()) for e in service.active()]


def _instructions(ctx: Context) -> Any:
    from dutyroom.cli.report_commands import instruction_json
    from dutyroom.services.instructions import Instructions

    return [instruction_json(i, ctx.now()) for i in Instructions(ctx).open()]


def _instructions_text(ctx: Context, _rows: Any) -> list[str]:
    from dutyroom.cli.report_commands import format_instruction
    from dutyroom.services.instructions import Instructions

    return [format_instruction(i, ctx) for i in Instructions(ctx).open()]


def _callouts(ctx: Context) -> Any:
    from dutyroom.services.callouts import Callouts, callout_json

    return [callout_json(c, ctx.now()) for c in Callouts(ctx).all(open_only=True)]


def _callouts_text(ctx: Context, _rows: Any) -> list[str]:
    from dutyroom.cli.callout_commands import summary_line
    from dutyroom.services.callouts import Callouts

    return [summary_line(ctx, c) for c in Callouts(ctx).all(open_only=True)]


def _stations(ctx: Context) -> Any:
    """The stations above a threshold then, as ``station list --json`` shows them."""
    from dutyroom.services.stations import Stations

    return [view for view in Stations(ctx).views() if view.get("state") != "normal"]


def _stations_text(ctx: Context, rows: Any) -> list[str]:
    from dutyroom.cli.station_commands import station_line

    return [station_line(view, ctx.tz) for view in rows]


SECTIONS: dict[str, Section] = {
    "status": Section("replay.section.status", _status, _status_text),
    "shift": Section("replay.section.shift", _shift, _shift_text),
    "reports": Section("replay.section.reports", _reports, _reports_text),
    "tickets": Section("replay.section.tickets", _tickets, _tickets_text),
    "escalations": Section("replay.section.escalations", _escalations, _escalations_text),
    "instructions": Section("replay.section.instructions", _instructions, _instructions_text),
    "callouts": Section("replay.section.callouts", _callouts, _callouts_text),
    "stations": Section("replay.section.stations", _stations, _stations_text),
}


def replay_json(ctx: Context, integrity: dict[str, Any]) -> dict[str, Any]:
    from dutyroom.model.timeinput import iso

    out: dict[str, Any] = {"at": iso(ctx.now())}
    for name, section in SECTIONS.items():
        out[name] = section.rows(ctx)
    out["integrity"] = integrity
    return out


def replay_text(ctx: Context) -> list[str]:
    lines: list[str] = []
    for section in SECTIONS.values():
        rows = section.rows(ctx)
        lines.append("")
        lines.append(t(section.title_key))
        body = section.text(ctx, rows)
        lines.extend(f"  {line}" for line in (body or [t("cli.empty")]))
    return lines
