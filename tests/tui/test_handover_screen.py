"""The handover wizard and the first-start identification, driven with Pilot."""

from __future__ import annotations

from textual.app import App
from textual.message import Message
from textual.widgets import DataTable, Input, OptionList

from dutyroom.model.handover import HandoverState
from dutyroom.resources import stylesheets
from dutyroom.screens.handover import HandoverScreen
from dutyroom.screens.identify import IdentifyScreen, identify_if_needed
from dutyroom.services.handover import HandoverService
from dutyroom.services.roster import RosterService
from tests.conftest import wait_for, override_as, sign_as

class DataChanged(Message):
    """Stands in for the app's change message (handlers are found by the class name)."""

    def __init__(self, kinds: set[str]) -> None:
        super().__init__()
        self._kinds = kinds

    def kinds(self) -> set[str]:
        return self._kinds


ROSTER = """date,shift,role,name,phone
2026-07-29,08:00,leader,王强,13800000001
2026-07-29,08:00,officer,张伟,13800000002
2026-07-30,08:00,leader,李娜,13800000003
2026-07-30,08:00,officer,赵敏,13800000004
"""


class Host(App):
    CSS_PATH = [str(p) for p in stylesheets()]

    def __init__(self, ctx, screen_factory):
        super().__init__()
        self.ctx = ctx
        self.factory = screen_factory
        self.result = "unset"

    def on_mount(self) -> None:
        self.push_screen(self.factory(self.ctx), self._done)

    def _done(self, result) -> None:
        self.result = result


def report(ctx, severity="III", minutes_ago=120):
    return ctx.store.create("report", {"received_at": ctx.now().shift(minutes=-minutes_ago).isoformat(),
                                       "severity": severity, "location": "东河堤防", "text": "[b]渗水[/b]",
                                       "category": "embankment", "open": True})


def stored(ctx):
    return HandoverService(ctx).all()[-1]


async def test_wizard_acknowledge_sign_and_seal(ctx):
    RosterService(ctx).import_text(ROSTER)
    first = report(ctx)
    second = ctx.store.create("ticket", {"hazard": "embankment", "text": "管涌", "severity": "III",
                                         "status": "dispatched", "open": True})
    app = Host(ctx, HandoverScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, HandoverScreen) and app.screen.handover is not None,
                       pilot=pilot)
        screen = app.screen
        table = screen.query_one("#handover-items", DataTable)
        assert table.row_count == 2
        assert {i.key for i in screen.handover.items} == {f"report:{first['id']}", f"ticket:{second['id']}"}
        # another session opens a report: the wizard shows it without being asked
        third = report(ctx, severity="IV")
        screen.post_message(DataChanged({"report"}))
        await wait_for(lambda: table.row_count == 3, pilot=pilot)
        assert f"report:{third['id']}" in {i.key for i in screen.handover.items}
        ctx.set_identity("赵敏")  # the incoming officer, in her own session
        await pilot.press("i")  # sign before acknowledging: refused with a notice
        await wait_for(lambda: isinstance(app.screen, type(app.screen)) and app.screen.query(Input), pilot=pilot)
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, HandoverScreen), pilot=pilot)
        assert stored(ctx).state == HandoverState.DRAFT
        await pilot.press("space")  # one item
        await wait_for(lambda: sum(i.acknowledged for i in stored(ctx).items) == 1, pilot=pilot)
        assert len(stored(ctx).items) == 3
        await pilot.press("a", "y")  # the rest, after seeing them (a bulk step: asked first)
        await wait_for(lambda: all(i.acknowledged for i in stored(ctx).items), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: bool(app.screen.query("#notes-text")), pilot=pilot)
        await pilot.press(*"ok")
        await pilot.press("ctrl+s")
        await wait_for(lambda: stored(ctx).notes == "ok", pilot=pilot)
        await pilot.press("i")
        await wait_for(lambda: bool(app.screen.query("#sign-name")), pilot=pilot)
        assert app.screen.query_one("#sign-name", Input).value == "赵敏"  # each signs as themselves
        await pilot.press("ctrl+s")
        await wait_for(lambda: stored(ctx).state == HandoverState.SIGNED_INCOMING, pilot=pilot)
        ctx.set_identity("王强")  # the leader on duty countersigns
        await pilot.press("c")
        await wait_for(lambda: bool(app.screen.query("#sign-name")), pilot=pilot)
        assert app.screen.query_one("#sign-name", Input).value == "王强"
        await pilot.press("ctrl+s")
        await wait_for(lambda: stored(ctx).countersigned_by == "王强", pilot=pilot)
        ctx.set_identity("张伟")
        await pilot.press("o")
        await wait_for(lambda: bool(app.screen.query("#sign-name")), pilot=pilot)
        assert app.screen.query_one("#sign-name", Input).value == "张伟"
        await pilot.press("ctrl+s")
        await wait_for(lambda: stored(ctx).state == HandoverState.SEALED, pilot=pilot)
        sealed = stored(ctx)
        assert (sealed.incoming, sealed.outgoing, sealed.countersigned_by) == ("赵敏", "张伟", "王强")
        assert HandoverService(ctx).verify(sealed)
        await wait_for(lambda: screen.handover.sealed, pilot=pilot)
        await pilot.press("space")  # a sealed handover refuses changes
        assert stored(ctx).version == sealed.version
        await pilot.press("p")  # the PDF goes to printouts/ in the data directory
        pdf = ctx.store.root / "printouts" / f"handover-{sealed.id}-shift-{sealed.shift_id}.pdf"
        await wait_for(lambda: pdf.exists(), timeout=30, pilot=pilot)
        assert pdf.read_bytes().startswith(b"%PDF")
        await pilot.press("escape")
        await wait_for(lambda: app.result == sealed.id, pilot=pilot)


