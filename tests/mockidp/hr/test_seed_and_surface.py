"""Seeding is deterministic and complete; the helpers add records the endpoints see; the public surface is pinned."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from idcore.db import get_db
from idcore.ids import Randomness
from mockidp import hr
from mockidp.tenants import create_tenant
from tests.mockidp.hr.conftest import BASE, CLIENT_ID, PEOPLE, SECRET
from tests.mockidp.hr.workday_helpers import envelope, fault, get_workers, parse, url, value, workers


def test_public_surface_is_pinned():
    assert set(hr.__all__) == {
        "init_app",
        "seed_hr",
        "add_worker",
        "update_worker",
        "add_person",
        "add_employment",
        "update_person",
        "examples",
        "Worker",
        "Person",
        "Employment",
    }


def test_same_seed_gives_the_same_records(env):
    def rows(session, tenant_id):
        found = session.exec(
            select(hr.Worker).where(hr.Worker.tenant_id == tenant_id).order_by(col(hr.Worker.id))
        )
        return [r.model_dump(exclude={"id", "tenant_id"}) for r in found]

    with env.app.app_context(), get_db(env.app).session() as session:
        other = create_tenant(session, "second", 7, env.clock.now())
        hr.seed_hr(session, other.id, PEOPLE, Randomness(42), env.clock)
        assert rows(session, other.id) == rows(session, env.tenant_id)


def test_people_without_an_employee_id_get_no_record(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        names = session.exec(select(hr.Worker.first_name)).all()
    assert "No" not in names


def test_examples_name_each_kind(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        found = hr.examples(session, env.tenant_id)
    assert set(found) == {"future_hire", "terminated", "rehire"}
    assert len(set(found.values())) == 3 and all(v.isdigit() for v in found.values())


def test_added_contingent_worker_is_found_by_its_reference(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        hr.add_worker(
            session,
            env.tenant_id,
            worker_id="C-77",
            hire_date=date(2025, 3, 1),
            last_updated=env.clock.now(),
            worker_type="Contingent_Worker",
            first_name="Cora",
        )
    body = envelope(get_workers(refs=[("Contingent_Worker_ID", "C-77")]))
    (worker,) = workers(parse(env.http.post(url(), data=body.encode()).text))
    assert value(worker, "wd:Worker_Reference/wd:ID[@wd:type='Contingent_Worker_ID']") == "C-77"


def test_employee_id_reference_does_not_find_a_contingent_worker(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        hr.add_worker(
            session,
            env.tenant_id,
            worker_id="C-78",
            hire_date=date(2025, 3, 1),
            last_updated=env.clock.now(),
            worker_type="Contingent_Worker",
        )
    response = env.http.post(url(), data=envelope(get_workers(refs=[("Employee_ID", "C-78")])).encode())
    assert "is not a valid ID value" in fault(response.text)[1]


def test_skip_non_existing_instances_drops_unknown_references(env):
    request = get_workers(refs=[("Employee_ID", "1001"), ("Employee_ID", "nobody")]).replace(
        "<bsvc:Request_References>", '<bsvc:Request_References bsvc:Skip_Non_Existing_Instances="true">'
    )
    found = workers(parse(env.http.post(url(), data=envelope(request).encode()).text))
    assert [value(w, "wd:Worker_Data/wd:Worker_ID") for w in found] == ["1001"]


def test_exclude_employees_leaves_contingent_workers(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        hr.add_worker(
            session,
            env.tenant_id,
            worker_id="C-79",
            hire_date=date(2025, 3, 1),
            last_updated=env.clock.now(),
            worker_type="Contingent_Worker",
        )
    criteria = "<bsvc:Exclude_Employees>true</bsvc:Exclude_Employees>"
    found = workers(parse(env.http.post(url(), data=envelope(get_workers(criteria=criteria)).encode()).text))
    assert [value(w, "wd:Worker_Data/wd:Worker_ID") for w in found] == ["C-79"]


@pytest.mark.parametrize("status, expected", [("A", {"1001", "1002"}), ("T", {"1003"}), ("U", set())])
def test_empl_status_filter_uses_the_status_as_of_today(env, status, expected):
    response = env.http.get(
        f"{BASE}/odata/v2/PerPerson",
        auth=(CLIENT_ID, SECRET),
        params={
            "$filter": f"employmentNav/jobInfoNav/emplStatus eq '{status}' and personIdExternal in '1001','1002','1003'"
        },
    )
    assert {p["personIdExternal"] for p in response.json()["d"]["results"]} == expected


def test_added_person_on_leave_shows_its_status_and_stays_active(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        hr.add_person(
            session,
            env.tenant_id,
            person_id_external="P-9",
            start_date=env.today() - timedelta(days=9),
            last_modified=env.clock.now(),
            first_name="Lea",
            last_name="Ve",
            empl_status="U",
        )
    person = env.http.get(
        f"{BASE}/odata/v2/PerPerson('P-9')",
        auth=(CLIENT_ID, SECRET),
        params={"$expand": "employmentNav/jobInfoNav,personEmpTerminationInfoNav"},
    ).json()["d"]
    assert person["employmentNav"]["results"][0]["jobInfoNav"]["results"][0]["emplStatus"] == "U"
    assert person["personEmpTerminationInfoNav"]["activeEmploymentsCount"] == 1


def test_a_person_becomes_terminated_when_the_clock_passes_the_end_date(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        hr.add_person(
            session,
            env.tenant_id,
            person_id_external="P-10",
            start_date=date(2024, 1, 1),
            last_modified=env.clock.now(),
            end_date=env.today() + timedelta(days=1),
        )
    params = {
        "$filter": "personEmpTerminationInfoNav/activeEmploymentsCount eq 0 and personIdExternal eq 'P-10'"
    }
    assert (
        env.http.get(f"{BASE}/odata/v2/PerPerson/$count", auth=(CLIENT_ID, SECRET), params=params).text == "0"
    )
    env.clock.advance(timedelta(days=2).total_seconds())
    assert (
        env.http.get(f"{BASE}/odata/v2/PerPerson/$count", auth=(CLIENT_ID, SECRET), params=params).text == "1"
    )
