"""Standing orders (常设指令) in force: ``n`` gives one, ``x`` ends the selected one
(after asking: ending cannot be undone), Esc closes. The list follows other sessions."""

from __future__ import annotations

from rich.text import Text

from dutyroom.actions import bindings
from dutyroom.i18n import t
from dutyroom.model.standing_order import StandingOrder
from dutyroom.screens.duty_forms import StandingOrderForm
from dutyroom.screens.record_list import RecordListScreen
from dutyroom.services.standing_orders import StandingOrders
from dutyroom.widgets.pane import literal


class StandingOrdersScreen(RecordListScreen[StandingOrder]):
    BINDINGS = bindings("orders")
    ACTION_GROUP = "orders"
    PREFIX = "orders"
    NOTE = "empty"
    TITLE_KEY = "order.screen.title"
    COLUMN_KEY = "order.column"
    COLUMNS = ("id", "issued", "by", "until", "text")

    def load(self) -> list[StandingOrder]:
        return StandingOrders(self.ctx).in_force()

    def cells(self, order: StandingOrder) -> list[Text]:
        until = self.ctx.local(order.until).format("MM-DD HH:mm") if order.until else "-"
        return [Text(f"#{order.id}"), Text(self.ctx.local(order.issued_at).format("MM-DD HH:mm")),
                Text(literal(order.issued_by, one_line=True)), Text(until),
                Text(literal(order.text, one_line=True))]

    def note(self) -> str | None:
        """Only an empty list says so."""
        return None if self.records else t("order.screen.empty")

    def action_new(self) -> None:
        self.open_form(StandingOrderForm(self.ctx))

    def action_end(self) -> None:
        order = self.selected()
        if order is None:
            self.notify(t("order.screen.select_first"), severity="warning", markup=False)
            return
        question = t("order.screen.confirm_end", id=order.id, text=literal(order.text, one_line=True)[:200])
        self.confirm_then(question,
                          lambda: StandingOrders(self.ctx).end(order.id or 0, expected_version=order.version),
                          lambda: t("cli.order.ended", id=order.id))
