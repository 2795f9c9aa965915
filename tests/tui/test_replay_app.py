"""``dutyroom --replay TIME``: the dashboard as it stood then, read-only, driven by keys.

The day of ``tests/test_replay.py`` is scripted through the services (fixed clock, real
journal); the replay app is then driven with Pilot at 80x24 in both languages: the banner
on every screen, write keys refused with a notice and nothing written, ``[``/``]`` by
event, ``{``/``}`` by hour, ``g`` to a time, ``space``/``x`` to play.
"""

from __future__ import annotations

import pytest

from dutyroom.i18n import set_language
from dutyroom.replay_app import ReplayApp
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.services.replay import ReplaySession
from dutyroom.widgets.replay_banner import ReplayBanner
from dutyroom.widgets.report_pane import ReportPane
from dutyroom.widgets.ticket_pane import TicketPane
from tests.test_replay import _script
from tests.tui.replay_boards import after_first_look
from tests.tui.replay_boards import board as _board


def _banner(app) -> str:
    return app.screen.query_one(ReplayBanner).line


def _rows(app, pane_class) -> list[str]:
    return list(app.screen_stack[0].query_one(pane_class)._keys)  # noqa: SLF001


def _notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]  # noqa: SLF001


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_replay_dashboard_by_keys(ctx, clock, db, lang):
    seen, a, b = _script(ctx, clock)
    set_language(lang)
    moment = seen["before_close"][0]
    session = ReplaySession(ctx, moment)
    journal = (db / "journal.jsonl").read_bytes()
    clock.advance(hours=2)  # the replay is opened later than the day it shows: play has room
    app = ReplayApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        local = ctx.local(moment).format("HH:mm")
        assert "复盘 REPLAY" in _banner(app) and local in _banner(app)
        assert ("只读" if lang == "zh" else "read-only") in _banner(app)
        assert _rows(app, ReportPane) == [str(a.id)]  # b was not yet reported
        assert len(_rows(app, TicketPane)) == 1

        for key in ("n", "r", "s", "colon"):  # new entry, new report, status, quick entry
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen), key
        refused = "复盘为只读" if lang == "zh" else "Replay is read-only"
        assert sum(refused in n for n in _notices(app)) == 4

        line = session.line
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert session.line == line + 1 and f"{line + 1}" in _banner(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert session.line == line

        stepped = session.moment  # a step shows the time of that event
        assert stepped <= moment
        await pilot.press("right_curly_bracket")  # an hour later: a closed, b open
        await pilot.pause()
        assert session.moment == stepped.shift(hours=1)
        assert _rows(app, ReportPane) == [str(b.id)]
        assert _rows(app, TicketPane) == []
        await pilot.press("left_curly_bracket")
        await pilot.pause()
        assert _rows(app, ReportPane) == [str(a.id)]

        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"bad")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DashboardScreen)  # the time is refused, the box stays
        assert "复盘 REPLAY" in _banner(app)  # the banner is on this screen too
        for _ in range(3):
            await pilot.press("backspace")
        target = seen["after_close"][0]
        await pilot.press(*ctx.local(target).format("YYYY-MM-DD HH:mm"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert session.moment == target and _rows(app, ReportPane) == [str(b.id)]

        await pilot.press("x")
        await pilot.press("space")
        await pilot.pause()
        assert app.playing and app.speed == 60 and "60" in _banner(app)
        assert session.moment >= target  # the clock's own ticks may have played on already
        before = session.moment
        app._play_on()  # noqa: SLF001 - one tick of play at 60x (no await: no timer in between)
        assert session.moment == before.shift(minutes=1)
        await pilot.press("space")
        assert not app.playing

        await pilot.press("question_mark")
        await pilot.pause()
        assert "复盘 REPLAY" in _banner(app)  # on the help screen as on every screen
        assert "replay_goto" in app.screen.query_one("#help-table")._row_locations  # noqa: SLF001
    assert (db / "journal.jsonl").read_bytes() == journal


async def test_replay_shows_what_the_live_dashboard_showed(ctx, clock, db):
    """The live dashboard is recorded at four moments of the scripted day (each opened at
    that moment, as an officer would have it); the replay at each moment shows the same
    rows, countdowns included."""
    from dutyroom.app import make_app
    from dutyroom.services.reports import Reports
    from dutyroom.services.tickets import Tickets

    recorded = []

    async def record() -> None:
        app = make_app(ctx, offer_drafts=False, ask_identity=False, tick_interval=3600)
        async with app.run_test(size=(120, 40)) as pilot:
            await after_first_look(app, pilot)
            recorded.append((clock.now(), _board(app)))
        clock.advance(minutes=1)  # what the officer does next happens after the look

    a = Reports(ctx).add(channel="phone", category="waterlogging", location="人民路下穿通道",
                         text="积水 40 厘米", severity="II")
    clock.advance(minutes=7)
    await record()
    ticket = Tickets(ctx).add("东河堤段渗水", hazard="embankment", severity="III", location="东河 3 号堤段")
    clock.advance(minutes=40)
    await record()  # the live app's engine raised the chain's overdue phone report here
    Reports(ctx).final(a.id, "积水已退")
    clock.advance(minutes=3)
    await record()
    Tickets(ctx).set_status(ticket.id, "cancelled", note="误报")
    Reports(ctx).add(channel="phone", category="waterlogging", location="和平路口", text="积水", severity="IV")
    clock.advance(minutes=90)
    await record()
    assert len({str(board) for _, board in recorded}) == 4
    assert all(board["escalation-pane"] for _, board in recorded[:2])  # countdowns to compare
    for moment, board in recorded:
        session = ReplaySession(ctx, moment)
        app = ReplayApp(session, tick_interval=3600)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert _board(app) == board, moment


async def test_a_broken_chain_stays_on_the_banner(ctx, clock, db, store):
    _script(ctx, clock)
    store.close()
    journal = db / "journal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    lines[2] = lines[2].replace("张伟".encode(), "李四".encode(), 1)
    journal.write_bytes(b"\n".join(lines))
    app = ReplayApp(ReplaySession(ctx, clock.now()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "记录不完整(第 3 行)" in _banner(app)
        assert any("哈希链在第 3 行断开" in n for n in _notices(app))
