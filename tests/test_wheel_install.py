"""The wheel installs into a fresh virtual environment and the app starts from it, styles found."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

HEADLESS_START = r"""
import asyncio, sys, tempfile
from pathlib import Path
import dutyroom, dutyroom.resources as res
from dutyroom.app import make_app
from dutyroom.config import load_settings
from dutyroom.services.clock import SystemClock
from dutyroom.services.context import Context
from dutyroom.store import Store

sheets = res.stylesheets()
assert sheets, "no stylesheets shipped"
assert all("site-packages" in str(p) for p in sheets), sheets

async def main():
    db = Path(tempfile.mkdtemp()) / "db"
    clock = SystemClock()
    store = Store(db, now=clock.now, operator="wheel")
    store.open()
    ctx = Context(store=store, clock=clock, settings=load_settings(None), operator="wheel")
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        loaded = [str(path) for path, _ in app.stylesheet.source]
        assert any(str(sheets[0]) == p for p in loaded), loaded
    print("STARTED", dutyroom.__file__)

asyncio.run(main())
"""


def test_wheel_installs_and_starts(tmp_path: Path):
    out = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next(out.glob("dutyroom-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)],
                         capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    version = subprocess.run([str(venv / "bin" / "dutyroom"), "--version"], capture_output=True,
                             text=True, env=env, cwd=tmp_path, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("dutyroom "), version.stderr
    start = subprocess.run([str(venv / "bin" / "python"), "-c", HEADLESS_START], capture_output=True,
                           text=True, env=env, cwd=tmp_path, timeout=120)
    assert start.returncode == 0, start.stdout + start.stderr[-3000:]
    assert "STARTED" in start.stdout and str(venv) in start.stdout
