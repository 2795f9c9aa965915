"""Standing orders (常设指令) in force: ``n`` gives one, ``x`` ends the selected one
(after asking: ending cannot be undone), Esc closes. The list follows other sessions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.standing_order import StandingOrder
from dutyroom.screens.confirm import ConfirmScreen
from dutyroom.screens.duty_forms import StandingOrderForm
from dutyroom.services.context import Context
from dutyroom.services.standing_orders import StandingOrders
from dutyroom.widgets.pane import literal


class StandingOrdersScreen(ModalScreen[None]):
    BINDINGS = bindings("orders")
    ACTION_GROUP = "orders"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        translate_bindings(self)
        self.ctx = ctx
        self.orders: list[StandingOrder] = []
        self._revision = -1

    def compose(self) -> ComposeResult:
        with Vertical(id="orders-box"):
            yield Static("", id="orders-empty", markup=False)
            yield DataTable(id="orders-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#orders-box").border_title = t("order.screen.title")
        table = self.query_one("#orders-table", DataTable)
        for key in ("id", "issued", "by", "until", "text"):
            table.add_column(Text(t(f"order.column.{key}")), key=key)
        self.reload()
        self.set_interval(1.0, self._follow)
        table.focus()

    def _follow(self) -> None:
        if self.ctx.store.revision() != self._revision:
            self.reload()

    def reload(self) -> None:
        self._revision = self.ctx.store.revision()
        try:
            self.orders = StandingOrders(self.ctx).in_force()
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        table = self.query_one("#orders-table", DataTable)
        row = table.cursor_row
        table.clear()
        for order in self.orders:
            until = self.ctx.local(order.until).format("MM-DD HH:mm") if order.until else "-"
            table.add_row(Text(f"#{order.id}"), Text(self.ctx.local(order.issued_at).format("MM-DD HH:mm")),
                          Text(literal(order.issued_by, one_line=True)), Text(until),
                          Text(literal(order.text, one_line=True)), key=str(order.id))
        if self.orders:
            table.move_cursor(row=min(row, len(self.orders) - 1), animate=False)
        empty = self.query_one("#orders-empty", Static)
        empty.update(t("order.screen.empty"))
        empty.display = not self.orders

    def selected(self) -> StandingOrder | None:
        table = self.query_one("#orders-table", DataTable)
        if not self.orders or not 0 <= table.cursor_row < len(self.orders):
            return None
        return self.orders[table.cursor_row]

    def action_new(self) -> None:
        self.app.push_screen(StandingOrderForm(self.ctx), lambda _result: self.reload())

    def action_end(self) -> None:
        order = self.selected()
        if order is None:
            self.notify(t("order.screen.select_first"), severity="warning", markup=False)
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                StandingOrders(self.ctx).end(order.id or 0, expected_version=order.version)
            except DomainError as error:
                self.notify(explain(error), severity="error", markup=False)
            else:
                self.notify(t("cli.order.ended", id=order.id), markup=False)
            self.reload()

        question = t("order.screen.confirm_end", id=order.id, text=literal(order.text, one_line=True)[:200])
        self.app.push_screen(ConfirmScreen(question), answer)

    def action_close(self) -> None:
        self.dismiss(None)
