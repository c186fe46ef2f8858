"""The scenario catalog (fixtures/scenarios/catalog.yaml) covers scenarios 1-30 and names tests that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
CATALOG = yaml.safe_load((ROOT / "fixtures" / "scenarios" / "catalog.yaml").read_text())["scenarios"]
SCENARIOS_MD = ROOT.parent / "shared" / "docs" / "scenarios.md"


def defined_tests(path: Path) -> set[str]:
    """Return the names of the test functions a test module defines at top level."""
    tree = ast.parse(path.read_text())
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_the_catalog_has_scenarios_1_to_30_once_each_in_order():
    assert [entry["number"] for entry in CATALOG] == list(range(1, 31))


@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: f"scenario-{e['number']}")
def test_each_scenario_is_described_and_names_existing_tests(entry):
    assert all(str(entry[key]).strip() for key in ("title", "setup", "run", "expected"))
    assert entry["tests"], "names at least one test"
    for node_id in entry["tests"]:
        path, _, name = node_id.partition("::")
        assert (ROOT / path).is_file(), node_id
        assert name.split("[")[0] in defined_tests(ROOT / path), node_id


@pytest.mark.skipif(not SCENARIOS_MD.exists(), reason="the shared scenarios.md is not beside the project")
def test_the_catalog_follows_scenarios_md():
    rows = re.findall(r"^\| (\d+) \|", SCENARIOS_MD.read_text(), flags=re.MULTILINE)
    assert [int(n) for n in rows] == [entry["number"] for entry in CATALOG]
