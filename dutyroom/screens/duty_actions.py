"""Dashboard actions that do what a command-line command does, by keys and palette:
sign on / off (``shift sign-on|sign-off``), standing orders (``order``), the ICS-214
activity-log print (``log print``). A mixin, so the dashboard module stays about layout."""

from __future__ import annotations

from typing import Any

from dutyroom.i18n import language, t
from dutyroom.model.shift import Shift
from dutyroom.screens.duty_forms import ActivityLogForm, AttendanceForm
from dutyroom.screens.printouts import write_printout
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
            if period is None:
                return
            from dutyroom.services.printout import render  # the PDF engine loads on first print

            stamp = self.ctx.local(period.start).format("YYYYMMDD-HHmm")
            write_printout(self, self.ctx, f"activity-log-{stamp}.pdf",
                           lambda: render(ActivityLog(self.ctx).document(period, language()), "pdf"))

        self.app.push_screen(ActivityLogForm(self.ctx), chosen)
