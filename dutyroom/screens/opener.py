"""The screen for what a pane asks to open (:class:`~dutyroom.messages.OpenRecord`).

Panes post the request; the app (or any host of panes) calls :func:`open_record`.
Screens are imported here, on use, so a pane module never imports one and a
screen can import its panes without a cycle.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from dutyroom.i18n import explain, t
from dutyroom.messages import OpenRecord
from dutyroom.model.errors import DomainError, ValidationError
from dutyroom.services.context import Context


def screen_for(ctx: Context, request: OpenRecord) -> Screen[Any]:
    """The screen for ``request``; a ValidationError when there is nothing to open."""
    kind, record_id, purpose = request.kind, request.record_id, request.purpose
    if purpose in ("acknowledge", "snooze") and kind == "escalation":
        from dutyroom.screens.ticket_form import AcknowledgeForm, SnoozeForm

        form = AcknowledgeForm if purpose == "acknowledge" else SnoozeForm
        return form(ctx, escalation_id=record_id)
    if purpose == "release" and kind == "deployment":
        from dutyroom.screens.upward_forms import ReleaseForm

        return ReleaseForm(ctx, record_id)
    if kind == "log" and purpose == "show":
        from dutyroom.screens.log_detail import LogDetailScreen

        return LogDetailScreen(ctx, record_id)
    if kind == "report" and purpose == "show":
        from dutyroom.screens.report_detail import ReportDetail

        return ReportDetail(ctx, record_id)
    if kind == "station":
        from dutyroom.screens.station_detail import StationScreen

        return StationScreen(ctx, record_id)
    data = ctx.store.get(kind, record_id)
    if data is None:
        raise ValidationError("escalation.pane.nothing_behind", kind=t("kind." + kind), id=record_id)
    if kind == "ticket":
        from dutyroom.screens.ticket_detail import TicketDetail

        return TicketDetail(ctx, record_id)
    from dutyroom.screens.record_detail import RecordDetailScreen

    return RecordDetailScreen(ctx, kind, data)


def open_record(app: Any, ctx: Context, request: OpenRecord) -> None:
    """Push the screen ``request`` asks for, or say why there is none."""
    try:
        screen = screen_for(ctx, request)
    except DomainError as error:
        app.notify(explain(error), severity="warning", markup=False)
        return
    app.push_screen(screen, request.done)
