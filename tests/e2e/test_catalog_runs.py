"""Every catalog scenario (fixtures/scenarios/catalog.yaml) played by the runner, in process and over real sockets.

The catalog is the single source of each scenario's expectations; the tests here only play it. Assertions the
catalog's vocabulary cannot express stay in the test modules the entries name under ``tests``.
"""

from __future__ import annotations

import pytest

from harness.scenarios import TargetSpec, load_catalog, run_scenario
from harness.scenarios.report import to_terminal

CATALOG = load_catalog()


@pytest.fixture(params=["wsgi", pytest.param("live", marks=pytest.mark.live)])
def spec(request: pytest.FixtureRequest) -> TargetSpec:
    """mockscim (entra-compatible) in process, or with both apps on real sockets."""
    return TargetSpec(live=request.param == "live")


@pytest.mark.parametrize("scenario", CATALOG, ids=lambda s: s.label.lstrip("#").replace(" ", "-"))
def test_the_scenario_gives_what_the_catalog_expects(scenario, spec):
    outcome = run_scenario(scenario, spec)
    assert outcome.status == "passed", to_terminal([outcome], spec.label)
