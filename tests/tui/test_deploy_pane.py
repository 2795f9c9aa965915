"""The teams-deployed pane on the dashboard and the reports-upward charts screen, driven with Pilot."""

from __future__ import annotations

from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.upward import UpwardScreen
from dutyroom.services.deployments import Deployments
from dutyroom.widgets.deployment_pane import DeploymentPane
from tests.conftest import wait_for


def seed(ctx):
    ctx.store.create("unit", {"kind": "commando", "name": "沙河村党员突击队[/]", "district": "武进区"})
    ctx.store.create("unit", {"kind": "volunteer", "name": "湖塘志愿服务队", "district": "武进区"})
    service = Deployments(ctx)
    first = service.deploy("1", area="沙河村 [b]东堤[/b]", people=12, party_members=8, task="sandbagging",
                           text="加固", at="07:30")
    second = service.deploy("湖塘志愿服务队", area="湖塘镇", people=5, task="evacuation", text="转移",
                            at="2026-07-28 10:00")
    return first, second


def pane_keys(app) -> list[str]:
    return list(app.screen.query_one(DeploymentPane)._keys)


async def test_dashboard_shows_teams_deployed_now_and_follows_releases(ctx, app_for):
    first, second = seed(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await wait_for(lambda: pane_keys(app) == [str(second.id), str(first.id)], pilot=pilot)
        pane = app.screen.query_one(DeploymentPane)
        assert "17" in str(pane.border_title)  # 12 + 5 people out
        # markup-looking team names are shown literally
        cells = [c.plain for c in pane._rows[str(first.id)].cells]
        assert cells[1] == "沙河村党员突击队[/]" and "东堤" in cells[5] and cells[2] == "12/8"
        assert cells[3] == "1:30"  # out since 07:30, the clock says 09:00
        Deployments(ctx).release(second.id, evacuated=30)  # as another process would
        await wait_for(lambda: pane_keys(app) == [str(first.id)], pilot=pilot)


async def test_upward_screen_charts_reports_and_teams_per_day(ctx, app_for):
    seed(ctx)
    ctx.store.create("report", {"received_at": "2026-07-28T02:00:00+00:00", "category": "waterlogging",
                                "severity": "IV", "text": "t", "open": True})
    ctx.store.create("report", {"received_at": "2026-07-28T03:00:00+00:00", "category": "embankment",
                                "severity": "III", "text": "t", "open": True})
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("u")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        screen = app.screen
        s = screen.series
        assert s.days[-1] == "2026-07-29" and len(s.days) == 7
        index = s.days.index("2026-07-28")  # 07-28 08:30 to 07-29 08:30
        assert s.reports["waterlogging"][index] == 1 and s.reports["embankment"][index] == 1
        assert s.teams[index] == 2 and s.teams[-1] == 2  # both still out
        assert s.teams[0] == 0
        await pilot.press("minus")
        assert screen.series.days == ["2026-07-27", "2026-07-28", "2026-07-29"]
        await pilot.press("plus", "plus")
        assert len(screen.series.days) == 14
        await pilot.press("left_square_bracket")
        assert screen.series.days[-1] == "2026-07-15"
        await pilot.press("right_square_bracket")
        assert screen.series.days[-1] == "2026-07-29"
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)


async def test_compact_layout_has_the_pane_as_a_tab(ctx, app_for):
    seed(ctx)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        for _ in range(6):
            await pilot.press("tab")
        await wait_for(lambda: app.screen.active_pane == "deployment-pane", pilot=pilot)
        assert app.screen.query_one(DeploymentPane).display


