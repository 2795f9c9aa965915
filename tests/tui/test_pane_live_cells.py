"""A tick recomputes only the time-driven cells of the live panes: the result must be
exactly what rebuilding every row would show, in the pane's rows and in the table."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from dutyroom.services.demo import fill_demo
from dutyroom.services.deployments import Deployments
from dutyroom.widgets.deployment_pane import DeploymentPane
from dutyroom.widgets.escalation_pane import EscalationPane
from dutyroom.widgets.pane import PaneTable, TablePane
from dutyroom.widgets.report_pane import ReportPane
from dutyroom.widgets.ticket_pane import TicketPane

LIVE_PANES = (ReportPane, EscalationPane, TicketPane, DeploymentPane)


def full_rebuild(pane: TablePane, now) -> dict[str, tuple[str, ...]]:
    rows = [pane.row(record, now) for record in pane.records]
    return {row.key: tuple(c.plain for c in row.cells) for row in rows}


def shown(pane: TablePane) -> dict[str, tuple[str, ...]]:
    return {key: tuple(c.plain for c in row.cells) for key, row in pane._rows.items()}


def on_screen(pane: TablePane) -> dict[str, tuple[str, ...]]:
    """What the rows put in the table: the columns a narrow pane keeps (``DROP_ORDER``)."""
    return {key: tuple(c.plain for _, c in pane._shown(row)) for key, row in pane._rows.items()}


def in_table(pane: TablePane) -> dict[str, tuple[str, ...]]:
    table = pane.table
    return {key: tuple(str(getattr(v, "plain", v)) for v in table.get_row(key))
            for key in pane._keys}


async def test_a_tick_shows_what_a_full_rebuild_would(ctx, clock, app_for):
    fill_demo(ctx)
    ctx.store.create("unit", {"kind": "commando", "name": "沙河村党员突击队", "district": "武进区"})
    Deployments(ctx).deploy("沙河村党员突击队", area="东堤", people=12, party_members=8, at="08:20")
    app = app_for(tick_interval=3600)  # ticks are driven by hand below
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panes = [app.screen.query_one(cls) for cls in LIVE_PANES]
        for pane in panes:
            assert pane.LIVE and pane.LIVE_COLUMNS, type(pane).__name__
            assert pane.records, f"the demo day gives {type(pane).__name__} rows to test"
        before = {type(p).__name__: shown(p) for p in panes}
        for minutes in (7, 35, 180):  # countdowns run out, "since" grows, teams stay out
            clock.advance(minutes=minutes)
            now = ctx.now()
            for pane in panes:
                if isinstance(pane, EscalationPane):
                    pane.drive_engine = False  # the engine would reload the pane: test the tick
                pane.tick(now)
            await pilot.pause()
            for pane in panes:
                name = type(pane).__name__
                assert shown(pane) == full_rebuild(pane, now), name
                assert in_table(pane) == on_screen(pane), name
        after = {type(p).__name__: shown(p) for p in panes}
        assert after != before  # the tick did change something


async def test_a_tick_leaves_filtered_out_rows_out(ctx, clock, app_for):
    from dutyroom.widgets.pane import PaneFilter

    fill_demo(ctx)
    app = app_for(tick_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ReportPane)
        assert len(pane.records) > 1
        first = pane.records[0].report
        pane.apply_filter(PaneFilter(text=first.location))
        kept = set(pane._keys)
        assert kept and len(kept) < len(pane.records)
        clock.advance(minutes=20)
        pane.tick(ctx.now())
        await pilot.pause()
        assert set(pane._keys) == kept and set(pane._rows) == kept
        assert shown(pane) == {k: v for k, v in full_rebuild(pane, ctx.now()).items() if k in kept}


CELLS = [
    [Text("short"), Text("沙河水库 水位 21.35 米"), Text("")],
    [Text("a much longer line of plain text", style="bold"), Text("两行的内容\n第二行更长一些，比别的格子都长"), Text("x")],
    [Text("⚠ 逾期 1:02:03", style="bold reverse red"), Text(""), Text("ＦＵＬＬ　ｗｉｄｔｈ")],
]


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="stock")
        yield PaneTable(id="ours")


@pytest.mark.parametrize("labels", [("id", "text", "flags"), ("编号", "内容", "标记")])
async def test_our_column_widths_are_textuals_own(labels):
    """PaneTable measures cells itself (fast); the widths must be what Textual works out."""
    app = Tables()
    async with app.run_test(size=(120, 20)) as pilot:
        stock, ours = app.query_one("#stock", DataTable), app.query_one("#ours", PaneTable)
        for table in (stock, ours):
            for label in labels:
                table.add_column(label)
            for i, row in enumerate(CELLS):
                table.add_row(*row, key=str(i))
        await pilot.pause()
        widths = lambda t: [c.content_width for c in t.ordered_columns]  # noqa: E731
        assert widths(ours) == widths(stock)
        assert widths(ours) != [len(label) for label in labels]  # the cells did count
        assert ours.virtual_size == stock.virtual_size
        stock.update_cell("1", stock.ordered_columns[0].key, Text("更新后变得更宽的一格内容"),
                          update_width=True)
        ours.update_cell("1", ours.ordered_columns[0].key, Text("更新后变得更宽的一格内容"),
                         update_width=True)
        await pilot.pause()
        assert widths(ours) == widths(stock)
