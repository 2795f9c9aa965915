"""Live: another process's write shows without a keypress; cursor and scroll survive; clocks tick."""

from __future__ import annotations


from dutyroom.model.escalation import Escalation, EscalationReason
from dutyroom.widgets.header import DutyHeader
from dutyroom.widgets.log_pane import LogPane
from tests.conftest import run_cli, wait_for
from tests.tui.conftest import log_keys


async def test_cli_write_by_another_process_appears_and_cursor_stays(seeded, db, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: log_keys(app) == ["5", "4", "3", "2", "1"], pilot=pilot)
        await pilot.press("down", "down")  # on entry 3
        assert pane.selected_key() == "3"
        result = run_cli(db, "log", "add", "外部进程写入:清水河 水位 27.9m", "--kind", "reading",
                         "--at", "2026-07-29 08:58")
        assert result.returncode == 0, result.stderr
        await wait_for(lambda: log_keys(app)[:1] == ["6"], timeout=10, pilot=pilot)
        assert pane.selected_key() == "3"  # the cursor stayed on the same entry
        assert "外部进程写入" in pane._rows["6"].cells[4].plain
        status = run_cli(db, "status", "set", "--response", "II", "--warning", "rainstorm:red")
        assert status.returncode == 0, status.stderr
        header = app.screen.query_one(DutyHeader)
        await wait_for(lambda: "Ⅱ级" in str(header.render()) and "暴雨红色预警" in str(header.render()),
                       timeout=10, pilot=pilot)
        assert pane.selected_key() == "3"


async def test_updates_in_place_keep_the_scroll_position(ctx, app_for):
    from dutyroom.model.log_entry import new_log_entry
    from dutyroom.store.store import Create

    at = ctx.parse_time("08:30")
    ctx.store.commit([Create("log", new_log_entry(text=f"entry {i}", at=at, author="张伟").payload())
                      for i in range(80)])
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: len(pane._keys) == 80, pilot=pilot)
        for _ in range(40):
            await pilot.press("down")
        key = pane.selected_key()
        await wait_for(lambda: pane.table.scroll_y > 0, pilot=pilot)
        row_on_screen = pane.table.cursor_row - pane.table.scroll_y
        ctx.store.commit([Create("log", new_log_entry(text="new", at=ctx.now(), author="李娜").payload())])
        await wait_for(lambda: len(pane._keys) == 81, pilot=pilot)
        await pilot.pause()
        assert pane.selected_key() == key
        assert pane.table.cursor_row - pane.table.scroll_y == row_on_screen


async def test_log_pane_moves_to_the_next_shift_without_a_write(seeded, clock, app_for):
    app = app_for(tick_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        clock.advance(days=1)  # past the 08:00 changeover: a new, empty shift
        await wait_for(lambda: log_keys(app) == [], pilot=pilot)


async def test_a_write_is_seen_from_its_journal_line_alone(seeded, app_for):
    """A confirmed write is one journal line; the state files catch up later. The dashboard
    shows the write before any checkpoint touched the state."""
    from dutyroom.model.log_entry import new_log_entry
    from dutyroom.store import Store
    from dutyroom.store.store import Create

    ctx = seeded
    writer = Store(ctx.store.root, now=ctx.clock.now, operator="李娜")
    state = ctx.store.root / "state"
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        before = {p: p.stat().st_mtime_ns for p in state.rglob("*") if p.is_file()}
        entry = new_log_entry(text="只在流水日志里", at=ctx.now(), author="李娜")
        writer.commit([Create("log", entry.payload())])
        assert {p: p.stat().st_mtime_ns for p in state.rglob("*") if p.is_file()} == before
        await wait_for(lambda: log_keys(app)[:1] == ["6"], pilot=pilot)


async def test_at_the_top_new_entries_come_into_view(ctx, app_for):
    from dutyroom.model.log_entry import new_log_entry
    from dutyroom.services.duty_log import DutyLog
    from dutyroom.store.store import Create

    at = ctx.parse_time("08:30")
    ctx.store.commit([Create("log", new_log_entry(text=f"entry {i}", at=at, author="张伟").payload())
                      for i in range(80)])  # more than the pane shows: it could scroll
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: len(pane._keys) == 80, pilot=pilot)
        DutyLog(ctx).add("新来的一条", at="08:59")
        await wait_for(lambda: pane._keys[:1] == ["81"], pilot=pilot)
        await pilot.pause()
        assert pane.table.scroll_y == 0  # the new entry is on screen
        assert pane.selected_key() == "80"  # and the cursor stayed on its entry
