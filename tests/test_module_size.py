"""No module over 500 lines (house style); import cycles are tests/test_import_graph.py's."""

from __future__ import annotations

from tests.conftest import ROOT

PACKAGE = ROOT / "dutyroom"


def test_the_escalation_engine_is_split_below_500_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in (PACKAGE / "services").glob("escalation*.py")}
    assert len(sizes) >= 4 and max(sizes.values()) < 500, sizes


def test_no_module_over_500_lines():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 500} == {}
