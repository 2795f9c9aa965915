"""Fixtures for driving the real app with Pilot on a real store under tmp_path."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from dutyroom.app import DutyRoomApp, make_app
from dutyroom.services.context import Context
from dutyroom.services.duty_log import DutyLog


@pytest.fixture
def app_for(ctx: Context) -> Callable[..., DutyRoomApp]:
    """``app_for(**kw)``: the dashboard on ``ctx`` (drafts not offered unless asked)."""

    def build(**kwargs: Any) -> DutyRoomApp:
        kwargs.setdefault("offer_drafts", False)
        return make_app(ctx, **kwargs)

    return build


@pytest.fixture
def seeded(ctx: Context) -> Context:
    """Five log entries in the current shift (09:00 is after the 08:00 changeover)."""
    log = DutyLog(ctx)
    for i in range(1, 6):
        log.add(f"沙河水库 巡查 第{i}次", kind="patrol", at=f"08:{10 * i:02d}")
    return ctx


def log_keys(app: DutyRoomApp) -> list[str]:
    from dutyroom.widgets.log_pane import LogPane

    return list(app.screen.query_one(LogPane)._keys)


def notices(app: DutyRoomApp) -> list[str]:
    return [str(n.message) for n in app._notifications]
