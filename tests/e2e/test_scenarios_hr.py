"""Scenarios 25-27 of scenarios.md: Workday and SuccessFactors as the source, in process and over sockets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from harness.world import World
from idcore.db import get_db
from mockidp.hr.seed import examples
from mockidp.tenants import find_tenant


@pytest.fixture
def world(make_world) -> World:
    return make_world(users=8)[0]


def seeded(world: World) -> dict[str, str]:
    with get_db(world.idp).session() as session:
        return examples(session, find_tenant(session, World.TENANT).id)


def employee_id(world: World) -> str:
    users = world.graph("GET", "/users", params={"$select": "employeeId,accountEnabled"}).json()["value"]
    return next(u["employeeId"] for u in users if u.get("employeeId") and u.get("accountEnabled"))


def hr_job(world: World, kind: str):
    return world.default_job(source={"type": kind})


def test_25_a_worker_by_worker_id_and_by_wid_is_the_same_worker(world):
    job = hr_job(world, "workday")
    by_id = world.provision(job, worker_id=employee_id(world))
    wid = by_id.step("import").details["WID"]
    by_wid = world.provision(job, worker_id=wid)
    assert by_id.action == "Create" and by_wid.result == "Skipped"
    assert by_wid.step("import").details["WorkerID"] == by_id.step("import").details["WorkerID"]


def test_25_worker_id_is_matched_on_employee_number(world):
    result = world.provision(hr_job(world, "workday"), worker_id=employee_id(world))
    [query] = list(result.step("match").details)
    assert query.startswith("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq")


def test_26_a_future_hire_is_inactive_until_the_hire_date(world):
    job, worker = hr_job(world, "workday"), seeded(world)["future_hire"]
    before = world.provision(job, worker_id=worker)
    assert before.result == "Skipped" and before.step("scope").details["Active in source system"] is False
    world.clock.advance(timedelta(days=15).total_seconds())
    assert world.provision(job, worker_id=worker).action == "Create"


def test_27_a_successfactors_pre_hire_is_read_as_of_its_start_date(world):
    result = world.provision(hr_job(world, "successfactors"), person_id_external=seeded(world)["future_hire"])
    reads = [r.url for r in result.requests if "/odata/v2/PerPerson" in r.url]
    assert len(reads) == 2 and "asOfDate=" in reads[1]
    assert result.step("import").details["startDate"] > world.clock.now().date().isoformat()
    assert result.action == "Create"
