"""Live sessions apply other processes' commits from the new journal lines alone: the row
appears (inotify, no poll), and the panes do not reload what they already hold."""

from __future__ import annotations

from dataclasses import replace

from dutyroom.services.duty_log import DutyLog
from dutyroom.store import Store
from dutyroom.widgets.log_pane import LogPane
from dutyroom.widgets.report_pane import ReportPane
from dutyroom.widgets.shift_pane import ShiftPane
from tests.conftest import run_cli, wait_for
from tests.tui.conftest import log_keys


def _count_calls(obj, name: str) -> list[int]:
    calls = [0]
    original = getattr(obj, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    setattr(obj, name, counted)
    return calls


async def test_another_process_write_is_applied_without_reloading(seeded, db, app_for):
    app = app_for(watch_interval=3600)  # no poll to speak of: the inotify watch must see it
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        assert app._watch is not None
        log_pane = app.screen.query_one(LogPane)
        shift_pane = app.screen.query_one(ShiftPane)
        await pilot.press("down")  # the cursor on entry 4
        log_loads = _count_calls(log_pane, "load")
        shift_loads = _count_calls(shift_pane, "_load")
        counted = shift_pane.counts.log_entries
        result = run_cli(db, "log", "add", "另一进程:红星水库 水位 33.7m", "--kind", "reading",
                         "--at", "2026-07-29 08:58")
        assert result.returncode == 0, result.stderr
        await wait_for(lambda: log_keys(app)[:1] == ["6"], timeout=10, pilot=pilot)
        assert "另一进程" in log_pane._rows["6"].cells[4].plain
        assert log_pane.selected_key() == "4"  # the cursor stayed on its entry
        assert shift_pane.counts.log_entries == counted + 1
        assert log_loads == [0] and shift_loads == [0]  # applied from the journal line alone


async def test_a_correction_from_another_store_reloads_and_shows(seeded, app_for):
    ctx = seeded
    other = Store(ctx.store.root, now=ctx.clock.now, operator="李娜")
    other.open()
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        pane = app.screen.query_one(LogPane)
        DutyLog(replace(ctx, store=other, operator="李娜")).amend(2, "更正:第2次巡查 10 时")
        await wait_for(lambda: log_keys(app)[:1] == ["6"], pilot=pilot)
        await wait_for(lambda: "更正" in pane._rows["2"].cells[4].plain, pilot=pilot)


async def test_a_report_from_another_process_appears(seeded, db, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        pane = app.screen.query_one(ReportPane)
        result = run_cli(db, "report", "add", "--channel", "phone", "--category", "waterlogging",
                         "--location", "人民路下穿通道", "--at", "2026-07-29 08:59", "积水 50 厘米")
        assert result.returncode == 0, result.stderr
        await wait_for(lambda: "1" in pane._keys, timeout=10, pilot=pilot)
        await wait_for(lambda: log_keys(app)[:1] == ["6"], timeout=10, pilot=pilot)


async def test_without_inotify_a_fast_poll_sees_it(seeded, db, app_for, monkeypatch):
    import dutyroom.store.watch as watch

    monkeypatch.setattr(watch, "start_watch", lambda root, on_change: None)
    app = app_for()  # no watch: the journal is polled every 0.1 s
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        assert app._watch is None
        other = Store(db, now=seeded.clock.now, operator="李娜")
        other.open()
        DutyLog(replace(seeded, store=other, operator="李娜")).add("轮询看到的", at="08:59")
        await wait_for(lambda: log_keys(app)[:1] == ["6"], pilot=pilot)
