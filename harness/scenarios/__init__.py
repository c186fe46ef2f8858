"""The scenario catalog as executable data: read it, play it against mockscim or a vendor's endpoint, report.

``fixtures/scenarios/catalog.yaml`` holds every on-demand scenario of scenarios.md (docs/scenarios.md describes the
format); ``scimulator scenarios list | run | diff`` (harness/cli/scenarios.py) is the command.
"""

from __future__ import annotations

from harness.scenarios.catalog import CATALOG, CatalogError, Scenario, load_catalog, pick
from harness.scenarios.runner import RunOutcome, ScenarioOutcome, run_scenario, run_scenarios
from harness.scenarios.stage import TargetSpec

__all__ = [
    "CATALOG",
    "CatalogError",
    "RunOutcome",
    "Scenario",
    "ScenarioOutcome",
    "TargetSpec",
    "load_catalog",
    "pick",
    "run_scenario",
    "run_scenarios",
]
