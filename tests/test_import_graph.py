"""The import graph of the package: no cycles, and no widget imports a screen.

Every ``import`` in every module counts, including those inside functions (a
deferred import hides a cycle, it does not remove it); only imports under
``if TYPE_CHECKING:`` are left out (they never run). Widgets post messages and
screens or the app push screens, so ``dutyroom.widgets`` never imports
``dutyroom.screens`` (or the app).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "dutyroom"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except what sits under ``if TYPE_CHECKING:``."""
    out: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        out.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return out


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The dutyroom modules ``name`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    return sorted(out)


def describe(component: list[str], edges: dict[str, set[str]]) -> str:
    """One cycle through the component, as ``a -> b -> a``, and its size."""
    members = set(component)
    path = [component[0]]
    seen = {component[0]}
    while True:
        step = sorted(m for m in edges[path[-1]] if m in members)
        back = [m for m in step if m == path[0]]
        if back and len(path) > 1:
            path.append(path[0])
            break
        fresh = [m for m in step if m not in seen]
        if not fresh:
            path.append(step[0])
            break
        path.append(fresh[0])
        seen.add(fresh[0])
    return f"{' -> '.join(path)}  ({len(component)} modules: {', '.join(component)})"


def test_the_graph_sees_function_level_and_relative_imports():
    edges = graph()
    assert "dutyroom.screens.help" in edges["dutyroom.app"]  # imported inside action_help
    assert "dutyroom.cli.common" in edges["dutyroom.cli"]  # imported inside main()
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    edges = graph()
    found = [describe(c, edges) for c in cycles(edges)]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_no_widget_imports_a_screen_or_the_app():
    edges = graph()
    bad = sorted(f"{name} imports {target}" for name, targets in edges.items()
                 if name.startswith("dutyroom.widgets.") for target in targets
                 if target.startswith(("dutyroom.screens", "dutyroom.app")))
    assert not bad, "widgets post messages; screens and the app push screens:\n" + "\n".join(bad)
