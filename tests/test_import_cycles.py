"""No import cycle below the UI: model, store and services form a graph that points down.

Every ``import`` counts, the ones inside functions too (a lazy import still ties two modules
together: escalation and key points each imported the other that way)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

PACKAGE = ROOT / "dutyroom"
LAYERS = ("model", "store", "services")


def _graph() -> dict[str, set[str]]:
    modules = {}
    for layer in LAYERS:
        for path in (PACKAGE / layer).rglob("*.py"):
            name = ".".join(("dutyroom", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
            modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dutyroom"):
                deps.update(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                            for a in node.names)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("dutyroom"))
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle, as the path that closes it, or [] when the graph has none."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_the_escalation_engine_is_split_below_500_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in (PACKAGE / "services").glob("escalation*.py")}
    assert len(sizes) >= 4 and max(sizes.values()) < 500, sizes


def test_no_module_over_500_lines():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 500} == {}
