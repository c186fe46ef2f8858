"""Every third-party package our code imports is declared in pyproject.toml (CI installs from it alone).

The runtime packages (idcore, mockidp, mockscim, harness) may import only what ``[project] dependencies``
declares: a package that is merely present in the venv (pulled in by another one, or by the test extra) would
fail on a fresh install, as gunicorn once did for ``serve --workers`` in the Docker image.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("idcore", "mockidp", "mockscim", "harness")
#: Not runtime dependencies: the PostgreSQL driver (the `pg` extra, loaded by SQLAlchemy for a postgresql URL) and
#: pytest, which loads harness/pytest_plugin.py itself.
OPTIONAL = {"psycopg", "pytest"}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def declared_runtime() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["dependencies"]}


def third_party_modules(package: str) -> dict[str, str]:
    """Return each third-party top-level module ``package`` imports, with one file that imports it."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in OURS and top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("package", OURS)
def test_every_third_party_import_is_a_declared_runtime_dependency(package):
    distributions = packages_distributions()
    declared = declared_runtime()
    missing = {
        module: where
        for module, where in third_party_modules(package).items()
        if module not in OPTIONAL
        and not {d.lower().replace("_", "-") for d in distributions.get(module, [module])} & declared
    }
    assert missing == {}


def test_the_gunicorn_that_serve_workers_needs_is_a_runtime_dependency():
    assert "gunicorn" in declared_runtime()
