"""复盘 by keys (issue #16): ``R`` opens the replay at a moment, ``T`` writes the timeline.

Driven with Pilot at 80x24 in both languages on a scripted day (``tests/test_timeline_events``):
a bad time is said under its field and nothing happens; the replay's command line carries
this session's data, language and operator (the round trip through a real terminal is
``tests/e2e/test_replay_keys.py``: Pilot cannot hand its terminal over); the timeline file
the app writes is byte for byte the file ``dutyroom timeline`` writes for the same period,
in the live app and inside a replay.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from dutyroom.i18n import set_language, t
from dutyroom.replay_app import ReplayApp
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.replay_goto import ReplayGotoScreen
from dutyroom.screens.review_actions import replay_command
from dutyroom.screens.review_forms import ReplayForm, TimelineForm
from dutyroom.services.replay import ReplaySession
from tests.conftest import run_cli, wait_for
from tests.test_timeline_events import _day
from tests.tui.conftest import notices

FROM, TO = "2026-07-29 08:30", "2026-07-29 10:00"
NAME = "timeline-20260729-0830-20260729-1000"


def _error(app, name: str) -> str:
    return str(app.screen.query_one(f"#error-{name}", Static).render())


async def _type(pilot, app, name: str, text: str) -> None:
    field = app.screen.query_one(f"#field-{name}", Input)
    field.value = ""
    field.focus()
    await pilot.pause()
    await pilot.press(*text) if text else None


async def _fill_timeline(pilot, app, start: str, end: str, fmt: str, output: str = "") -> None:
    await _type(pilot, app, "from", start)
    await _type(pilot, app, "to", end)
    app.screen.query_one("#field-format", Select).value = fmt
    await _type(pilot, app, "output", output)
    await pilot.press("ctrl+s")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_replay_key_asks_the_moment_and_refuses_a_bad_one(ctx, clock, db, tmp_path, app_for, lang):
    _day(ctx, clock, tmp_path)
    set_language(lang)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("R")
        await wait_for(lambda: isinstance(app.screen, ReplayForm), pilot=pilot)
        await _type(pilot, app, "at", "昨天下午")
        await pilot.press("enter")
        await wait_for(lambda: _error(app, "at").startswith("✗"), pilot=pilot)
        assert isinstance(app.screen, ReplayForm)  # nothing happened
        assert "昨天下午" in _error(app, "at") and not any("Traceback" in n for n in notices(app))
        await _type(pilot, app, "at", "09:30")
        await pilot.press("enter")
        # a headless test has no terminal to hand over: said so, and the dashboard stays
        await wait_for(lambda: t("review.replay.no_terminal") in notices(app), pilot=pilot)
        assert isinstance(app.screen, DashboardScreen)
    moment = ctx.parse_time("09:30")
    assert replay_command(ctx, moment) == [sys.executable, "-m", "dutyroom", "--db", str(db), "--lang", lang,
                                           "--operator", "张伟", "--replay", "2026-07-29T01:30:00+00:00"]


@pytest.mark.parametrize("lang,fmt", [("zh", "csv"), ("en", "html"), ("zh", "pdf")])
async def test_timeline_key_writes_what_the_cli_writes(ctx, clock, db, store, tmp_path, app_for, lang, fmt):
    _day(ctx, clock, tmp_path)
    set_language(lang)
    written = db / "printouts" / f"{NAME}.{fmt}"
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        await wait_for(lambda: isinstance(app.screen, TimelineForm), pilot=pilot)
        await _fill_timeline(pilot, app, "昨天", TO, fmt)  # a time the parser does not know
        await wait_for(lambda: _error(app, "from").startswith("✗"), pilot=pilot)
        await _fill_timeline(pilot, app, TO, FROM, fmt)  # the end before the start
        await wait_for(lambda: _error(app, "to") == "✗ " + t("timeline.bad_period"), pilot=pilot)
        await _fill_timeline(pilot, app, FROM, TO, fmt, str(tmp_path / "no-such-folder" / "x.csv"))
        await wait_for(lambda: _error(app, "output").startswith("✗"), pilot=pilot)
        assert isinstance(app.screen, TimelineForm) and not written.exists()
        await _fill_timeline(pilot, app, FROM, TO, fmt)
        said = t("review.timeline.written", path=str(written))
        await wait_for(lambda: said in notices(app), timeout=30, pilot=pilot)
        assert isinstance(app.screen, DashboardScreen)
    store.close()
    cli_file = tmp_path / f"cli.{fmt}"
    result = run_cli(db, "timeline", "--from", FROM, "--to", TO, "--format", fmt, "-o", str(cli_file),
                     DUTYROOM_LANG=lang)
    assert result.returncode == 0, result.stderr
    assert written.read_bytes() == cli_file.read_bytes()


async def test_timeline_key_in_a_replay_and_a_relative_name(ctx, clock, db, store, tmp_path):
    """Inside ``dutyroom --replay`` the timeline is not a write (it only reads the record): ``T``
    writes it, "now" is the replayed moment, and a relative name goes into printouts/."""
    _day(ctx, clock, tmp_path)
    set_language("en")
    session = ReplaySession(ctx, ctx.parse_time(TO))
    written = db / "printouts" / "review.csv"
    app = ReplayApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("R")  # in a replay, R jumps to a time, as g does
        await wait_for(lambda: isinstance(app.screen, ReplayGotoScreen), pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: not isinstance(app.screen, ReplayGotoScreen), pilot=pilot)
        await pilot.press("T")
        await wait_for(lambda: isinstance(app.screen, TimelineForm), pilot=pilot)
        await _fill_timeline(pilot, app, FROM, "now", "csv", "review.csv")
        said = t("review.timeline.written", path=str(written))
        await wait_for(lambda: said in notices(app), timeout=30, pilot=pilot)
        assert not any(t("replay.refused") in n for n in notices(app))
    session.close()
    store.close()
    cli_file = tmp_path / "cli.csv"
    result = run_cli(db, "timeline", "--from", FROM, "--to", TO, "--format", "csv", "-o", str(cli_file),
                     DUTYROOM_LANG="en")
    assert result.returncode == 0, result.stderr
    assert written.read_bytes() == cli_file.read_bytes()
    assert Path(written).read_text(encoding="utf-8-sig").startswith("Record intact")
