"""The bulletin screen: read it, draft, approve, issue (with a confirmation), sealed afterwards."""

from __future__ import annotations

from dutyroom.model.bulletin import BulletinState
from dutyroom.screens.bulletin import BulletinScreen
from dutyroom.screens.confirm import ConfirmScreen
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.upward import UpwardScreen
from dutyroom.services.bulletin import Bulletins
from dutyroom.services.deployments import Deployments
from tests.conftest import wait_for
from tests.tui.conftest import notices


def body(app) -> str:
    return str(app.screen.query_one("#bulletin-body").render())


async def test_bulletin_flow_in_the_app(ctx, app_for):
    ctx.store.create("unit", {"kind": "commando", "name": "突击队[b]", "district": "武进区"})
    Deployments(ctx).deploy("1", area="东村", people=6, party_members=4, at="2026-07-28 10:00")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("u")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        await pilot.press("b")
        await wait_for(lambda: isinstance(app.screen, BulletinScreen), pilot=pilot)
        screen = app.screen
        assert screen.date == "2026-07-28"
        assert "出动 1 次、1 支队伍,投入 6 人" in body(app)
        await pilot.press("a")  # nothing drafted yet: refused with a message
        await wait_for(lambda: any("还没有草稿" in n for n in notices(app)), pilot=pilot)
        await pilot.press("r")
        await wait_for(lambda: screen.bulletin is not None and screen.bulletin.id is not None, pilot=pilot)
        await pilot.press("a")
        await wait_for(lambda: screen.bulletin.state == BulletinState.APPROVED, pilot=pilot)
        await pilot.press("i")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, BulletinScreen), pilot=pilot)
        assert screen.bulletin.state == BulletinState.APPROVED
        await pilot.press("i")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: screen.bulletin.state == BulletinState.ISSUED, pilot=pilot)
        assert screen.bulletin.seal in body(app).replace("\n", "")
        await pilot.press("r")  # sealed: refused, unchanged
        await wait_for(lambda: any("已签发封存,不能再修改" in n for n in notices(app)), pilot=pilot)
        await pilot.press("right_square_bracket")  # 07-29 is not over: stays
        assert screen.date == "2026-07-28"
        await pilot.press("left_square_bracket")
        assert screen.date == "2026-07-27" and "出动 0 次" in body(app)
    issued = Bulletins(ctx).find("2026-07-28")
    assert Bulletins(ctx).verify(issued)