async def test_wizard_refusal_then_leader_override(ctx, monkeypatch, tmp_path):
    RosterService(ctx).import_text(ROSTER)
    grave = report(ctx, severity="I", minutes_ago=5)
    app = Host(ctx, HandoverScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, HandoverScreen) and app.screen.handover is not None,
                       pilot=pilot)
        await pilot.press("a", "y")
        await wait_for(lambda: all(i.acknowledged for i in stored(ctx).items), pilot=pilot)
        ctx.set_identity("赵敏")
        await pilot.press("i")
        await wait_for(lambda: bool(app.screen.query("#sign-name")), pilot=pilot)
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, HandoverScreen), pilot=pilot)
        assert stored(ctx).state == HandoverState.DRAFT  # refused: a grave item in its first hour
        ctx.set_identity("王强")  # the leader on duty, in his own session
        await pilot.press("l")
        await wait_for(lambda: bool(app.screen.query("#override-reason")), pilot=pilot)
        assert app.screen.query_one("#override-leader", Input).value == "王强"
        await pilot.press("ctrl+s")  # no reason: stays open, nothing stored
        assert stored(ctx).override is None and app.screen.query("#override-reason")
        await pilot.press(*"call")
        await pilot.press("ctrl+s")
        await wait_for(lambda: stored(ctx).override is not None, pilot=pilot)
        assert stored(ctx).override.items == [f"report:{grave['id']}"]
        ctx.set_identity("赵敏")
        await pilot.press("i")
        await wait_for(lambda: bool(app.screen.query("#sign-name")), pilot=pilot)
        await pilot.press("ctrl+s")
        await wait_for(lambda: stored(ctx).state == HandoverState.SIGNED_INCOMING, pilot=pilot)
        monkeypatch.setenv("PATH", str(tmp_path))  # no CUPS here: the officer is told so
        await pilot.press("P")
        await wait_for(lambda: any("lp" in str(n.message) and n.severity == "error"
                                   for n in app._notifications), timeout=30, pilot=pilot)


async def test_first_start_asks_once_which_roster_name(ctx):
    RosterService(ctx).import_text(ROSTER)
    ctx.operator = "zw"  # an OS account, not a roster name

    class Start(App):
        CSS_PATH = [str(p) for p in stylesheets()]

        def on_mount(self) -> None:
            self.asked = identify_if_needed(self, ctx)

    app = Start()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, IdentifyScreen), pilot=pilot)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 4
        await pilot.press("down", "enter")  # the second name: 张伟
        await wait_for(lambda: not isinstance(app.screen, IdentifyScreen), pilot=pilot)
    assert RosterService(ctx).identify("zw").name == "张伟"
    again = Start()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.asked is False and not isinstance(again.screen, IdentifyScreen)


async def test_app_asks_at_first_start_and_h_opens_the_handover(ctx, app_for):
    from dutyroom.screens.dashboard import DashboardScreen
    from dutyroom.widgets.shift_pane import ShiftPane

    RosterService(ctx).import_text(ROSTER)
    ctx.operator = "zhangwei"
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, IdentifyScreen), pilot=pilot)
        await pilot.press("down", "enter")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        pane = app.screen.query_one(ShiftPane)
        await wait_for(lambda: "王强 13800000001" in pane.render_text(ctx.now()).plain, pilot=pilot)
        body = pane.render_text(ctx.now()).plain
        assert "张伟" in body and "07-29 08:00" in body and "07-30 08:00" in body
        await pilot.press("h")
        await wait_for(lambda: isinstance(app.screen, HandoverScreen) and app.screen.handover is not None,
                       pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    assert RosterService(ctx).identify("zhangwei").name == "张伟"
    assert HandoverService(ctx).all() == []  # just looking at the handover writes nothing


def test_shift_pane_text_after_a_handover(ctx):
    from dutyroom.services.shifts import ShiftService
    from dutyroom.widgets.shift_pane import ShiftPane

    RosterService(ctx).import_text(ROSTER)
    ShiftService(ctx).sign_on("张伟")
    report(ctx)
    service = HandoverService(ctx)
    handover = sign_as(service, "赵敏", service.acknowledge(service.start(), None, "赵敏"), "incoming")
    sealed = sign_as(service, "张伟", handover, "outgoing")
    pane = ShiftPane(ctx)
    pane._load()
    text = pane.render_text(ctx.now()).plain
    assert "在岗: 张伟" in text and "剩余 23:00:00" in text and "日志" in text
    ctx.clock.advance(hours=24)  # the next shift opens with the carried items
    pane._load()
    text = pane.render_text(ctx.now()).plain
    assert "李娜 13800000003" in text and f"交接单 #{sealed.id}" in text and "移交事项 1 项" in text


def test_an_operator_named_as_in_the_roster_is_not_asked(ctx):
    from dutyroom.screens.identify import needs_identify

    assert not needs_identify(ctx)  # empty roster
    RosterService(ctx).import_text(ROSTER)
    assert not needs_identify(ctx)  # --operator 张伟 already says who
    ctx.operator = "someone"
    assert needs_identify(ctx)


async def test_the_handover_screen_shows_the_stations_above_a_threshold(ctx):
    """What the printout carries, the officer reads before signing: the river's peak and when."""
    from textual.widgets import Static

    from tests.services.test_station_peaks import night

    RosterService(ctx).import_text(ROSTER)
    night(ctx).add_reading("清水河 城关站", 4.8, at=ctx.parse_time("2026-07-29 08:30"))
    app = Host(ctx, HandoverScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, HandoverScreen) and app.screen.handover is not None,
                       pilot=pilot)
        text = str(app.screen.query_one("#handover-sections", Static).render())
        assert "超过阈值的测站" in text and "峰值 4.8 米(07-29 08:30)" in text