async def test_deploy_form_and_release_form(ctx, app_for):
    from textual.widgets import Input, Select

    from dutyroom.screens.upward_forms import DeployForm, ReleaseForm

    ctx.store.create("unit", {"kind": "commando", "name": "沙河村党员突击队", "district": "武进区"})
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("u")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, DeployForm), pilot=pilot)
        form = app.screen
        form.query_one("#field-area", Input).value = "东村"
        form.query_one("#field-people", Input).value = "4"
        form.query_one("#field-party_members", Input).value = "9"
        form.query_one("#field-task", Select).value = "patrol"
        await pilot.pause()  # let the fields' Changed messages through, as typing would
        await pilot.press("ctrl+s")
        # more party members than people: refused in place, nothing saved
        await wait_for(lambda: "党员人数" in str(form.query_one("#error-party_members").render()), pilot=pilot)
        assert Deployments(ctx).all() == []
        form.query_one("#field-party_members", Input).value = "3"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        [deployment] = Deployments(ctx).all()
        assert (deployment.people, deployment.party_members, deployment.task.value) == (4, 3, "patrol")
        pane = app.screen.query_one(DeploymentPane)
        await wait_for(lambda: pane._keys == [str(deployment.id)], pilot=pilot)
        pane.table.focus()
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, ReleaseForm), pilot=pilot)
        app.screen.query_one("#field-evacuated", Input).value = "25"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        done = Deployments(ctx).get(deployment.id)
        assert done.ended_at is not None and done.evacuated == 25
        await wait_for(lambda: pane._keys == [], pilot=pilot)


async def test_deeds_of_the_period_are_marked_with_m(ctx, app_for):
    from dutyroom.services.deeds import Deeds
    from dutyroom.widgets.deed_pane import DeedPane

    first, _ = seed(ctx)
    deed = Deeds(ctx).add(link_kind="deployment", link_id=first.id, subject="person", name="王强[/]",
                          text="连续奋战", at="2026-07-28 20:00")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("u")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        pane = app.screen.query_one(DeedPane)
        await wait_for(lambda: pane._keys == [str(deed.id)], pilot=pilot)
        assert pane._rows[str(deed.id)].cells[3].plain == "王强[/]"
        pane.table.focus()
        await pilot.press("m")
        await wait_for(lambda: Deeds(ctx).get(deed.id).report_upward, pilot=pilot)
        await wait_for(lambda: pane._rows[str(deed.id)].cells[1].plain == "★", pilot=pilot)
        await pilot.press("m")
        await wait_for(lambda: not Deeds(ctx).get(deed.id).report_upward, pilot=pilot)
        await pilot.press("left_square_bracket")  # a week earlier: no deeds
        await wait_for(lambda: pane._keys == [], pilot=pilot)


async def test_a_deed_is_recorded_from_the_upward_screen(ctx, app_for):
    """``n`` on the reports-upward screen; on a selected team it starts from that deployment."""
    from textual.widgets import Input, Select, TextArea

    from dutyroom.screens.upward_forms import DeedForm
    from dutyroom.services.deeds import Deeds
    from dutyroom.widgets.deed_pane import DeedPane

    first, _ = seed(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("u")
        await wait_for(lambda: isinstance(app.screen, UpwardScreen), pilot=pilot)
        upward = app.screen
        teams = upward.query_one(DeploymentPane)
        await wait_for(lambda: str(first.id) in teams._keys, pilot=pilot)
        teams.table.focus()
        teams.table.move_cursor(row=teams._keys.index(str(first.id)))
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, DeedForm), pilot=pilot)
        form = app.screen
        assert form.query_one("#field-link_kind", Select).value == "deployment"
        assert form.query_one("#field-link_id", Input).value == str(first.id)
        assert form.query_one("#field-subject", Select).value == "team"
        form.query_one("#field-text", TextArea).text = "连续奋战 20 小时,转移群众 [b]36[/b] 人"
        form.query_one("#field-link_id", Input).value = "999"  # no such deployment: refused
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: "999" in str(form.query_one("#form-error").render()), pilot=pilot)
        assert Deeds(ctx).listing() == []
        form.query_one("#field-link_id", Input).value = str(first.id)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is upward, pilot=pilot)
        [deed] = Deeds(ctx).listing()
        assert deed.subject.value == "team" and deed.link_id == first.id
        assert deed.text == "连续奋战 20 小时,转移群众 [b]36[/b] 人"
        deeds = upward.query_one(DeedPane)
        await wait_for(lambda: deeds._keys == [str(deed.id)], pilot=pilot)
        assert "[b]36[/b]" in deeds._rows[str(deed.id)].cells[5].plain  # shown as typed, not markup
