"""Standing orders: give, list, end. Each change is logged in the same commit.

The handover carries the orders in force (:func:`summaries`), so the incoming
shift reads them on the printout until an officer ends them.
"""

from __future__ import annotations

from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.model.errors import TransitionError, ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.standing_order import StandingOrder, new_standing_order
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.record_text import Message, message, system_entry
from dutyroom.store import Create, Update

LOG_TEXT = 500
"""How much of an order's text its log line repeats."""


class StandingOrders:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, text: object, until: str | arrow.Arrow | None = None) -> StandingOrder:
        """Give an order; ``until`` (optional) is when it lapses by itself."""
        now = self.ctx.now()
        end = until if isinstance(until, arrow.Arrow) or until is None else (
            self.ctx.parse_time(until, "until") if str(until).strip() else None)
        order = new_standing_order(text=text, issued_at=now, issued_by=self.ctx.operator, until=end)
        line = message("order.log.added_until" if end else "order.log.added", text=order.text[:LOG_TEXT],
                       until=self.when(end) if end else "")
        records = self.ctx.store.commit([Create("standing_order", order.payload()), self._log(line)])
        return StandingOrder.from_dict(records[0])

    def end(self, order_id: int, expected_version: int | None = None) -> StandingOrder:
        """End an order in force; one already ended or lapsed is refused."""
        order = self.require(order_id)
        now = self.ctx.now()
        if not order.in_force(now):
            raise TransitionError("order.error.not_in_force", id=order_id)
        version = order.version if expected_version is None else expected_version
        line = message("order.log.ended", id=order_id, text=order.text[:LOG_TEXT])
        records = self.ctx.store.commit([
            Update("standing_order", order_id, {"ended_at": iso(now), "ended_by": self.ctx.operator},
                   version),
            self._log(line)])
        return StandingOrder.from_dict(records[0])

    def get(self, order_id: int) -> StandingOrder | None:
        data = self.ctx.store.get("standing_order", order_id)
        return StandingOrder.from_dict(data) if data else None

    def require(self, order_id: int) -> StandingOrder:
        order = self.get(order_id)
        if order is None:
            raise ValidationError("order.error.missing", field="id", id=order_id)
        return order

    def all(self) -> list[StandingOrder]:
        return sorted((StandingOrder.from_dict(r) for r in self.ctx.store.all("standing_order")),
                      key=lambda o: o.id or 0)

    def in_force(self) -> list[StandingOrder]:
        now = self.ctx.now()
        return [o for o in self.all() if o.in_force(now)]

    def when(self, moment: arrow.Arrow) -> str:
        return self.ctx.local(moment).format("YYYY-MM-DD HH:mm")

    def summary(self, order: StandingOrder) -> str:
        """One line for the handover and the app: number, text, and its end if it has one."""
        line = f"#{order.id} {' '.join(order.text.split())}"
        if order.until is not None:
            line += " " + t("order.until", until=self.when(order.until))
        return line

    def _log(self, line: Message) -> Create:
        return Create("log", system_entry(line, at=self.ctx.now(), author=self.ctx.operator,
                                          kind=LogKind.INSTRUCTION))


def summaries(ctx: Context) -> list[str]:
    """The orders in force as the handover carries them."""
    service = StandingOrders(ctx)
    return [service.summary(o) for o in service.in_force()]


def order_json(order: StandingOrder, now: arrow.Arrow) -> dict[str, Any]:
    """The stable JSON shape of an order (a contract with scripts)."""
    data = order.to_dict()
    return {"id": order.id, "text": order.text, "issued_at": data["issued_at"],
            "issued_by": order.issued_by, "until": data["until"], "ended_at": data["ended_at"],
            "ended_by": order.ended_by, "in_force": order.in_force(now), "version": order.version}
