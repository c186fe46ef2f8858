"""The import rule of design.md: the three parts meet only over HTTP.

idcore imports none of ours; mockidp and mockscim import only idcore; the harness imports idcore and reaches the
mocks over HTTP — except ``harness/world.py``, the in-process composition root that builds them for ``demo``,
``up``, ``serve`` and tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"idcore", "mockidp", "mockscim", "harness"}
ALLOWED = {
    "idcore": {"idcore"},
    "mockidp": {"idcore", "mockidp"},
    "mockscim": {"idcore", "mockscim"},
    "harness": {"idcore", "harness"},
}
COMPOSITION_ROOTS = {Path("harness/world.py")}


def imported_packages(path: Path) -> set[str]:
    """Return the top-level packages of ours that ``path`` imports (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


def modules(package: str) -> list[Path]:
    return sorted(p.relative_to(ROOT) for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_design_allows(package):
    offenders = {
        str(path): sorted(imported_packages(ROOT / path) - ALLOWED[package])
        for path in modules(package)
        if path not in COMPOSITION_ROOTS and imported_packages(ROOT / path) - ALLOWED[package]
    }
    assert offenders == {}


def test_composition_root_imports_the_mocks_only_inside_functions():
    tree = ast.parse((ROOT / "harness/world.py").read_text(encoding="utf-8"))
    top_level = {n.module for n in tree.body if isinstance(n, ast.ImportFrom) and n.module}
    assert not top_level & {"mockidp", "mockscim"}, "world.py must import the mocks lazily, inside functions"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_checker_sees_every_module(package):
    assert modules(package), f"{package} has no modules"


def test_checker_catches_a_forbidden_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("import os\nfrom mockscim.backend import x\n\ndef f():\n    import mockidp\n")
    assert imported_packages(module) == {"mockscim", "mockidp"}


#: The job language is data: its modules reach none of the engine, the outputs or the faces (design.md layout).
JOB_LANGUAGE_MAY_NOT_IMPORT = (
    "harness.pipeline",
    "harness.clients",
    "harness.cli",
    "harness.result",
    "harness.render",
    "harness.logs",
    "harness.pytest_plugin",
    "harness.world",
)


def imported_modules(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Return the dotted names ``path`` imports: ``from a.b import c`` gives ``a.b.c`` if that is a module, else ``a.b``.

    ``top_level_only`` keeps the module-level imports (``if TYPE_CHECKING:`` blocks included: mypy follows them, and
    a type-only circle is still a circle); imports inside functions run later and are left out.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    nodes = _top_level_imports(tree.body) if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = _absolute(path, node.module, node.level)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate) else base)
    return found


def _top_level_imports(body: list[ast.stmt]) -> list[ast.stmt]:
    found: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            found += _top_level_imports(node.body) + _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            found += _top_level_imports(node.body)
    return found


def _absolute(path: Path, module: str, level: int) -> str:
    if level == 0:
        return module
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    return ".".join(package[: len(package) - level + 1] + [module])


def module_name(path: Path) -> str:
    """Return the dotted name of a module file relative to the project root."""
    parts = list(path.with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def test_the_job_language_imports_no_engine_output_or_face():
    offenders = {
        str(path): sorted(
            m for m in imported_modules(ROOT / path) if m.startswith(JOB_LANGUAGE_MAY_NOT_IMPORT)
        )
        for path in modules("harness/jobs")
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return each circle of module-level imports in ``graph`` (module → modules it imports), as a list of names."""
    cycles: list[list[str]] = []
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def import_graph(package: str, *, top_level_only: bool) -> dict[str, set[str]]:
    """Return the import graph of the modules under ``package`` (a path), restricted to those modules."""
    prefix = package.replace("/", ".")
    graph: dict[str, set[str]] = {}
    for path in modules(package):
        imported = imported_modules(ROOT / path, top_level_only=top_level_only)
        graph[module_name(path)] = {m for m in imported if m.startswith(prefix) and _is_module(m)}
    return graph


def test_harness_has_no_import_cycles():
    assert import_cycles(import_graph("harness", top_level_only=True)) == []


@pytest.mark.parametrize("package", ["harness/clients", "harness/pipeline"])
def test_the_engine_has_no_import_cycles_even_inside_functions(package):
    assert import_cycles(import_graph(package, top_level_only=False)) == []


def test_cycle_finder_sees_a_circle_and_a_self_loop():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}}) == [
        ["a", "b", "c", "a"],
        ["d", "d"],
    ]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_top_level_imports_keep_type_checking_and_skip_functions(tmp_path):
    module = tmp_path / "mod.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nimport json\nif TYPE_CHECKING:\n    import csv\n\ndef f():\n    import os\n"
    )
    assert imported_modules(module, top_level_only=True) == {"typing", "json", "csv"}
    assert imported_modules(module) == {"typing", "json", "csv", "os"}
