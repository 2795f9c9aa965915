"""A step by events updates the read-only dashboard in place, and it shows what a full reload shows.

``[`` / ``]`` hand the dashboard only what the events stepped over changed (a log row in or
out, the shift's counts up or down), as a live commit does, instead of reloading every pane
(at season scale a full reload is several times the 100 ms a step may take): log rows, the
shift's counts, report chains and the chart of reports per hour. The scripted morning
crosses the 08:00 shift change, so a step back over it must bring back the night
shift's log and counts. After every step the board (every table pane's rows, the header,
the shift pane, the chart) must equal the board a full reload of the same moment shows,
with a snapshot every 3 lines so steps back cross snapshots (prepared between keys).
"""

from __future__ import annotations

from textual.widgets import Static

from dutyroom.i18n import set_language
from dutyroom.replay_app import ReplayApp
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.replay import ReplaySession
from dutyroom.services.reports import Reports
from dutyroom.services.tickets import Tickets
from dutyroom.store import replay_cache
from dutyroom.widgets.log_pane import LogPane
from dutyroom.widgets.shift_pane import ShiftPane
from tests.tui.test_replay_app import _board


def _morning(ctx, clock) -> None:
    """07:10-08:50 local: log entries either side of the 08:00 shift change, reports, a ticket."""
    clock.set("2026-07-28T23:10:00+00:00")  # 07:10 in the duty room
    log = DutyLog(ctx)
    for minutes, text in ((0, "夜班巡查 东河堤段正常"), (25, "夜班 沙河水库水位 21.3m"),
                          (30, "夜班 雨量站报 12mm"), (25, "早班接班"), (10, "早班 人民路积水 20 厘米"),
                          (15, "早班 东河堤段巡查")):
        clock.advance(minutes=minutes)
        log.add(text, kind="patrol" if "巡查" in text else "other")
    clock.advance(minutes=5)
    Reports(ctx).add(channel="phone", category="waterlogging", location="人民路下穿通道",
                     text="积水 30 厘米", severity="III")
    clock.advance(minutes=5)
    Tickets(ctx).add("东河堤段渗水", hazard="embankment", severity="III", location="东河 3 号堤段")
    Reports(ctx).add(channel="phone", category="reservoir", location="沙河水库", text="渗水", severity="II")
    clock.advance(minutes=5)
    log.add("早班 人民路积水消退", kind="other")


def _seen(app) -> dict[str, list[str]]:
    board = _board(app)
    dashboard = app.screen_stack[0]
    board["shift"] = [dashboard.query_one(ShiftPane)._shown.plain]  # noqa: SLF001
    board["chart"] = [str(dashboard.query_one("#chart-body", Static).render())]
    return board


async def test_steps_update_in_place_and_match_a_full_reload(ctx, clock, db, monkeypatch):
    _morning(ctx, clock)
    set_language("en")
    monkeypatch.setattr(replay_cache, "SNAPSHOT_LINES", 3)  # steps back across snapshots too
    session = ReplaySession(ctx, clock.now())
    assert len(session.store.cache.index) >= 3
    end = session.line
    loads = []
    original = LogPane.load
    monkeypatch.setattr(LogPane, "load", lambda pane: loads.append(session.line) or original(pane))
    app = ReplayApp(session, tick_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        async def full_reload_at(line: int) -> dict[str, list[str]]:
            session.goto_line(line)
            app._moved()  # noqa: SLF001 - the whole dashboard again, as a jump by time does
            await pilot.pause()
            return _seen(app)

        reloaded = {line: await full_reload_at(line) for line in range(end, -1, -1)}
        await full_reload_at(end)
        assert "早班 人民路积水消退" in str(reloaded[end]["log-pane"])
        assert "夜班 雨量站报 12mm" in str(reloaded[3]["log-pane"])
        assert "早班接班" not in str(reloaded[3]["log-pane"])
        assert reloaded[end]["chart"] != reloaded[0]["chart"] and "沙河水库" in str(reloaded[end])

        del loads[:]
        stepped_back = {}
        for _ in range(end):
            await pilot.press("left_square_bracket")
            await pilot.pause()
            stepped_back[session.line] = _seen(app)
        assert session.line == 0
        stepped_forward = {}
        for _ in range(end):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            stepped_forward[session.line] = _seen(app)
        assert session.line == end

    for line in range(end):
        assert stepped_back[line] == reloaded[line], line
    for line in range(1, end + 1):
        assert stepped_forward[line] == reloaded[line], line
    # the log pane read its shift again only where the shift changed, once each way
    assert len(loads) == 2, loads
