"""The duty log follows new entries unless the officer scrolled down on purpose; then it
keeps the view and says how many arrived above ("↑ 3 条新记录")."""

from __future__ import annotations

from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.services.duty_log import DutyLog
from dutyroom.widgets.log_pane import LogPane
from tests.conftest import wait_for
from tests.tui.test_alert_banner import other_session


async def test_log_follows_at_the_top_and_counts_what_arrives_while_scrolled(ctx, clock, db, app_for):
    log = DutyLog(ctx)
    for i in range(40):
        log.add(f"沙河水库 水位 {20 + i / 10:.1f}m", kind="reading", at=f"08:{10 + i:02d}")
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        pane = app.screen.query_one(LogPane)
        await wait_for(lambda: len(pane._keys) == 40, pilot=pilot)
        other = DutyLog(other_session(db, clock))

        # at the top the view follows: the new entry shows above (the cursor keeps its entry)
        first = other.add("江北大堤 K3+200 巡查正常", kind="patrol")
        await wait_for(lambda: pane._keys[0] == str(first.id), pilot=pilot)
        assert pane.table.scroll_y == 0 and pane.unseen == 0

        # the officer goes down to older entries: the view stays, the title counts new ones
        await pilot.press("pagedown", "pagedown")
        await wait_for(lambda: pane.table.scroll_y > 0, pilot=pilot)
        reading = pane.selected_key()
        for n in range(3):
            other.add(f"来电 第{n}次", kind="call_in")
        await wait_for(lambda: pane.unseen == 3, pilot=pilot)
        assert "↑ 3 条新记录" in str(pane.border_title)
        assert pane.selected_key() == reading and pane.table.scroll_y > 0

        # back at the top everything has been seen
        await pilot.press("ctrl+home")
        await wait_for(lambda: pane.unseen == 0, pilot=pilot)
        assert "新记录" not in str(pane.border_title)
