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
