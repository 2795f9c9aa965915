"""The presence pane lists who else is working, marks this session, drops those who leave."""

from __future__ import annotations

import os

from textual.app import App, ComposeResult

from dutyroom.services.presence import Presence
from dutyroom.widgets.presence_pane import PresencePane
from tests.conftest import TZ, wait_for


class PaneApp(App[None]):
    def __init__(self, presence: Presence) -> None:
        super().__init__()
        self.presence = presence

    def compose(self) -> ComposeResult:
        yield PresencePane(self.presence, tz=TZ, interval=0.1, id="presence-pane")


async def test_pane_shows_others_and_drops_leavers(db, clock):
    mine = Presence(db, operator="zhangwei", roster_name="张伟", station="local", now=clock.now,
                    pid=os.getpid())
    li = Presence(db, operator="lina", roster_name="李娜", station="10.0.0.7", now=clock.now,
                  pid=os.getppid())
    mine.beat()
    app = PaneApp(mine)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(PresencePane)

        def shown() -> str:
            return str(pane.render())

        await wait_for(lambda: "张伟" in shown(), pilot=pilot)
        assert "(本人)" in shown() and "只有您在使用" in shown()
        assert pane.border_title == "在线值班人员 1"
        li.beat()
        li.set_editing("ticket:7")
        await wait_for(lambda: "李娜" in shown(), pilot=pilot)
        assert "10.0.0.7" in shown() and "正在编辑险情工单 7" in shown() and "09:00 起" in shown()
        assert pane.border_title == "在线值班人员 2"
        li.leave()
        await wait_for(lambda: "李娜" not in shown(), pilot=pilot)
        assert pane.border_title == "在线值班人员 1"


async def test_dashboard_shows_who_else_is_working_and_leaves_on_exit(ctx, db):
    from dutyroom.app import make_app

    li = Presence(db, operator="lina", roster_name="李娜", station="10.0.0.7", now=ctx.clock.now,
                  pid=os.getppid())
    li.beat()
    app = make_app(ctx, offer_drafts=False)
    async with app.run_test(size=(120, 40)) as pilot:
        strip = app.screen.query_one(PresencePane)
        await wait_for(lambda: "李娜" in str(strip.render()), pilot=pilot)
        shown = str(strip.render())
        assert "在线值班人员 2" in shown and "张伟 (本人)" in shown and "10.0.0.7" in shown
        mine = app.presence.path
        assert mine.exists() and f"-{os.getpid()}" in mine.name
        assert [s.name for s in li.others()] == ["张伟"]
        await pilot.resize_terminal(80, 24)
        await wait_for(lambda: strip.has_class("-compact"), pilot=pilot)
        assert strip.region.height == 1 and strip.region.width > 0
        await pilot.press("q")
    assert not mine.exists(), "a clean exit removes the heartbeat"
    assert li.others() == []
