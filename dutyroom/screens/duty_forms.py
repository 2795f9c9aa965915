"""Small forms for what an officer also does on the command line: sign on / off
(``shift sign-on|sign-off``), give a standing order (``order add``), choose the
period of the activity-log print (``log print --shift|--date``)."""

from __future__ import annotations

import re
from typing import Any

from dutyroom.i18n import t
from dutyroom.model.shift import Shift
from dutyroom.model.standing_order import StandingOrder
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.validators import Required, TimeText
from dutyroom.services.activity_log import ActivityLog, Period
from dutyroom.services.context import Context
from dutyroom.services.roster import RosterService
from dutyroom.services.shifts import ShiftService
from dutyroom.services.standing_orders import StandingOrders

_DATE = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}$")


class AttendanceForm(FormScreen[Shift]):
    """Sign on (``on``) or off the current shift; the name defaults to the officer's own."""

    FORM_ID = "attendance"
    FOCUS_FIELD = "officer_name"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, *, on: bool = True,
                 **kwargs: Any) -> None:
        self.on = on
        super().__init__(ctx, values, **kwargs)

    def title_text(self) -> str:
        return t("attendance.title_on" if self.on else "attendance.title_off")

    def draft_params(self) -> dict[str, Any]:
        return {"on": self.on}

    def build_fields(self) -> list[Field]:
        return [Field("officer_name", "attendance.name", value=RosterService(self.ctx).my_name(),
                      validators=[Required("officer_name", max_len=80)])]

    def submit(self, values: dict[str, str]) -> Shift:
        service = ShiftService(self.ctx)
        name = values["officer_name"]
        return service.sign_on(name) if self.on else service.sign_off(name)


class StandingOrderForm(FormScreen[StandingOrder]):
    """A new standing order: its text and, optionally, when it lapses."""

    FORM_ID = "standing-order"
    TITLE_KEY = "order.form.title"
    FOCUS_FIELD = "text"

    def build_fields(self) -> list[Field]:
        return [Field("text", "order.form.text", validators=[Required("text", max_len=2000)]),
                Field("until", "order.form.until", validators=[TimeText(self.ctx, "until", optional=True)],
                      placeholder_key="order.form.until_hint")]

    def submit(self, values: dict[str, str]) -> StandingOrder:
        return StandingOrders(self.ctx).add(values["text"], until=values["until"].strip() or None)


class ActivityLogForm(FormScreen[Period]):
    """Which activity log to print: a shift (``current``, ``last``, its number) or a day."""

    FORM_ID = "activity-log"
    TITLE_KEY = "actlog.form.title"
    FOCUS_FIELD = "period"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(ctx, values, keep_drafts=False)

    def build_fields(self) -> list[Field]:
        return [Field("period", "actlog.form.period", value="current",
                      validators=[Required("shift", max_len=40)], placeholder_key="actlog.form.hint")]

    def submit(self, values: dict[str, str]) -> Period:
        text = values["period"].strip()
        log = ActivityLog(self.ctx)
        return log.for_date(text) if _DATE.match(text) else log.for_shift(text)
