"""HR sources on demand beyond the scenarios (25-27 live in tests/e2e/test_scenarios_hr.py)."""

from __future__ import annotations

import pytest

from harness.world import World, build_world


@pytest.fixture
def world(database_url):
    built = build_world(seed=11, users=8, idp_database_url=database_url)
    yield built
    built.close()


def hr_job(world: World, kind: str):
    return world.default_job(source={"type": kind})


def test_an_unknown_worker_fails_import(world):
    result = world.provision(hr_job(world, "workday"), worker_id="no-such-worker")
    assert result.result == "Failure" and result.step("import").error.code == "EntryNotFound"


def test_group_on_demand_is_refused_for_hr_sources(world):
    from harness.pipeline import OnDemandRefused

    with pytest.raises(OnDemandRefused, match="not supported"):
        world.provision(hr_job(world, "workday"), group="Sales")
