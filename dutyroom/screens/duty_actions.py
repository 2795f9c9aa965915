"""Dashboard actions that do what a command-line command does, by keys and palette:
sign on / off (``shift sign-on|sign-off``), standing orders (``order``), the ICS-214
activity-log print (``log print``). A mixin, so the dashboard module stays about layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work

from dutyroom.i18n import explain, language, t
from dutyroom.model.errors import DomainError
from dutyroom.model.shift import Shift
from dutyroom.screens.duty_forms import ActivityLogForm, AttendanceForm
from dutyroom.services.activity_log import ActivityLog, Period
from dutyroom.services.shifts import ShiftService


class DutyActions:
    """Mixed into the dashboard screen (needs ``self.ctx``, ``self.app``, ``self.notify``)."""

    ctx: Any
    app: Any
    notify: Any

    def action_sign_on(self) -> None:
        self.app.push_screen(AttendanceForm(self.ctx, on=True), self._attended)

    def action_sign_off(self) -> None:
        self.app.push_screen(AttendanceForm(self.ctx, on=False), self._attended)

    def _attended(self, shift: Shift | None) -> None:
        if shift is None:
            return
        label = ShiftService(self.ctx).label(shift)
        on_duty = "、".join(shift.on_duty()) or t("word.none")
        self.notify(t("attendance.done", shift=label, names=on_duty), markup=False)
        self.app.refresh_now()

    def action_standing_orders(self) -> None:
        from dutyroom.screens.standing_orders import StandingOrdersScreen

        self.app.push_screen(StandingOrdersScreen(self.ctx))

    def action_print_activity_log(self) -> None:
        def chosen(period: Period | None) -> None:
            if period is not None:
                self.notify(t("actlog.screen.writing"), markup=False)
                self._write_activity_log(period)

        self.app.push_screen(ActivityLogForm(self.ctx), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="activity-log-print")
    def _write_activity_log(self, period: Period) -> None:
        """Render off the UI thread into ``printouts/`` of the data directory, as the
        handover's ``p`` does, and say where the file is."""
        from dutyroom.services.printout import render
        from dutyroom.store.atomic import atomic_write

        try:
            data = render(ActivityLog(self.ctx).document(period, language()), "pdf")
            folder = Path(self.ctx.store.root) / "printouts"
            folder.mkdir(parents=True, exist_ok=True)
            stamp = self.ctx.local(period.start).format("YYYYMMDD-HHmm")
            path = folder / f"activity-log-{stamp}.pdf"
            atomic_write(path, data)
        except DomainError as error:
            self.app.call_from_thread(self.notify, explain(error), severity="error", timeout=10,
                                      markup=False)
        except OSError as error:
            self.app.call_from_thread(self.notify, t("form.save_failed", reason=error.strerror or str(error)),
                                      severity="error", timeout=10, markup=False)
        else:
            self.app.call_from_thread(self.notify, t("actlog.screen.written", path=str(path)),
                                      timeout=15, markup=False)
