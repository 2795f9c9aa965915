"""The app's alerting: a banner on every screen, the bell, opening what alerted.

Owned by :class:`dutyroom.app.DutyRoomApp` (``app.alerting``). The app's journal
watcher hands over each batch of changes (this session's commits and other
processes' alike); what :class:`~dutyroom.services.alerts.AlertWatch` finds goes on
the board, rings the bell when grave and ``[escalation] bell`` allows, and shows on a
one-line :class:`~dutyroom.widgets.alert_banner.AlertBanner` mounted into whichever
screen is on top — dashboard, detail screens, forms, handover — until the officer
opens it (F2) or dismisses it (F3), or it stops standing (acknowledged, cleared).
"""

from __future__ import annotations

import logging
from typing import Any, Sequence

from textual.css.query import NoMatches

from dutyroom.actions import BY_ID, current_keys
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.services.alerts import Alert, AlertBoard, AlertWatch, alert_line
from dutyroom.services.escalation import rules_for
from dutyroom.widgets.alert_banner import AlertBanner

log = logging.getLogger(__name__)


class Alerting:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.ctx = app.ctx
        self.board = AlertBoard()
        self.watch = AlertWatch(self.ctx)
        self.bell = rules_for(self.ctx, strict=False).bell
        self.rung = 0
        """How many times the bell rang for an alert (tests and the benchmark read it)."""

    def start(self) -> None:
        """What is open at start-up is not news: the panes show it."""
        try:
            self.watch.prime()
        except DomainError:  # a corrupt file is reported by the panes; alert on what comes next
            log.warning("alert watch could not read the open records", exc_info=True)
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)

    # -- what comes in
    def changes(self, changes: Sequence[Any]) -> None:
        try:
            fresh, gone = self.watch.detect(changes)
        except DomainError:
            log.warning("alert watch could not read a change", exc_info=True)
            return
        for kind, record_id in gone:
            self.board.remove(kind, record_id)
        for alert in sorted(fresh, key=lambda a: -a.record_id):  # the batch's first on top
            self.board.add(alert)
        if any(alert.grave for alert in fresh):
            self.ring()
        if fresh or gone:
            self.show()

    def raise_alert(self, alert: Alert) -> None:
        self.board.add(alert)
        if alert.grave:
            self.ring()
        self.show()

    def ring(self) -> None:
        if self.bell:
            self.rung += 1
            self.app.bell()

    # -- what goes out
    def _screen_changed(self, _screen: Any) -> None:
        self.app.call_after_refresh(self.show)

    def show(self) -> None:
        """Put the current alert on the banner of the screen on top (mounting one if needed)."""
        screen = self.app.screen
        try:
            banner = screen.query_one(AlertBanner)
        except NoMatches:
            if not self.board.alerts or not screen.is_attached:
                return
            banner = AlertBanner(id="alert-banner")
            screen.mount(banner)
        alert = self.board.current
        line = alert_line(self.ctx, alert) if alert is not None else ""
        keymap = getattr(self.app, "_keymap", {})
        banner.show(line, len(self.board) - 1, current_keys(BY_ID["alert_open"], keymap),
                    current_keys(BY_ID["alert_dismiss"], keymap))

    def tick(self) -> None:
        """Once a second: a screen pushed without the signal still gets its banner."""
        if self.board.alerts and not self.app.screen.query(AlertBanner):
            self.show()

    # -- the officer's keys
    def opened(self, kind: str, record_id: int) -> None:
        if self.board.remove(kind, record_id):
            self.show()

    def dismiss(self) -> None:
        alert = self.board.current
        if alert is not None:
            self.board.remove(alert.kind, alert.record_id)
            self.show()

    def open(self) -> None:
        alert = self.board.current
        if alert is None:
            self.app.notify(t("alert.none"), severity="information", markup=False)
            return
        self.board.remove(alert.kind, alert.record_id)
        self.show()
        if alert.kind == "integrity":
            self.app.notify(alert_line(self.ctx, alert), severity="error", timeout=30, markup=False)
            return
        self.open_record(alert.kind, alert.record_id)

    def open_record(self, kind: str, record_id: int) -> bool:
        """Push the screen that shows this record; False if there is none (or no record)."""
        if self.ctx.store.get(kind, record_id) is None:
            return False
        try:
            if kind == "escalation":
                from dutyroom.screens.escalation_detail import EscalationScreen

                self.app.push_screen(EscalationScreen(self.ctx, record_id))
            elif kind == "report":
                from dutyroom.screens.report_detail import ReportDetail

                self.app.push_screen(ReportDetail(self.ctx, record_id))
            elif kind == "ticket":
                from dutyroom.screens.ticket_detail import TicketDetail

                self.app.push_screen(TicketDetail(self.ctx, record_id))
            elif kind == "station":  # a threshold crossed: the station's chart and readings
                from dutyroom.screens.station_detail import StationScreen

                self.app.push_screen(StationScreen(self.ctx, record_id))
            else:
                from dutyroom.screens.record_detail import RecordDetailScreen

                self.app.push_screen(RecordDetailScreen(self.ctx, kind, self.ctx.store.get(kind, record_id)))
        except DomainError as error:
            self.app.notify(explain(error), severity="error", markup=False)
        return True
