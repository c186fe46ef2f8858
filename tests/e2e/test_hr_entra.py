"""HR into Entra ID over both transports (in process and, the live half, real sockets): create and terminate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from harness.world import World
from idcore.db import get_db
from mockidp.hr.models import Worker
from mockidp.hr.records import add_worker, update_worker
from mockidp.tenants import find_tenant


@pytest.fixture
def world(make_world) -> World:
    return make_world(users=8)[0]


def _workers(world: World, change) -> None:
    with get_db(world.idp).session() as session:
        change(session, find_tenant(session, World.TENANT).id)
        session.commit()


def _user(world: World, employee_id: str) -> dict:
    params = {"$filter": f"employeeId eq '{employee_id}'", "$select": "userPrincipalName,accountEnabled"}
    [user] = world.graph("GET", "/users", params=params).json()["value"]
    return user


def test_a_workday_hire_becomes_an_entra_user_then_its_termination_disables_it(world):
    today = world.clock.now().date()
    _workers(
        world,
        lambda session, tenant: add_worker(
            session, tenant, worker_id="910001", hire_date=today - timedelta(days=1), last_updated=world.clock.now(),
            user_id="ines.inbound", first_name="Inès", last_name="Inbound",
        ),
    )  # fmt: skip
    job = world.hr_entra_job("workday")
    created = world.provision(job, worker_id="910001")
    assert created.action == "Create" and created.step("action").description
    user = _user(world, "910001")
    assert (user["userPrincipalName"], user["accountEnabled"]) == (
        "ines.inbound@contoso.onmicrosoft.com",
        True,
    )

    def terminate(session, tenant):
        worker = session.exec(
            select(Worker).where(Worker.tenant_id == tenant, Worker.worker_id == "910001")
        ).one()
        update_worker(session, worker, world.clock.now(), termination_date=today)

    _workers(world, terminate)
    world.clock.advance(timedelta(days=2).total_seconds())
    assert world.provision(job, worker_id="910001").action == "Update"
    assert _user(world, "910001")["accountEnabled"] is False
