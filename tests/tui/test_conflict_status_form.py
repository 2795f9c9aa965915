"""The real app, twice, on one database: two officers change the duty status at once.

Before the conflict handling, the second save replaced every warning with what its form
showed when opened, silently lifting the warning the first officer had just issued.
"""

from __future__ import annotations

from textual.widgets import Select

from dutyroom.app import make_app
from dutyroom.config import load_settings
from dutyroom.screens.conflict import ConflictDialog
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.status import StatusForm
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.services.status import StatusService
from dutyroom.store import Store
from tests.conftest import START, wait_for


def _officer(db, name: str, station: str, seconds: int) -> Context:
    clock = FixedClock(START)
    clock.advance(seconds=seconds)  # close enough that their heartbeats count as live
    store = Store(db, now=clock.now, operator=name, station=station)
    store.open()
    return Context(store=store, clock=clock, settings=load_settings(None), operator=name,
                   station=station)


async def _open_status(app, pilot) -> StatusForm:
    await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    await pilot.press("s")
    await wait_for(lambda: isinstance(app.screen, StatusForm), pilot=pilot)
    return app.screen


def _warnings(ctx: Context) -> list[str]:
    return sorted(w.code for w in StatusService(ctx).current().warnings)


async def test_second_officer_reapplies_without_lifting_the_first_ones_warning(ctx, db):
    StatusService(ctx).set(response="IV")
    zhang, li = _officer(db, "张伟", "local", 10), _officer(db, "李娜", "10.0.0.7", 12)
    app_z, app_l = make_app(zhang, offer_drafts=False), make_app(li, offer_drafts=False)
    async with app_z.run_test(size=(120, 40)) as pz, app_l.run_test(size=(120, 40)) as pl:
        form_z, form_l = await _open_status(app_z, pz), await _open_status(app_l, pl)
        # presence tells each that the other has the status form open
        assert [s.name for s in app_l.presence.editing_same("status:1")] == ["张伟"]
        form_z.query_one("#field-warning_rainstorm", Select).value = "orange"
        await pz.press("ctrl+s")
        await wait_for(lambda: _warnings(ctx) == ["rainstorm:orange"], pilot=pz)
        await wait_for(lambda: app_z.presence.session().editing is None, pilot=pz)

        form_l.query_one("#field-response", Select).value = "III"
        await pl.pause()
        await pl.press("ctrl+s")
        await wait_for(lambda: isinstance(app_l.screen, ConflictDialog), pilot=pl)
        message = str(app_l.screen.query_one("#conflict-message").render())
        assert "张伟" in message and "09:00:10" in message and "暴雨" in message
        assert StatusService(ctx).current().response.value == "IV"  # nothing written yet
        await pl.press("r")
        await wait_for(lambda: isinstance(app_l.screen, DashboardScreen), pilot=pl)
    status = StatusService(ctx).current()
    assert status.response.value == "III" and _warnings(ctx) == ["rainstorm:orange"]
    assert status.updated_by == "李娜"


async def test_both_set_the_same_warning_and_the_second_discards(ctx, db):
    StatusService(ctx).set(warnings=["rainstorm:yellow"])
    zhang, li = _officer(db, "张伟", "local", 10), _officer(db, "李娜", "10.0.0.7", 12)
    app_z, app_l = make_app(zhang, offer_drafts=False), make_app(li, offer_drafts=False)
    async with app_z.run_test(size=(120, 40)) as pz, app_l.run_test(size=(120, 40)) as pl:
        form_z, form_l = await _open_status(app_z, pz), await _open_status(app_l, pl)
        form_z.query_one("#field-warning_rainstorm", Select).value = "orange"
        await pz.press("ctrl+s")
        await wait_for(lambda: _warnings(ctx) == ["rainstorm:orange"], pilot=pz)
        revision = ctx.store.revision()

        form_l.query_one("#field-warning_rainstorm", Select).value = "red"
        await pl.pause()
        await pl.press("ctrl+s")
        await wait_for(lambda: isinstance(app_l.screen, ConflictDialog), pilot=pl)
        assert "双方都改了" in str(app_l.screen.query_one("#conflict-message").render())
        await pl.press("d")
        await wait_for(lambda: isinstance(app_l.screen, DashboardScreen), pilot=pl)
    assert _warnings(ctx) == ["rainstorm:orange"] and ctx.store.revision() == revision


async def test_app_and_a_cli_process_nothing_overwritten_silently(ctx, db):
    """Another process (a script on the host) issues a warning while the form is open."""
    from tests.conftest import run_cli

    StatusService(ctx).set(response="IV")
    zhang = _officer(db, "张伟", "local", 10)
    app = make_app(zhang, offer_drafts=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open_status(app, pilot)
        form.query_one("#field-response", Select).value = "II"
        result = run_cli(db, "status", "set", "--warning", "flood:red", DUTYROOM_OPERATOR="值班脚本")
        assert result.returncode == 0, result.stderr
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConflictDialog), pilot=pilot)
        message = str(app.screen.query_one("#conflict-message").render())
        assert "值班脚本" in message and "红色" in message
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    status = StatusService(ctx).current()
    assert status.response.value == "II" and _warnings(ctx) == ["flood:red"]
