"""The Graph target outside cross-tenant synchronization: an HR source writing users into an Entra ID tenant."""

from __future__ import annotations

from dataclasses import replace

import pytest

from harness.world import World, add_target_tenant, build_world

MAPPINGS = [
    {"target": "employeeId", "source": "WorkerID", "match": 1},
    {"target": "userPrincipalName", "expression": 'Join("@", [WorkerID], "fabrikam.onmicrosoft.com")'},
    {"target": "mailNickname", "source": "WorkerID", "apply": "on_create"},
    {"target": "displayName", "source": "PreferredNameData"},
    {"target": "accountEnabled", "expression": 'Switch([Active], "False", "1", "True", "0", "False")'},
]


@pytest.fixture
def world(database_url):
    built = build_world(seed=11, users=8, idp_database_url=database_url)
    add_target_tenant(built, users=0)
    yield built
    built.close()


def hr_to_entra(world: World):
    from harness.jobs.model import Job

    data = world.cross_tenant_job_dict(source={"type": "workday"}, scope="all", users={"mappings": MAPPINGS})
    data["source"].pop("app")
    return Job.from_dict(data, origin="<test>")


def _worker(world: World) -> str:
    users = world.graph("GET", "/users", params={"$select": "employeeId,accountEnabled"}).json()["value"]
    return next(u["employeeId"] for u in users if u.get("employeeId") and u.get("accountEnabled"))


def test_a_worker_is_created_in_entra_matched_on_employee_id(world):
    worker = _worker(world)
    result = world.provision(hr_to_entra(world), worker_id=worker)
    assert (result.result, result.action) == ("Success", "Create")
    probe = result.requests[0]
    assert probe.method == "GET" and "employeeId+eq" in probe.url
    found = world.target_graph("GET", "/users", params={"$filter": f"employeeId eq '{worker}'"}).json()[
        "value"
    ]
    assert [u["userPrincipalName"] for u in found] == [f"{worker}@fabrikam.onmicrosoft.com"]


def test_the_second_run_matches_the_created_user_and_skips(world):
    worker = _worker(world)
    world.provision(hr_to_entra(world), worker_id=worker)
    result = world.provision(hr_to_entra(world), worker_id=worker)
    assert (result.result, result.action) == ("Skipped", "Skip")


def test_a_wrong_client_secret_fails_test_connection(world):
    job = hr_to_entra(world)
    job = job.with_changes(target=replace(job.target, client_secret="wrong"))
    result = world.provision(job, worker_id=_worker(world))
    assert result.steps[0].id == "test_connection" and result.steps[0].error.code == "Unauthorized"
