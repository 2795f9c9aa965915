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
        app._play_on()  # noqa: SLF001 - one second of play at 60x, without waiting for the timer
        assert session.moment == target.shift(minutes=1)
        await pilot.press("space")
        assert not app.playing

        await pilot.press("question_mark")
        await pilot.pause()
        assert "复盘 REPLAY" in _banner(app)  # on the help screen as on every screen
    assert (db / "journal.jsonl").read_bytes() == journal
