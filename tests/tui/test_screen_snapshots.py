"""A snapshot of every screen an officer reads, at 80x24 and 120x40, in Chinese and English:
the dashboard, report detail, ticket detail, escalation, handover and help (the demo day,
a pinned clock). Look at each changed SVG before ``--snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dutyroom.config import load_settings
from dutyroom.i18n import set_language
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.services.demo import fill_demo
from dutyroom.services.escalation import EscalationService
from dutyroom.store import Store
from tests.tui.test_dashboard_snapshots import START, app_on, keys_then_settle

SIZES = [(80, 24), (120, 40)]
SCREENS = {
    "dashboard": [],
    "report_detail": ["3", "enter"],
    "ticket_detail": ["4", "enter"],
    "escalation": ["2", "enter"],
    "help": ["question_mark"],
    "handover": ["h"],
}


@pytest.fixture(scope="module")
def pristine_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ["DUTYROOM_TZ"] = "Asia/Shanghai"  # module fixtures run before the autouse one
    db = tmp_path_factory.mktemp("screens") / "db"
    clock = FixedClock(START)
    store = Store(db, now=clock.now, operator="张伟")
    store.open()
    ctx = Context(store=store, clock=clock, settings=load_settings(db / "config.toml"), operator="张伟")
    set_language("zh")
    fill_demo(ctx)
    EscalationService(ctx).evaluate_now()  # nothing left for the app's engine to raise: no banner
    return db


@pytest.fixture
def screens_db(pristine_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo day per test: what one screen writes (opening the handover, the
    engine) never shows in another's snapshot, and any one test runs alone the same."""
    import shutil

    return Path(shutil.copytree(pristine_db, tmp_path / "db"))


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_screen(snap_compare, screens_db, size, lang, screen):
    assert snap_compare(app_on(screens_db, lang), terminal_size=size,
                        run_before=keys_then_settle(*SCREENS[screen], "_"))
