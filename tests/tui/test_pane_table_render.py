"""PaneTable renders once per cell content, not once per change to the table: what it paints
must stay exactly what Textual's own DataTable paints (text, colours, cursor, zebra stripes,
and the row a mouse click reads), through the changes a live pane makes; a click still
selects the row under the mouse after rows moved."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.widgets import DataTable

from dutyroom.widgets.pane_table import PaneTable

COLUMNS = ("id", "at", "kind", "text")


class TwoTables(App[None]):
    CSS = "DataTable { width: 1fr; height: 14; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield PaneTable(id="ours")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="stock")


def cells(n: int) -> tuple[Text, ...]:
    return (Text(str(n)), Text(f"08:{n % 60:02d}", style="bold"), Text("巡查" if n % 3 else ""),
            Text(f"沙河水库 水位 {n}.3m" + " 很长的一段文字" * (n % 2), style="red" if n % 5 == 0 else ""))


def painted(table: DataTable) -> list[list[tuple[str, object, dict]]]:
    """Text, style and mouse metadata of each segment. Our rows carry their key (a paint is
    reused when rows move) where Textual's carry their index: compare them as the index."""
    strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    out = []
    for strip in strips:
        line = []
        for segment in strip:
            meta = dict(segment.style.meta) if segment.style else {}
            if "row_key" in meta:
                meta["row"] = table.get_row_index(meta.pop("row_key"))
            line.append((segment.text, segment.style.clear_meta_and_links() if segment.style else None,
                         meta))
        out.append(line)
    return out


def assert_same(ours: DataTable, stock: DataTable) -> None:
    mine, theirs = painted(ours), painted(stock)
    assert [[seg[0] for seg in line] for line in mine] == [[seg[0] for seg in line] for line in theirs]
    assert mine == theirs  # styles and mouse metadata too


async def test_paints_what_textual_paints_through_live_changes():
    app = TwoTables()
    async with app.run_test(size=(140, 20)) as pilot:
        ours = app.query_one("#ours", DataTable)
        stock = app.query_one("#stock", DataTable)
        tables = (ours, stock)
        for table in tables:
            for key in COLUMNS:
                table.add_column(Text(key.upper()), key=key)
            for n in range(30, 0, -1):
                table.add_row(*cells(n), key=str(n))
            table.move_cursor(row=3, animate=False)
        app.set_focus(None)  # the same look for both (a focused table shows its cursor brighter)
        await pilot.pause()
        assert_same(ours, stock)

        async def both(change) -> None:
            for table in tables:
                change(table)
            await pilot.pause()
            assert_same(ours, stock)

        def new_on_top(table: DataTable) -> None:  # as TablePane._patch applies a new entry
            table.remove_row("1")
            row = cells(31)
            table.add_row(*row, key="31")
            first = [table.get_row("31")[0]] + [table.get_row(str(n))[0] for n in range(30, 1, -1)]
            order = {id(cell): i for i, cell in enumerate(first)}
            table.sort(key=lambda values: order[id(values[0])])
            table.move_cursor(row=table.cursor_row + 1, animate=False, scroll=False)

        await both(new_on_top)
        await both(lambda table: table.update_cell("29", "text", Text("更正:水位 29.4m", style="italic")))
        await both(lambda table: table.move_cursor(row=7, animate=False))
        await both(lambda table: table.scroll_to(y=5, animate=False))
        await both(lambda table: table.remove_row("2"))
        ours.focus()
        await pilot.pause()
        focused = painted(ours)
        stock.focus()
        await pilot.pause()
        assert focused == painted(stock)  # the focused look, not a cached blurred one
        assert painted(ours) != focused


async def test_a_click_selects_the_row_under_the_mouse_after_rows_moved():
    app = TwoTables()
    async with app.run_test(size=(140, 20)) as pilot:
        ours = app.query_one("#ours", PaneTable)
        for key in COLUMNS:
            ours.add_column(Text(key.upper()), key=key)
        for n in range(10, 0, -1):
            ours.add_row(*cells(n), key=str(n))
        await pilot.pause()
        for n in (11, 12):  # new rows arrive on top: every row moves down, paints are reused
            ours.add_row(*cells(n), key=str(n))
            order = {str(k): i for i, k in enumerate(range(n, 0, -1))}
            ours.sort(key=lambda values: order[values[0].plain])
            await pilot.pause()
        await pilot.click("#ours", offset=(2, 4))  # the header, then rows 12, 11, 10: row "9"
        await pilot.pause()
        assert ours.coordinate_to_cell_key(ours.cursor_coordinate).row_key.value == "9"
        await pilot.click("#ours", offset=(2, 2))
        await pilot.pause()
        assert ours.coordinate_to_cell_key(ours.cursor_coordinate).row_key.value == "11"
