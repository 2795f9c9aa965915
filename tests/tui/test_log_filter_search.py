"""The log pane's filter words look through the whole season (the text index), not only the shift."""

from __future__ import annotations

from textual.widgets import Input

from dutyroom.screens.forms.filter import FilterForm
from dutyroom.services.duty_log import DutyLog
from tests.conftest import wait_for
from tests.tui.conftest import log_keys


async def test_filter_text_finds_entries_of_earlier_days(seeded, app_for):
    ctx = seeded
    old = DutyLog(ctx).add("红星水库 溢洪道 开闸", kind="action", at=ctx.now().shift(days=-20))
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        assert str(old.id) not in log_keys(app)  # not in the current shift
        await pilot.press("slash")
        await wait_for(lambda: isinstance(app.screen, FilterForm), pilot=pilot)
        app.screen.query_one("#field-text", Input).value = "溢洪道"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: log_keys(app) == [str(old.id)], pilot=pilot)
        await pilot.press("slash")
        await wait_for(lambda: isinstance(app.screen, FilterForm), pilot=pilot)
        app.screen.query_one("#field-text", Input).value = "巡查"  # in the shift: as before
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)


async def test_a_word_matching_most_of_the_season_loads_one_page(seeded, app_for):
    """450 earlier entries and the shift's 5 all hold "水": the title counts all 455, the pane
    holds one page of 200 (newest first), and ] / [ turn the pages over every hit once."""
    from dutyroom.model.log_entry import new_log_entry
    from dutyroom.store import Create
    from dutyroom.widgets.log_pane import PAGE_SIZE, LogPane

    ctx = seeded
    first = ctx.now().shift(days=-30)
    ctx.store.commit([Create("log", new_log_entry(text=f"红星水库 水位 第{i}次", kind="reading",
                                                   at=first.shift(hours=i), author="李四").payload())
                      for i in range(450)])
    other = DutyLog(ctx).add("红星水库 溢洪道", kind="action", at=first.shift(hours=3, minutes=30))
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: len(log_keys(app)) == 5, pilot=pilot)
        pane = app.screen.query_one(LogPane)
        await pilot.press("slash")
        await wait_for(lambda: isinstance(app.screen, FilterForm), pilot=pilot)
        app.screen.query_one("#field-text", Input).value = "水"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: len(log_keys(app)) == PAGE_SIZE, pilot=pilot)
        assert pane.total == 456 and len(pane.all_views) == PAGE_SIZE  # counted all, read one page
        assert "456" in str(pane.border_title) and "1/3" in str(pane.border_title)
        shown = [log_keys(app)]
        times = [[v.entry.at for v in pane.all_views]]
        assert shown[0][:5] == [str(i) for i in range(5, 0, -1)]  # the shift's entries: the newest
        for page in (2, 3):
            pane.focus()
            await pilot.press("right_square_bracket")
            await wait_for(lambda p=page: f"{p}/3" in str(pane.border_title), pilot=pilot)
            shown.append(log_keys(app))
            times.append([v.entry.at for v in pane.all_views])
        assert [len(keys) for keys in shown] == [200, 200, 56]
        every = [int(k) for keys in shown for k in keys]
        assert sorted(every) == list(range(1, 457)) and every[-1] == 6  # the oldest, last
        moments = [at for page in times for at in page]
        assert moments == sorted(moments, reverse=True)  # newest first, across the pages too
        assert str(other.id) in shown[2]
        await pilot.press("left_square_bracket")
        await wait_for(lambda: "2/3" in str(pane.border_title), pilot=pilot)
        assert log_keys(app) == shown[1]
        await pilot.press("left_square_bracket")
        await wait_for(lambda: "1/3" in str(pane.border_title), pilot=pilot)
        fresh = DutyLog(ctx).add("东湖 水位 上涨", kind="reading")  # a commit while the filter is set
        await wait_for(lambda: pane.total == 457 and log_keys(app)[0] == str(fresh.id), pilot=pilot)
        assert pane.found is not None and pane.found.query[0] == "水"
