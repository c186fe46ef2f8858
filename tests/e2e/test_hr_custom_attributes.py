"""A job's own HR attribute (a cost center), mapped to the target, arrives there; the read asks for what it needs."""

from __future__ import annotations

import pytest
from sqlmodel import select

from harness.world import World
from idcore.db import get_db
from mockidp.hr.models import Person, Worker
from mockidp.hr.records import update_person, update_worker
from mockidp.tenants import find_tenant

COST_CENTER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"
WORKDAY_COST_CENTER = (
    "wd:Worker/wd:Worker_Data/wd:Organization_Data/wd:Worker_Organization_Data/wd:Organization_Data"
    "[wd:Organization_Type_Reference/wd:ID[@wd:type='Organization_Type_ID']='COST_CENTER']/wd:Organization_Name/text()"
)
SF_COST_CODE = "$.employmentNav.results[0].jobInfoNav.results[0].costCenterNav.externalCode"


@pytest.fixture
def world(make_world) -> World:
    return make_world(users=8)[0]


def _give_cost_center(world: World, kind: str, name: str) -> str:
    """Put ``name`` as the cost center of the first worker / person and return its id."""
    with get_db(world.idp).session() as session:
        tenant = find_tenant(session, World.TENANT).id
        now = world.clock.now()
        if kind == "workday":
            worker = session.exec(
                select(Worker).where(Worker.tenant_id == tenant).order_by(Worker.id)
            ).first()
            assert worker is not None
            update_worker(session, worker, now, cost_center=name)
            found = worker.worker_id
        else:
            person = session.exec(
                select(Person).where(Person.tenant_id == tenant).order_by(Person.id)
            ).first()
            assert person is not None
            update_person(session, person, now, cost_center=name)
            found = person.person_id_external
        session.commit()
    return found


def _job(world: World, kind: str, name: str, expression: str):
    mapping = {"target": COST_CENTER, "source": name}
    return world.default_job(
        source={"type": kind, "attributes": {name: expression}}, users={"mappings": {"extend": [mapping]}}
    )


@pytest.mark.parametrize(
    ("kind", "name", "expression", "key", "arrives"),
    [
        ("workday", "CostCenter", WORKDAY_COST_CENTER, "worker_id", "4100 Field Sales"),
        ("successfactors", "costCode", SF_COST_CODE, "person_id_external", "4100_FIELD_SALES"),
    ],
)
def test_a_cost_center_added_in_the_job_arrives_at_the_target(world, kind, name, expression, key, arrives):
    ident = _give_cost_center(world, kind, "4100 Field Sales")
    result = world.provision(_job(world, kind, name, expression), **{key: ident})
    assert result.action == "Create", result.to_dict()
    [post] = [r for r in result.requests if r.method == "POST" and "/Users" in r.url]
    assert post.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["costCenter"] == arrives
    assert result.step("import").details[name] == arrives


def test_workday_asks_for_organizations_only_when_a_mapped_xpath_reads_them(world):
    ident = _give_cost_center(world, "workday", "4100 Field Sales")
    plain = world.default_job(
        source={"type": "workday"},
        users={
            "mappings": {"remove": ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"]}
        },
    )
    custom = _job(world, "workday", "CostCenter", WORKDAY_COST_CENTER)
    groups = []
    for job in (plain, custom):
        [read] = [r for r in world.provision(job, worker_id=ident).requests if "Human_Resources" in r.url]
        groups.append(read.body["Get_Workers_Request"]["Response_Group"])
    assert "Include_Organizations" not in groups[0] and "Include_Organizations" in groups[1]


def test_successfactors_expands_the_cost_center_only_when_mapped(world):
    ident = _give_cost_center(world, "successfactors", "4100 Field Sales")
    reads = [
        next(r.url for r in world.provision(job, person_id_external=ident).requests if "PerPerson" in r.url)
        for job in (
            world.default_job(source={"type": "successfactors"}),
            _job(world, "successfactors", "costCode", SF_COST_CODE),
        )
    ]
    assert "costCenterNav" not in reads[0] and "employmentNav%2FjobInfoNav%2FcostCenterNav" in reads[1]
