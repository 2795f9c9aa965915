"""Lower layers never pull in Textual: model, store and services run headless."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CHECK = """
import importlib, pkgutil, sys
import dutyroom.model, dutyroom.store, dutyroom.services, dutyroom.cli
for pkg in (dutyroom.model, dutyroom.store, dutyroom.services):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("LOADED" if bad else "CLEAN")
"""


def test_model_store_services_do_not_import_textual():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "CLEAN"


def test_model_imports_nothing_from_higher_layers():
    for path in (ROOT / "dutyroom" / "model").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for layer in ("dutyroom.store", "dutyroom.services", "dutyroom.app", "dutyroom.screens",
                      "dutyroom.widgets", "dutyroom.cli", "dutyroom.i18n"):
            assert layer not in text, f"{path.name} imports {layer}"
    for path in (ROOT / "dutyroom" / "store").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for layer in ("dutyroom.services", "dutyroom.app", "dutyroom.screens", "dutyroom.widgets"):
            assert layer not in text, f"{path.name} imports {layer}"
