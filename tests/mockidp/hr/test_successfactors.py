"""SuccessFactors PerPerson over OData v2 through the real app in process."""

from __future__ import annotations

from datetime import timedelta

import pytest

from idcore.db import get_db
from mockidp import hr
from tests.mockidp.hr.conftest import BASE, CLIENT_ID, SECRET

pytestmark = pytest.mark.storage

EXPAND = (
    "employmentNav/jobInfoNav/emplStatusNav,employmentNav/userNav,personalInfoNav,emailNav,phoneNav,"
    "personEmpTerminationInfoNav"
)


def get(env, path, auth=(f"{CLIENT_ID}@hrtenant", SECRET), **params):
    return env.http.get(f"{BASE}/odata/v2/{path}", params=params, auth=auth)


def examples(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        return hr.examples(session, env.tenant_id)


def job(person):
    return person["employmentNav"]["results"][-1]["jobInfoNav"]["results"][0]


def test_person_by_key_with_expanded_employment(env):
    response = get(env, "PerPerson('1002')", **{"$format": "json", "$expand": EXPAND})
    assert response.status_code == 200
    person = response.json()["d"]
    assert person["personIdExternal"] == "1002"
    assert person["__metadata"]["type"] == "SFOData.PerPerson"
    assert person["personalInfoNav"]["results"][0]["firstName"] == "Émile"
    assert job(person)["jobTitle"] == "Engineer"
    assert job(person)["emplStatusNav"]["externalCode"] == "A"
    assert person["emailNav"]["results"][0]["emailAddress"] == "emile@contoso.test"
    assert person["personEmpTerminationInfoNav"]["activeEmploymentsCount"] == 1


def test_unexpanded_navigation_is_deferred(env):
    person = get(env, "PerPerson('1001')").json()["d"]
    assert person["employmentNav"] == {
        "__deferred": {"uri": f"{BASE}/odata/v2/PerPerson('1001')/employmentNav"}
    }


def test_dates_are_odata_v2_date_literals(env):
    person = get(env, "PerPerson('1001')", **{"$expand": "employmentNav"}).json()["d"]
    assert person["lastModifiedDateTime"] == "/Date(1767603600000+0000)/"
    assert person["employmentNav"]["results"][0]["startDate"].startswith("/Date(")


@pytest.mark.parametrize(
    "flt, expected",
    [
        ("personIdExternal eq '1001'", ["1001"]),
        ("personIdExternal in '1001','1003'", ["1001", "1003"]),
        ("personIdExternal eq '1001' or personIdExternal eq '1002'", ["1001", "1002"]),
        ("not (personIdExternal ne '1002')", ["1002"]),
        ("employmentNav/jobInfoNav/department eq 'R&D'", ["1002"]),
    ],
)
def test_filter_selects_persons(env, flt, expected):
    body = get(env, "PerPerson", **{"$filter": flt}).json()["d"]
    assert [p["personIdExternal"] for p in body["results"]] == expected


def test_last_modified_filter_finds_only_recent_changes(env):
    env.clock.advance(3600)
    with env.app.app_context(), get_db(env.app).session() as session:
        record = hr.persons.get_person(session, env.tenant_id, "1001")
        hr.update_person(session, record.person, env.clock.now(), job_title="Chair")
    stamp = (env.clock.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = get(env, "PerPerson", **{"$filter": f"lastModifiedDateTime gt datetimeoffset'{stamp}'"}).json()[
        "d"
    ]
    assert [p["personIdExternal"] for p in body["results"]] == ["1001"]


def test_full_sync_filter_returns_active_and_terminated(env):
    flt = (
        "(personEmpTerminationInfoNav/activeEmploymentsCount ne null) and "
        "(lastModifiedDateTime le datetimeoffset'2030-01-01T00:00:00Z')"
    )
    ids = [p["personIdExternal"] for p in get(env, "PerPerson", **{"$filter": flt}).json()["d"]["results"]]
    assert {"1001", "1003", examples(env)["terminated"]} <= set(ids)


def test_pre_hire_shows_minimal_data_before_its_start(env):
    pre = examples(env)["future_hire"]
    person = get(env, f"PerPerson('{pre}')", **{"$expand": EXPAND}).json()["d"]
    first = job(person)
    assert first["company"] and first["jobTitle"] is None and first["emplStatus"] is None
    assert person["personalInfoNav"]["results"][0]["firstName"]
    assert (
        person["emailNav"]["results"] == []
        and person["personEmpTerminationInfoNav"]["activeEmploymentsCount"] == 0
    )


def test_pre_hire_is_complete_as_of_its_start_date(env):
    pre = examples(env)["future_hire"]
    start = (env.today() + timedelta(days=14)).isoformat()
    person = get(env, f"PerPerson('{pre}')", **{"$expand": EXPAND, "asOfDate": start}).json()["d"]
    assert job(person)["emplStatus"] == "A" and job(person)["jobTitle"]
    assert person["employmentNav"]["results"][0]["userNav"]["status"] == "t"


def test_pre_hire_requery_filter_from_microsoft_finds_it(env):
    pre = examples(env)["future_hire"]
    flt = f"(personIdExternal in '{pre}' and employmentNav/userNav/status in 't','f','e')"
    body = get(
        env, "PerPerson", **{"$filter": flt, "asOfDate": (env.today() + timedelta(days=14)).isoformat()}
    )
    assert [p["personIdExternal"] for p in body.json()["d"]["results"]] == [pre]


def test_terminated_person_is_status_t_with_no_active_employment(env):
    gone = examples(env)["terminated"]
    person = get(env, f"PerPerson('{gone}')", **{"$expand": EXPAND}).json()["d"]
    assert job(person)["emplStatus"] == "T"
    assert person["personEmpTerminationInfoNav"]["activeEmploymentsCount"] == 0
    assert person["personEmpTerminationInfoNav"]["latestTerminationDate"].startswith("/Date(")


def test_rehire_has_two_employments_one_active(env):
    again = examples(env)["rehire"]
    person = get(env, f"PerPerson('{again}')", **{"$expand": EXPAND}).json()["d"]
    statuses = [e["jobInfoNav"]["results"][0]["emplStatus"] for e in person["employmentNav"]["results"]]
    assert statuses == ["T", "A"] and person["personEmpTerminationInfoNav"]["activeEmploymentsCount"] == 1


def test_from_and_to_dates_return_each_effective_phase(env):
    gone = examples(env)["terminated"]
    window = {"fromDate": (env.today() - timedelta(days=30)).isoformat(), "toDate": env.today().isoformat()}
    person = get(env, f"PerPerson('{gone}')", **{"$expand": "employmentNav/jobInfoNav", **window}).json()["d"]
    phases = person["employmentNav"]["results"][0]["jobInfoNav"]["results"]
    assert [p["emplStatus"] for p in phases] == ["A", "T"]


def test_select_projects_properties(env):
    person = get(
        env,
        "PerPerson('1001')",
        **{"$select": "personIdExternal,employmentNav/startDate", "$expand": "employmentNav"},
    ).json()["d"]
    assert set(person) == {"__metadata", "personIdExternal", "employmentNav"}
    assert set(person["employmentNav"]["results"][0]) == {"__metadata", "startDate"}


def test_paging_follows_next_links(env):
    seen, url, params = [], f"{BASE}/odata/v2/PerPerson", {"customPageSize": "2"}
    auth = (f"{CLIENT_ID}@hrtenant", SECRET)
    while url:
        body = env.http.get(url, params=params, auth=auth).json()["d"]
        seen += [p["personIdExternal"] for p in body["results"]]
        url, params = body.get("__next"), None
    assert len(seen) == 6 == len(set(seen))


def test_top_and_skip_and_inline_count(env):
    body = get(env, "PerPerson", **{"$top": "2", "$skip": "1", "$inlinecount": "allpages"}).json()["d"]
    assert len(body["results"]) == 2 and body["__count"] == "6" and "__next" not in body


def test_count_endpoint_counts_a_filter(env):
    response = get(env, "PerPerson/$count", **{"$filter": "personIdExternal in '1001','1002','zzz'"})
    assert response.status_code == 200 and response.text == "2"


def test_microsofts_incremental_filter_across_navigations_runs(env):
    since, until = "2026-01-05T08:00:00Z", "2026-01-05T10:00:00Z"
    window = f"ge datetimeoffset'{since}' and {{}} le datetimeoffset'{until}'"
    paths = [
        "lastModifiedDateTime",
        "personalInfoNav/lastModifiedDateTime",
        "employmentNav/lastModifiedDateTime",
        "employmentNav/jobInfoNav/lastModifiedDateTime",
        "phoneNav/lastModifiedDateTime",
        "emailNav/lastModifiedDateTime",
        "employmentNav/userNav/lastModifiedDateTime",
    ]
    flt = " or ".join(f"({p} {window.format(p)})" for p in paths)
    response = get(env, "PerPerson/$count", **{"$filter": flt, "customPageSize": "100"})
    assert response.status_code == 200 and response.text == "6"


def test_foundation_objects_are_served_only_when_expanded(env):
    nav = "employmentNav/jobInfoNav/departmentNav,employmentNav/jobInfoNav/companyNav"
    expanded = job(get(env, "PerPerson('1001')", **{"$expand": nav}).json()["d"])
    assert expanded["departmentNav"]["name_localized"] == expanded["department"] == "Executive"
    assert expanded["departmentNav"]["__metadata"]["type"] == "SFOData.FODepartment"
    assert expanded["companyNav"]["externalCode"] == "CONTOSO"
    assert expanded["costCenterNav"] is None or "__deferred" in expanded["costCenterNav"]
    plain = job(get(env, "PerPerson('1001')", **{"$expand": "employmentNav/jobInfoNav"}).json()["d"])
    assert "__deferred" in plain["departmentNav"]
