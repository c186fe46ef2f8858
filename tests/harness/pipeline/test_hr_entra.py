"""HR into Entra ID (Workday / SuccessFactors to Microsoft Entra user provisioning), on demand, in process."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from harness.world import World, build_world
from idcore.db import get_db
from mockidp.hr.models import Worker
from mockidp.hr.records import add_person, add_worker, update_worker
from mockidp.hr.seed import examples
from mockidp.tenants import find_tenant

KEYS = {"workday": "worker_id", "successfactors": "person_id_external"}


@pytest.fixture
def world(database_url):
    built = build_world(seed=11, users=8, idp_database_url=database_url)
    yield built
    built.close()


def _hr(world: World, change: Any) -> Any:
    with get_db(world.idp).session() as session:
        found = change(session, find_tenant(session, World.TENANT).id)
        session.commit()
    return found


def _entra_user(world: World, employee_id: str) -> dict[str, Any] | None:
    params = {
        "$filter": f"employeeId eq '{employee_id}'",
        "$select": "id,userPrincipalName,accountEnabled,jobTitle",
    }
    found = world.graph("GET", "/users", params=params).json()["value"]
    return found[0] if found else None


def _matched_worker(world: World) -> str:
    users = world.graph("GET", "/users", params={"$select": "employeeId,accountEnabled"}).json()["value"]
    return next(u["employeeId"] for u in users if u.get("employeeId") and u.get("accountEnabled"))


def _new_hire(world: World, kind: str, worker_id: str = "900001", **fields: Any) -> str:
    today = world.clock.now().date()
    values = {"first_name": "Nora", "last_name": "Newhire", **fields}

    def add(session, tenant):
        if kind == "workday":
            add_worker(
                session, tenant, worker_id=worker_id, hire_date=today - timedelta(days=3),
                last_updated=world.clock.now(), user_id="nora.newhire", business_title="Analyst", **values,
            )  # fmt: skip
        else:
            add_person(
                session, tenant, person_id_external=worker_id, start_date=today - timedelta(days=3),
                last_modified=world.clock.now(), user_id="nora.newhire", job_title="Analyst",
                display_name="Nora Newhire", **values,
            )  # fmt: skip
        return worker_id

    return _hr(world, add)


@pytest.mark.parametrize("kind", ["workday", "successfactors"])
def test_a_worker_is_matched_on_employee_id(world, kind):
    ident = _matched_worker(world)
    result = world.provision(world.hr_entra_job(kind), **{KEYS[kind]: ident})
    queries = [r.url for r in result.requests if "/v1.0/users?" in r.url]
    assert any("employeeId+eq+%27" + ident + "%27" in query for query in queries)
    assert result.step("match").status == "Success" and result.action in ("Update", "Skip")


@pytest.mark.parametrize("kind", ["workday", "successfactors"])
def test_a_new_worker_is_created_with_a_generated_upn_in_the_default_domain(world, kind):
    ident = _new_hire(world, kind)
    result = world.provision(world.hr_entra_job(kind), **{KEYS[kind]: ident})
    assert result.action == "Create", result.to_dict()
    [post] = [r for r in result.requests if r.method == "POST" and r.url.endswith("/v1.0/users")]
    assert post.body["userPrincipalName"] == "nora.newhire@contoso.onmicrosoft.com"
    assert post.body["mailNickname"] == "nora.newhire" and post.body["employeeId"] == ident
    assert post.body["accountEnabled"] is True
    created = _entra_user(world, ident)
    assert created is not None and created["userPrincipalName"] == "nora.newhire@contoso.onmicrosoft.com"


def test_a_changed_title_in_workday_is_patched_on_the_matched_user(world):
    ident = _matched_worker(world)

    def retitle(session, tenant):
        worker = session.exec(
            select(Worker).where(Worker.tenant_id == tenant, Worker.worker_id == ident)
        ).first()
        update_worker(session, worker, world.clock.now(), business_title="Chief Cartographer")

    _hr(world, retitle)
    result = world.provision(world.hr_entra_job("workday"), worker_id=ident)
    [patch] = [r for r in result.requests if r.method == "PATCH"]
    assert result.action == "Update" and patch.body == {"jobTitle": "Chief Cartographer"}
    assert _entra_user(world, ident)["jobTitle"] == "Chief Cartographer"  # type: ignore[index]


def test_a_terminated_worker_is_disabled_not_deleted(world):
    ident = _matched_worker(world)

    def terminate(session, tenant):
        worker = session.exec(
            select(Worker).where(Worker.tenant_id == tenant, Worker.worker_id == ident)
        ).first()
        update_worker(
            session, worker, world.clock.now(), termination_date=world.clock.now().date() - timedelta(days=1)
        )

    _hr(world, terminate)
    result = world.provision(world.hr_entra_job("workday"), worker_id=ident)
    assert result.step("import").details["Active"] == "0"
    assert {"accountEnabled": False} in [r.body for r in result.requests if r.method == "PATCH"]
    assert not any(r.method == "DELETE" for r in result.requests)
    assert _entra_user(world, ident)["accountEnabled"] is False  # type: ignore[index]


def test_a_workday_future_hire_is_created_disabled_and_enabled_on_its_hire_date(world):
    with get_db(world.idp).session() as session:
        ident = examples(session, find_tenant(session, World.TENANT).id)["future_hire"]
    job = world.hr_entra_job("workday")
    before = world.provision(job, worker_id=ident)
    [post] = [r for r in before.requests if r.method == "POST" and r.url.endswith("/v1.0/users")]
    assert before.action == "Create" and post.body["accountEnabled"] is False
    world.clock.advance(timedelta(days=15).total_seconds())
    after = world.provision(job, worker_id=ident)
    assert after.action == "Update" and {"accountEnabled": True} in [
        r.body for r in after.requests if r.method == "PATCH"
    ]


def test_a_successfactors_pre_hire_is_created_enabled_as_of_its_start_date(world):
    start = world.clock.now().date() + timedelta(days=10)
    ident = _hr(
        world,
        lambda session, tenant: add_person(
            session, tenant, person_id_external="900002", start_date=start, last_modified=world.clock.now(),
            user_id="pat.prehire", first_name="Pat", last_name="Prehire",
        ).person_id_external,
    )  # fmt: skip
    result = world.provision(world.hr_entra_job("successfactors"), person_id_external=ident)
    reads = [r.url for r in result.requests if "PerPerson" in r.url]
    assert len(reads) == 2 and f"asOfDate={start.isoformat()}" in reads[1]
    assert result.action == "Create" and result.step("import").details["startDate"] == start.isoformat()


def test_a_upn_outside_the_tenants_domains_fails_with_the_documented_code(world):
    ident = _new_hire(world, "workday")
    row = {
        "target": "userPrincipalName",
        "expression": 'Join("@", [UserID], "contoso.com")',
        "apply": "on_create",
    }
    job = world.hr_entra_job("workday", users={"mappings": {"extend": [row]}})
    result = world.provision(job, worker_id=ident)
    error = result.step("action").error
    assert result.result == "Failure" and error.code == "AzureActiveDirectoryInvalidUserPrincipalName"
    assert _entra_user(world, ident) is None


def test_a_property_mastered_by_an_external_service_fails_the_update(world):
    ident = _matched_worker(world)
    user = world.graph("GET", "/users", params={"$filter": f"employeeId eq '{ident}'"}).json()["value"][0]
    world.control(
        "idp", "POST", "/source-of-authority", json={"user": user["id"], "externalService": ["jobTitle"]}
    )

    def retitle(session, tenant):
        worker = session.exec(
            select(Worker).where(Worker.tenant_id == tenant, Worker.worker_id == ident)
        ).first()
        update_worker(session, worker, world.clock.now(), business_title="Harbour Master")

    _hr(world, retitle)
    result = world.provision(world.hr_entra_job("workday"), worker_id=ident)
    code = result.step("action").error.code
    assert (
        result.result == "Failure"
        and code == "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService"
    )


def test_hr_into_entra_takes_the_documented_defaults(world):
    sf = world.hr_entra_job("successfactors").users
    wd = world.hr_entra_job("workday").users
    assert [m.target for m in wd.matching] == [m.target for m in sf.matching] == ["employeeId"]
    assert next(m for m in sf.mappings if m.target == "accountEnabled").expression == (
        'Switch([activeEmploymentsCount], "True", "0", "False")'
    )
    assert next(m for m in wd.mappings if m.target == "accountEnabled").expression == (
        'Switch([Active], , "1", "True", "0", "False")'
    )
