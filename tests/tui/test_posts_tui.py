"""``b`` pioneer posts and ``v`` people moved, by keys only, at 80x24 in both languages:
a post set up with the form and stood down after confirming, an area's move recorded and
then updated from the selected row (a new record, the history kept), outside text shown
literally, the header's totals following, every footer key whole."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from dutyroom.i18n import set_language
from dutyroom.screens.confirm import ConfirmScreen
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.evacuations import EvacuationsScreen
from dutyroom.screens.pioneer_posts import PioneerPostsScreen
from dutyroom.screens.post_forms import EvacuationForm, PostForm
from dutyroom.services.evacuations import Evacuations
from dutyroom.services.pioneer_posts import PioneerPosts
from dutyroom.widgets.header import DutyHeader
from tests.conftest import wait_for
from tests.tui.test_narrow_screens import footer_keys

HOSTILE = "[b]红旗[/b]岗"


async def assert_footer_whole(app, pilot) -> list[str]:
    """Every key of the screen's footer shows whole inside 80 columns."""
    await wait_for(lambda: footer_keys(app) and all(k.region.width for k in footer_keys(app)), pilot=pilot)
    for key in footer_keys(app):
        assert key.region.right <= app.size.width, key.description
        assert key.region.width >= len(key.key_display) + len(key.description), key.description
    return [key.description for key in footer_keys(app)]


def cells(table: DataTable, row: int) -> list[str]:
    return [str(getattr(c, "plain", c)) for c in table.get_row_at(row)]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_pioneer_posts_by_keys_at_80x24(ctx, app_for, lang):
    set_language(lang)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("b")
        await wait_for(lambda: isinstance(app.screen, PioneerPostsScreen), pilot=pilot)
        assert len(await assert_footer_whole(app, pilot)) == 3
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, PostForm), pilot=pilot)
        await pilot.press(*HOSTILE, "tab", "tab", *"后山村", "tab", *"吴秀英", "tab", "5", "ctrl+s")
        await wait_for(lambda: isinstance(app.screen, PioneerPostsScreen), pilot=pilot)
        table = app.screen.query_one("#posts-table", DataTable)
        await wait_for(lambda: table.row_count == 1, pilot=pilot)
        (post,) = PioneerPosts(ctx).all()
        assert (post.name, post.area, post.leader, post.party_members) == (HOSTILE, "后山村", "吴秀英", 5)
        assert cells(table, 0)[1] == HOSTILE  # markup shown as typed, never applied
        summary = str(app.screen.query_one("#posts-summary", Static).render())
        assert summary == ("在岗 1 个,党员 5 名" if lang == "zh" else "1 active, 5 party members")

        await pilot.press("x")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, PioneerPostsScreen)
                       and not PioneerPosts(ctx).all()[0].active, pilot=pilot)
        await wait_for(lambda: cells(table, 0)[-1] == ("已撤岗" if lang == "zh" else "stood down"), pilot=pilot)
        await pilot.press("x")  # a post already stood down is not offered again
        await pilot.pause()
        assert isinstance(app.screen, PioneerPostsScreen)
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_people_moved_by_keys_at_80x24(ctx, app_for, lang):
    set_language(lang)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        header = app.screen.query_one(DutyHeader)
        assert "37" not in header.render_text(ctx.now()).plain
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, EvacuationsScreen), pilot=pilot)
        labels = await assert_footer_whole(app, pilot)
        assert len(labels) == 3
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, EvacuationForm), pilot=pilot)
        await pilot.press(*"[red]后山村", "tab", *"37", "tab", *"21", "tab", *"村小学", "ctrl+s")
        await wait_for(lambda: isinstance(app.screen, EvacuationsScreen), pilot=pilot)
        table = app.screen.query_one("#evacuations-table", DataTable)
        await wait_for(lambda: table.row_count == 1, pilot=pilot)
        assert cells(table, 0)[:5] == ["[red]后山村", "37", "21", "57%", "村小学"]

        await pilot.press("u")  # the selected area: the form starts from its tally, on "moved"
        await wait_for(lambda: isinstance(app.screen, EvacuationForm), pilot=pilot)
        await pilot.press("backspace", "backspace", *"37", "ctrl+s")
        await wait_for(lambda: isinstance(app.screen, EvacuationsScreen), pilot=pilot)
        await wait_for(lambda: cells(table, 0)[2] == "37", pilot=pilot)
        assert table.row_count == 1 and cells(table, 0)[3] == "100%" and cells(table, 0)[6] == "2"
        (area,) = Evacuations(ctx).areas()
        assert [e.moved for e in area.history] == [21, 37] and area.latest.shelter == "村小学"
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        word = "转移 37/37" if lang == "zh" else "moved 37/37"
        await wait_for(lambda: word in header.render_text(ctx.now()).plain, pilot=pilot)


async def test_deploy_form_sends_a_team_under_a_post_and_the_pane_shows_it(ctx, app_for):
    from textual.widgets import Input, Select

    from dutyroom.screens.upward import UpwardScreen
    from dutyroom.screens.upward_forms import DeployForm
    from dutyroom.services.deployments import Deployments
    from dutyroom.widgets.deployment_pane import DeploymentPane

    ctx.store.create("unit", {"kind": "commando", "name": "沙河村党员突击队", "district": "武进区"})
    post = PioneerPosts(ctx).add("东堤先锋岗", leader="李明", area="东堤", party_members=4)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("u")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, DeployForm), pilot=pilot)
        form = app.screen
        picker = form.query_one("#field-post_id", Select)
        assert [str(label) for label, _ in picker._options[1:]] == [f"#{post.id} 东堤先锋岗 · 东堤"]
        picker.value = str(post.id)
        form.query_one("#field-people", Input).value = "6"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        [deployment] = Deployments(ctx).all()
        assert (deployment.post_id, deployment.area) == (post.id, "东堤")  # where the post stands
        pane = app.screen.query_one(DeploymentPane)
        await wait_for(lambda: pane._keys == [str(deployment.id)], pilot=pilot)
        target = str(pane.table.get_row(str(deployment.id))[5])
        assert target.startswith("东堤") and "东堤先锋岗" in target
