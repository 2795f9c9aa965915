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
