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
