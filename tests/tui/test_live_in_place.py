"""Another process commits; the dashboard that sees it changes only the rows the commit
touched, in place: the other rows stay as they were painted (the very cells), no table is
cleared, the cursor stays on the record the officer chose, and what the dashboard then
shows is exactly what a dashboard started afresh on the same data shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dutyroom.app import make_app
from dutyroom.config import load_settings
from dutyroom.services.context import Context
from dutyroom.services.demo import fill_demo
from dutyroom.store import Store
from dutyroom.widgets.format import severity_text
from dutyroom.widgets.log_pane import LogPane
from dutyroom.widgets.pane import TablePane
from dutyroom.widgets.report_pane import ReportPane
from dutyroom.widgets.shift_pane import ShiftPane
from tests.conftest import run_cli, wait_for


WIDE = (320, 60)


def shown(app: Any) -> dict[str, Any]:
    """Every pane as the officer sees it: titles, rows in order with their text, the shift."""
    view: dict[str, Any] = {}
    for pane in app.screen.query(TablePane):
        table = pane.table
        rows = [(key, tuple(str(getattr(v, "plain", v)) for v in table.get_row(key)))
                for key in (row.key.value for row in table.ordered_rows)]
        view[pane.id] = (str(pane.border_title), rows)
    view["shift"] = app.screen.query_one(ShiftPane).render_text(app.ctx.now()).plain
    return view


async def settled(app: Any, pilot: Any) -> None:
    """Both sessions have let their escalation engine look at the data as it now stands.

    The engine runs on the app's tick once the commits are delivered; a view taken between
    delivery and that tick would differ from a fresh session's (its first tick runs the
    engine) by a raise or a clearance the engine was about to write."""
    for _ in range(2):  # the first tick delivers outstanding commits, the second runs the engine
        app.refresh_now()
        await pilot.pause()
        app._tick()  # noqa: SLF001 - the second's tick, now rather than on the timer
        await pilot.pause()
    app.refresh_now()
    await pilot.pause()


def count_clears(app: Any) -> list[int]:
    calls = [0]
    for pane in app.screen.query(TablePane):
        table = pane.table
        original = table.clear

        def counted(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            calls[0] += 1
            return _original(*args, **kwargs)

        table.clear = counted  # type: ignore[method-assign]
    return calls


async def fresh_view(ctx: Context, db: Path, size: tuple[int, int] = (120, 40)) -> dict[str, Any]:
    """A new session on the same data (its own store, nothing carried over)."""
    store = Store(db, now=ctx.clock.now, operator="张伟", station="local")
    store.open()
    fresh = Context(store=store, clock=ctx.clock, settings=load_settings(db / "config.toml"),
                    operator="张伟", station="local")
    app = make_app(fresh, offer_drafts=False, ask_identity=False)
    async with app.run_test(size=size) as pilot:
        await wait_for(lambda: bool(app.screen.query_one(LogPane)._keys), pilot=pilot)
        await settled(app, pilot)
        return shown(app)


async def test_a_foreign_log_entry_goes_in_on_top_in_place(ctx, db, app_for):
    fill_demo(ctx)
    app = app_for(watch_interval=3600, ask_identity=False)  # the inotify watch must see it
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: len(pane._keys) > 5, pilot=pilot)
        await pilot.press("down", "down", "down")
        chosen = pane.selected_key()
        cells_before = {key: tuple(pane.table.get_row(key)) for key in pane._keys}
        loads = [0]
        original_load = pane.load
        pane.load = lambda: (loads.__setitem__(0, loads[0] + 1), original_load())[1]  # type: ignore[method-assign]
        clears = count_clears(app)
        newest = max(int(key) for key in pane._keys)
        result = run_cli(db, "log", "add", "另一进程:红星水库 水位 33.7m", "--kind", "reading",
                         "--at", "2026-07-29 08:58")
        assert result.returncode == 0, result.stderr
        new_key = result.stdout.strip()
        assert int(new_key) > newest
        await wait_for(lambda: new_key in pane._keys, timeout=10, pilot=pilot)
        await pilot.pause()
        assert pane.selected_key() == chosen  # the cursor stayed on the officer's entry
        assert loads == [0] and clears == [0]  # from the journal line alone, in place
        for key, cells in cells_before.items():
            if key in pane._keys:  # every row that stays keeps the very cells it had
                assert all(a is b for a, b in zip(pane.table.get_row(key), cells)), key
        await settled(app, pilot)
        live = shown(app)
    assert live == await fresh_view(ctx, db)


def count_cell_renders(table: Any) -> list[int]:
    """Cells the table renders through Rich while it paints (what a paint costs)."""
    calls, painting = [0], [False]
    console = table.app.console
    render_lines, paint = console.render_lines, table.render_lines

    def counted_render(*args: Any, **kwargs: Any) -> Any:
        calls[0] += painting[0]
        return render_lines(*args, **kwargs)

    def counted_paint(*args: Any, **kwargs: Any) -> Any:
        painting[0] = True
        try:
            return paint(*args, **kwargs)
        finally:
            painting[0] = False

    console.render_lines = counted_render  # type: ignore[method-assign]
    table.render_lines = counted_paint  # type: ignore[method-assign]
    return calls


async def test_rows_that_move_down_under_a_new_entry_are_not_rendered_again(ctx, db, app_for):
    fill_demo(ctx)
    app = app_for(watch_interval=3600, ask_identity=False)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: len(pane._keys) > 30, pilot=pilot)
        renders = None
        # under the demo's last entries (08:55, just before its "now"), as when another station
        # logs a call taken a minute ago: the rows below move down
        for name in ("甲", "乙"):  # the first flips every row's stripe; the second back
            await pilot.pause()
            renders = count_cell_renders(pane.table)
            result = run_cli(db, "log", "add", f"另一进程 {name}", "--kind", "reading",
                             "--at", "2026-07-29 08:54")
            assert result.returncode == 0, result.stderr
            await wait_for(lambda: result.stdout.strip() in pane._keys, timeout=10, pilot=pilot)
            await pilot.pause()
        columns = len(pane.table.columns)
        visible = pane.table.size.height - 1  # the heading takes a line
        # the new row and a few at the edges, not every row that moved (~28 at 120x40)
        assert renders is not None and 0 < renders[0] <= columns * (visible // 4)


async def test_a_foreign_change_to_a_report_updates_its_row_and_keeps_the_cursor(ctx, db, app_for):
    fill_demo(ctx)
    app = app_for(watch_interval=3600, ask_identity=False)
    # wide enough for every column: a new deadline may change how wide the countdown is,
    # and a narrow side column then leaves out other columns (a new table, not this test)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.screen.query_one(ReportPane)
        await wait_for(lambda: len(pane._keys) > 2, pilot=pilot)
        pane.focus_target().focus()
        await pilot.press("down")
        chosen = pane.selected_key()
        severity = {str(chain.id): chain.report.severity for chain in pane.records}
        # another chain gets a severity the pane already shows (so no column changes width
        # and the narrow side column keeps its columns: only the row changes)
        other = next(key for key in pane._keys if severity[key] != severity[chosen])
        untouched = {key: tuple(pane.table.get_row(key)) for key in pane._keys if key != other}
        clears = count_clears(app)
        result = run_cli(db, "report", "severity", other, severity[chosen].value,
                         "--reason", "另一进程:核实")
        assert result.returncode == 0, result.stderr
        target = severity_text(severity[chosen]).plain
        await wait_for(lambda: pane._rows[other].cells[2].plain == target, timeout=10, pilot=pilot)
        await pilot.pause()
        assert pane.selected_key() == chosen
        assert clears == [0]
        for key, cells in untouched.items():  # rows the commit did not touch keep their cells
            assert all(a is b for a, b in zip(pane.table.get_row(key), cells)), key
        await settled(app, pilot)
        live = shown(app)
    assert live == await fresh_view(ctx, db, WIDE)
