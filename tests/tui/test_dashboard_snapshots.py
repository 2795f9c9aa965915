"""Snapshots of the dashboard with the demo day and a pinned clock, at 80x24 and 120x40, zh and en.

Update only after looking at the report (``pytest --snapshot-update``, then view the SVGs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dutyroom.config import load_settings
from dutyroom.i18n import set_language
from dutyroom.app import make_app
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.services.demo import fill_demo
from dutyroom.store import Store

SIZES = [(80, 24), (120, 40)]
START = "2026-07-29T07:00:00+00:00"  # 15:00 in the duty room: the day shift well under way


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ["DUTYROOM_TZ"] = "Asia/Shanghai"  # module fixtures run before the autouse one
    db = tmp_path_factory.mktemp("snap") / "db"
    clock = FixedClock(START)
    store = Store(db, now=clock.now, operator="张伟")
    store.open()
    ctx = Context(store=store, clock=clock, settings=load_settings(db / "config.toml"), operator="张伟")
    set_language("zh")
    fill_demo(ctx)
    # What the engine raises at START is raised here, in Chinese: left to the first app's first
    # tick, its log lines came in whichever language that app had (and the banner showed).
    from dutyroom.services.escalation import EscalationService

    EscalationService(ctx).evaluate_now()
    return db


def app_on(db: Path, lang: str):
    import shutil

    set_language(lang)
    shutil.rmtree(db / "drafts", ignore_errors=True)  # an earlier snapshot's input is not reopened
    clock = FixedClock(START)
    store = Store(db, now=clock.now, operator="张伟")
    store.open()
    ctx = Context(store=store, clock=clock, settings=load_settings(db / "config.toml"), operator="张伟")
    return make_app(ctx, offer_drafts=False)


def keys_then_settle(*keys: str):
    """A ``run_before``: press ``keys``, then wait until the footers and the narrow panes have
    fitted themselves to the size (they do so just after a refresh; a loaded machine may take
    a while, and the snapshot must not catch them half-way)."""

    async def run(pilot) -> None:
        from textual.widgets._footer import FooterKey

        from dutyroom.widgets.fit_footer import FitFooter
        from dutyroom.widgets.pane import TablePane

        if keys:
            await pilot.press(*keys)

        def done() -> bool:
            for screen in pilot.app.screen_stack:
                for footer in screen.query(FitFooter):
                    if not footer.settled or any(k.region.width == 0 for k in footer.query(FooterKey)):
                        return False
                if any(pane.fit_pending for pane in screen.query(TablePane)):
                    return False
            return True

        for _ in range(200):
            await pilot.pause()
            if done():
                break
            await pilot.pause(0.05)
        await pilot.pause()

    return run


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard(snap_compare, demo_db, lang, size):
    assert snap_compare(app_on(demo_db, lang), terminal_size=size, run_before=keys_then_settle())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_log_entry_form_at_80x24(snap_compare, demo_db, lang):
    assert snap_compare(app_on(demo_db, lang), terminal_size=(80, 24),
                        run_before=keys_then_settle("n", *"水位", "_"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_at_120x40(snap_compare, demo_db, lang):
    assert snap_compare(app_on(demo_db, lang), terminal_size=(120, 40),
                        run_before=keys_then_settle("question_mark", "_"))


def test_escalations_tab_at_80x24(snap_compare, demo_db):
    assert snap_compare(app_on(demo_db, "zh"), terminal_size=(80, 24),
                        run_before=keys_then_settle("tab", "_"))
