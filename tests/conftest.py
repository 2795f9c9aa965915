"""Shared fixtures: a temp data directory, a pinned clock and zone, the real CLI."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from dutyroom.config import load_settings
from dutyroom.i18n import set_language
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.store import Store

ROOT = Path(__file__).resolve().parents[1]
TZ = "Asia/Shanghai"
START = "2026-07-29T01:00:00+00:00"  # 09:00 in the duty room


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test runs in the duty room's zone, in Chinese, with no stray settings, and with a
    home of its own: a command that forgets ``--db`` lands in the test's default database,
    never in the real one of whoever runs the suite."""
    home = tmp_path_factory.getbasetemp() / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("DUTYROOM_TZ", TZ)
    monkeypatch.setenv("TZ", TZ)
    monkeypatch.setenv("DUTYROOM_LANG", "zh")
    for var in ("DUTYROOM_DB", "DUTYROOM_CONFIG", "DUTYROOM_OPERATOR", "SSH_CONNECTION"):
        monkeypatch.delenv(var, raising=False)
    set_language("zh")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "db"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def store(db: Path, clock: FixedClock) -> Store:
    s = Store(db, now=clock.now, operator="张伟", station="local")
    s.open()
    return s


@pytest.fixture
def ctx(store: Store, clock: FixedClock, db: Path) -> Context:
    return Context(store=store, clock=clock, settings=load_settings(db / "config.toml"),
                   operator="张伟", station="local")


def cli_env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUTYROOM_")}
    env.update({"DUTYROOM_DB": str(db), "DUTYROOM_TZ": TZ, "DUTYROOM_LANG": "zh",
                "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def run_cli(db: Path, *args: str, input: str | None = None, timeout: float = 60,
            **env: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, as scripts and cron jobs run it."""
    return subprocess.run([sys.executable, "-m", "dutyroom", *args], capture_output=True,
                          text=True, env=cli_env(db, **env), input=input, timeout=timeout,
                          cwd=ROOT)


@pytest.fixture
def cli(db: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    return lambda *args, **kw: run_cli(db, *args, **kw)


async def wait_for(predicate: Callable[[], bool], timeout: float = 5.0, pilot=None) -> None:
    """Poll until ``predicate`` holds; the dashboard ticks, so ``pilot.pause()`` alone may not settle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if pilot is not None:
            await pilot.pause(0.05)
        else:
            await asyncio.sleep(0.05)
    assert predicate(), "condition not reached in time"


def sign_as(service, name: str, handover, role: str, **kw):
    """Sign as ``name`` in their own session: each signs as themselves (issue #13)."""
    service.ctx.set_identity(name)
    return service.sign(handover, role, **kw)


def override_as(service, leader: str, handover, reason: str):
    """The leader on duty's override of the first-hour rule, in the leader's own session."""
    service.ctx.set_identity(leader)
    return service.override(handover, None, reason)
