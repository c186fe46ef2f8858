"""Workday Get_Workers over SOAP through the real app in process."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from idcore.db import get_db
from mockidp import hr
from tests.mockidp.hr.workday_helpers import (
    NS,
    envelope,
    fault,
    get_workers,
    parse,
    url,
    value,
    worker_ids,
    workers,
)

pytestmark = pytest.mark.storage

ACTIVE = "wd:Worker_Data/wd:Employment_Data/wd:Worker_Status_Data/wd:Active"


def post(env, request_xml, **kwargs):
    return env.http.post(
        url(**kwargs), data=envelope(request_xml).encode(), headers={"Content-Type": "text/xml"}
    )


def examples(env):
    with env.app.app_context(), get_db(env.app).session() as session:
        return hr.examples(session, env.tenant_id)


def test_get_worker_by_employee_id_returns_its_data(env):
    response = post(env, get_workers(refs=[("Employee_ID", "1002")]))
    assert response.status_code == 200
    (worker,) = workers(parse(response.text))
    assert value(worker, "wd:Worker_Data/wd:Worker_ID") == "1002"
    assert (
        value(
            worker,
            "wd:Worker_Data/wd:Personal_Data/wd:Name_Data/wd:Legal_Name_Data/wd:Name_Detail_Data"
            "/wd:First_Name",
        )
        == "Émile"
    )
    assert value(worker, "wd:Worker_Data/wd:Employment_Data/wd:Position_Data/wd:Business_Title") == "Engineer"
    assert value(worker, ACTIVE) == "1"


def test_response_is_versioned_wd_xml(env):
    root = parse(post(env, get_workers(refs=[("Employee_ID", "1001")])).text)
    response = root.find(".//wd:Get_Workers_Response", NS)
    assert response is not None and response.get(f"{{{NS['wd']}}}version") == "v21.1"


def test_v30_puts_position_under_the_primary_job(env):
    root = parse(post(env, get_workers(refs=[("Employee_ID", "1002")]), version="v30.0").text)
    title = (
        "wd:Worker_Data/wd:Employment_Data/wd:Worker_Job_Data[@wd:Primary_Job='1']/wd:Position_Data"
        "/wd:Business_Title"
    )
    assert value(workers(root)[0], title) == "Engineer"


def test_url_without_version_is_v21_1(env):
    root = parse(post(env, get_workers(refs=[("Employee_ID", "1001")]), version=None).text)
    assert root.find(".//wd:Get_Workers_Response", NS).get(f"{{{NS['wd']}}}version") == "v21.1"


def test_get_worker_by_wid_matches_the_reference(env):
    first = workers(parse(post(env, get_workers(refs=[("Employee_ID", "1001")])).text))[0]
    wid = value(first, "wd:Worker_Reference/wd:ID[@wd:type='WID']")
    again = workers(parse(post(env, get_workers(refs=[("WID", wid)])).text))
    assert [value(w, "wd:Worker_Data/wd:Worker_ID") for w in again] == ["1001"]


def test_manager_reference_is_the_managers_wid(env):
    boss = workers(parse(post(env, get_workers(refs=[("Employee_ID", "1001")])).text))[0]
    report = workers(parse(post(env, get_workers(refs=[("Employee_ID", "1002")])).text))[0]
    path = (
        "wd:Worker_Data/wd:Management_Chain_Data/wd:Worker_Supervisory_Management_Chain_Data"
        "/wd:Management_Chain_Data/wd:Manager_Reference/wd:ID[@wd:type='WID']"
    )
    assert value(report, path) == value(boss, "wd:Worker_Reference/wd:ID[@wd:type='WID']")


@pytest.mark.parametrize("kind", ["Employee_ID", "WID", "Contingent_Worker_ID"])
def test_unknown_reference_is_an_invalid_id_fault(env, kind):
    response = post(env, get_workers(refs=[(kind, "nope-404")]))
    assert response.status_code == 500
    code, message = fault(response.text)
    assert code == "SOAP-ENV:Client.validationError"
    assert f"'nope-404' is not a valid ID value for type = '{kind}'" in message


def test_future_hire_is_inactive_until_its_hire_date(env):
    future = examples(env)["future_hire"]
    root = parse(post(env, get_workers(refs=[("Employee_ID", future)])).text)
    assert value(workers(root)[0], ACTIVE) == "0"
    as_of = (env.today() + timedelta(days=14)).isoformat()
    root = parse(
        post(
            env,
            get_workers(
                refs=[("Employee_ID", future)],
                response_filter=f"<bsvc:As_Of_Effective_Date>{as_of}</bsvc:As_Of_Effective_Date>",
            ),
        ).text
    )
    assert value(workers(root)[0], ACTIVE) == "1"


def test_future_hire_turns_active_when_the_clock_passes_the_hire_date(env):
    future = examples(env)["future_hire"]
    env.clock.advance(timedelta(days=14).total_seconds())
    root = parse(post(env, get_workers(refs=[("Employee_ID", future)])).text)
    assert value(workers(root)[0], ACTIVE) == "1"


def test_terminated_worker_shows_terminated_with_its_date(env):
    gone = examples(env)["terminated"]
    worker = workers(parse(post(env, get_workers(refs=[("Employee_ID", gone)])).text))[0]
    status = "wd:Worker_Data/wd:Employment_Data/wd:Worker_Status_Data/"
    assert (value(worker, status + "wd:Active"), value(worker, status + "wd:Terminated")) == ("0", "1")
    assert value(worker, status + "wd:Termination_Date") == (env.today() - timedelta(days=10)).isoformat()


def test_rehire_is_a_new_wid_with_the_same_worker_id(env):
    rehire = examples(env)["rehire"]
    root = parse(post(env, get_workers(criteria="")).text)
    records = [w for w in workers(root) if value(w, "wd:Worker_Data/wd:Worker_ID") == rehire]
    wids = {value(w, "wd:Worker_Reference/wd:ID[@wd:type='WID']") for w in records}
    assert len(records) == 2 and len(wids) == 2
    assert sorted(value(w, ACTIVE) for w in records) == ["0", "1"]


def test_employee_id_reference_names_the_current_record_of_a_rehire(env):
    rehire = examples(env)["rehire"]
    worker = workers(parse(post(env, get_workers(refs=[("Employee_ID", rehire)])).text))[0]
    assert value(worker, ACTIVE) == "1"
    assert value(worker, "wd:Worker_Data/wd:Employment_Data/wd:Worker_Status_Data/wd:Rehire") == "1"


def test_exclude_inactive_workers_drops_terminated_and_future_hires(env):
    criteria = "<bsvc:Exclude_Inactive_Workers>true</bsvc:Exclude_Inactive_Workers>"
    ids = worker_ids(parse(post(env, get_workers(criteria=criteria)).text))
    found = examples(env)
    assert "1001" in ids and "1003" not in ids
    assert found["future_hire"] not in ids and found["terminated"] not in ids
    assert ids.count(found["rehire"]) == 1


def test_updated_window_returns_only_workers_changed_in_it(env):
    start = env.clock.now()
    env.clock.advance(3600)
    with env.app.app_context(), get_db(env.app).session() as session:
        record = session.exec(select(hr.Worker).where(hr.Worker.worker_id == "1002")).one()
        hr.update_worker(session, record, env.clock.now(), business_title="Staff Engineer")
    window = (
        "<bsvc:Transaction_Log_Criteria_Data><bsvc:Transaction_Date_Range_Data>"
        f"<bsvc:Updated_From>{(start + timedelta(minutes=1)).isoformat()}</bsvc:Updated_From>"
        f"<bsvc:Updated_Through>{env.clock.now().isoformat()}</bsvc:Updated_Through>"
        "</bsvc:Transaction_Date_Range_Data></bsvc:Transaction_Log_Criteria_Data>"
    )
    assert worker_ids(parse(post(env, get_workers(criteria=window)).text)) == ["1002"]


def test_paging_reports_totals_and_pages(env):
    def page(n):
        flt = f"<bsvc:Page>{n}</bsvc:Page><bsvc:Count>2</bsvc:Count>"
        return parse(post(env, get_workers(response_filter=flt)).text)

    first = page(1)
    total = int(first.findtext(".//wd:Response_Results/wd:Total_Results", namespaces=NS))
    assert total == 7  # three people with an employeeId, three examples, one extra rehire record
    assert first.findtext(".//wd:Response_Results/wd:Total_Pages", namespaces=NS) == "4"
    seen = [i for n in range(1, 5) for i in worker_ids(page(n))]
    assert len(seen) == total and worker_ids(page(4)) == seen[6:]


@pytest.mark.parametrize(
    "flt, needle",
    [
        ("<bsvc:Count>1000</bsvc:Count>", "Count must be between 1 and 999"),
        ("<bsvc:Count>abc</bsvc:Count>", "not a valid number"),
        ("<bsvc:As_Of_Effective_Date>2026-13-45</bsvc:As_Of_Effective_Date>", "not a valid date"),
    ],
)
def test_bad_response_filter_is_a_validation_fault(env, flt, needle):
    response = post(env, get_workers(response_filter=flt))
    assert response.status_code == 500
    assert needle in fault(response.text)[1]


def test_bad_updated_from_is_a_validation_fault(env):
    window = (
        "<bsvc:Transaction_Log_Criteria_Data><bsvc:Transaction_Date_Range_Data><bsvc:Updated_From>yesterday"
        "</bsvc:Updated_From></bsvc:Transaction_Date_Range_Data></bsvc:Transaction_Log_Criteria_Data>"
    )
    assert fault(post(env, get_workers(criteria=window)).text)[0] == "SOAP-ENV:Client.validationError"


def test_microsofts_test_connection_request_succeeds_with_no_workers(env):
    now = env.clock.now().isoformat()
    criteria = (
        "<bsvc:Transaction_Log_Criteria_Data><bsvc:Transaction_Date_Range_Data>"
        f"<bsvc:Updated_From>{now}</bsvc:Updated_From><bsvc:Updated_Through>{now}</bsvc:Updated_Through>"
        "</bsvc:Transaction_Date_Range_Data></bsvc:Transaction_Log_Criteria_Data>"
        "<bsvc:Exclude_Inactive_Workers>true</bsvc:Exclude_Inactive_Workers>"
        "<bsvc:Exclude_Employees>true</bsvc:Exclude_Employees>"
        "<bsvc:Exclude_Contingent_Workers>true</bsvc:Exclude_Contingent_Workers>"
    )
    request_xml = get_workers(
        criteria=criteria,
        response_filter="<bsvc:Page>1</bsvc:Page><bsvc:Count>1</bsvc:Count>",
        group="<bsvc:Include_Reference>true</bsvc:Include_Reference>"
        "<bsvc:Include_Personal_Information>true</bsvc:Include_Personal_Information>",
    )
    response = post(env, request_xml)
    assert response.status_code == 200
    assert parse(response.text).findtext(".//wd:Response_Results/wd:Total_Results", namespaces=NS) == "0"


def test_response_group_leaves_out_what_it_does_not_include(env):
    group = "<bsvc:Include_Personal_Information>true</bsvc:Include_Personal_Information>"
    worker = workers(parse(post(env, get_workers(refs=[("Employee_ID", "1001")], group=group)).text))[0]
    assert worker.find("wd:Worker_Reference", NS) is not None
    assert worker.find("wd:Worker_Data/wd:Personal_Data", NS) is not None
    assert worker.find("wd:Worker_Data/wd:Employment_Data", NS) is None
