"""The scenario catalog (fixtures/scenarios/catalog.yaml) covers every row of scenarios.md, once, as executable data.

Each entry has scenarios.md's words and steps with expectations (the loader refuses an entry that expects
nothing); tests/e2e/test_catalog_runs.py plays every entry. The tests an entry names prove what its vocabulary
cannot say, and must exist.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from harness.scenarios import load_catalog

ROOT = Path(__file__).parents[2]
CATALOG = load_catalog()
NUMBERED = [entry for entry in CATALOG if entry.number is not None]
SCENARIOS_MD = ROOT.parent / "shared" / "docs" / "scenarios.md"


def defined_tests(path: Path) -> set[str]:
    """Return the names of the test functions a test module defines at top level."""
    tree = ast.parse(path.read_text())
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_the_catalog_has_scenarios_1_to_30_once_each_in_order():
    assert [entry.number for entry in NUMBERED] == list(range(1, 31))


@pytest.mark.parametrize("entry", NUMBERED, ids=lambda e: f"scenario-{e.number}")
def test_each_scenario_row_keeps_its_words_and_expects_something(entry):
    assert all(str(getattr(entry, key)).strip() for key in ("title", "setup", "run", "expected"))
    assert any(step.get("expect") for step in entry.steps)


@pytest.mark.parametrize("entry", [e for e in CATALOG if e.tests], ids=lambda e: e.name)
def test_the_tests_an_entry_names_exist(entry):
    for node_id in entry.tests:
        path, _, name = node_id.partition("::")
        assert (ROOT / path).is_file(), node_id
        assert name.split("[")[0] in defined_tests(ROOT / path), node_id


@pytest.mark.skipif(not SCENARIOS_MD.exists(), reason="the shared scenarios.md is not beside the project")
def test_the_catalog_follows_scenarios_md():
    rows = re.findall(r"^\| (\d+) \|", SCENARIOS_MD.read_text(), flags=re.MULTILINE)
    assert [int(n) for n in rows] == [entry.number for entry in NUMBERED]
