"""HR sources on demand beyond the scenarios (25-27 are catalog scenarios, played by tests/e2e/test_catalog_runs.py)."""

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


@pytest.mark.parametrize(
    ("kind", "request_key", "tip"),
    [("workday", "worker_id", "WID"), ("successfactors", "person_id_external", "personIdExternal")],
)
def test_an_unknown_worker_fails_import_with_the_sources_tips(world, kind, request_key, tip):
    result = world.provision(hr_job(world, kind), **{request_key: "no-such-worker"})
    error = result.step("import").error
    assert result.result == "Failure" and error.code == "EntryNotFound"
    assert tip in error.tips[0] and "Microsoft Entra ID" not in " ".join(error.tips)


def test_group_on_demand_is_refused_for_hr_sources(world):
    from harness.pipeline import OnDemandRefused

    with pytest.raises(OnDemandRefused, match="not supported"):
        world.provision(hr_job(world, "workday"), group="Sales")
