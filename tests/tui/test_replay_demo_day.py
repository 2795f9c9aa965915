"""Issue #16, done when: on the demo day, ``replay --at`` at four moments matches what the
dashboard showed then.

The demo day is written a moment at a time (``demo_writer``): at four moments the LIVE app is
opened on the day as it stood (fixed clock at that moment, its engine ticked, as an officer
would have it) and every pane is recorded; then the rest of the day is written. On the complete
journal the replay app at each moment must show the same boards, countdowns included, and
``dutyroom replay --at`` (the real CLI) the same reports, tickets and escalations.
"""

from __future__ import annotations

import json

from dutyroom.app import make_app
from dutyroom.replay_app import ReplayApp
from dutyroom.services.demo import demo_writer
from dutyroom.services.replay import ReplaySession
from dutyroom.widgets.escalation_pane import EscalationPane
from dutyroom.widgets.report_pane import ReportPane
from dutyroom.widgets.ticket_pane import TicketPane
from tests.conftest import run_cli
from tests.tui.replay_boards import after_first_look, board

PANES = {"reports": ReportPane, "tickets": TicketPane, "escalations": EscalationPane}


def _keys(app) -> dict[str, set[int]]:
    screen = app.screen_stack[0]
    return {name: {int(k) for k in screen.query_one(pane)._keys} for name, pane in PANES.items()}  # noqa: SLF001


async def _live(ctx) -> tuple[dict[str, list[str]], dict[str, set[int]]]:
    """The dashboard opened at the clock's moment, after its engine's first look."""
    app = make_app(ctx, offer_drafts=False, ask_identity=False, tick_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await after_first_look(app, pilot)
        return board(app), _keys(app)


async def test_replay_of_the_demo_day_shows_what_the_live_dashboard_showed(ctx, clock, db):
    writer = demo_writer(ctx)
    now = writer.day.now
    moments = [now.shift(hours=-6, minutes=-20),  # 02:40 in the night: open chains, escalations
               now.shift(minutes=-55),  # 08:05, just after the 07:57 handover
               now.shift(minutes=-12),  # 08:48, the red warning's call-out under way
               now]  # the demo's "now"
    recorded = []
    for moment in moments:
        writer.write_until(moment)
        clock.set(moment)
        recorded.append((moment, *await _live(ctx)))
    writer.write_until(now)

    boards = [str(b) for _, b, _ in recorded]
    assert len(set(boards)) == 4
    assert sum(bool(keys["escalations"]) for _, _, keys in recorded) >= 2  # countdowns to compare
    assert all(keys["reports"] for _, _, keys in recorded)
    assert any("叫应" in row for row in board_rows(recorded[2][1]))  # the call-out is on the board
    for moment, live, keys in recorded:
        app = ReplayApp(ReplaySession(ctx, moment), tick_interval=3600)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert board(app) == live, moment
            assert _keys(app) == keys, moment
        result = run_cli(db, "replay", "--at", ctx.local(moment).format("YYYY-MM-DD HH:mm"), "--json")
        assert result.returncode == 0, result.stderr
        shown = json.loads(result.stdout)
        assert {name: {row["id"] for row in shown[name]} for name in PANES} == keys, moment


def board_rows(shown: dict[str, list[str]]) -> list[str]:
    return [row for rows in shown.values() for row in rows]
