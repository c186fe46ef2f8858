"""Auth failures and bad input on the HR endpoints: each answered in its own protocol, never a 500 page."""

from __future__ import annotations

import pytest

from idcore.testing import LiveServer
from tests.mockidp.hr.conftest import BASE, CLIENT_ID, SECRET
from tests.mockidp.hr.workday_helpers import envelope, fault, get_workers, url

pytestmark = pytest.mark.storage

GOOD = get_workers(refs=[("Employee_ID", "1001")])


@pytest.mark.parametrize(
    "user, password",
    [
        (CLIENT_ID, "wrong"),
        ("someone-else", SECRET),
        (f"{CLIENT_ID}@othertenant", SECRET),
        (None, None),
    ],
)
def test_workday_refuses_bad_credentials_with_an_authentication_fault(env, user, password):
    response = env.http.post(url(), data=envelope(GOOD, user=user, password=password).encode())
    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("text/xml")
    assert fault(response.text) == ("SOAP-ENV:Client.authenticationError", "invalid username or password")


@pytest.mark.parametrize("user", [CLIENT_ID, f"{CLIENT_ID}@hrtenant"])
def test_workday_accepts_the_client_id_with_or_without_the_tenant(env, user):
    assert env.http.post(url(), data=envelope(GOOD, user=user).encode()).status_code == 200


def test_workday_unknown_tenant_is_an_authentication_fault(env):
    response = env.http.post(url(tenant="nosuch"), data=envelope(GOOD).encode())
    assert fault(response.text)[0] == "SOAP-ENV:Client.authenticationError"


@pytest.mark.parametrize(
    "body, needle",
    [
        ("<not-xml", "not well-formed"),
        ("<a>plain xml</a>", "not a SOAP envelope"),
        ('<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', "not well-formed"),
        (envelope("<bsvc:Get_Organizations_Request/>"), "Unsupported operation"),
    ],
)
def test_workday_bad_requests_are_client_faults(env, body, needle):
    response = env.http.post(url(), data=body.encode())
    assert response.status_code == 500
    code, message = fault(response.text)
    assert code.startswith("SOAP-ENV:Client") and needle in message


def test_workday_bad_reference_type_is_a_validation_fault(env):
    response = env.http.post(url(), data=envelope(get_workers(refs=[("Badge_ID", "1")])).encode())
    assert fault(response.text)[0] == "SOAP-ENV:Client.validationError"


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/ccx/service/hrtenant/Human_Resources/v21.1", 405),
        ("POST", "/ccx/service/hrtenant/Payroll/v21.1", 404),
        ("POST", "/ccx/service/hrtenant/Human_Resources/latest", 404),
    ],
)
def test_workday_routing_errors_are_soap_faults(env, method, path, status):
    response = env.http.request(method, f"{BASE}{path}", data=envelope(GOOD).encode())
    assert response.status_code == status
    assert fault(response.text)[0].startswith("SOAP-ENV:Client")


def odata_error(response):
    error = response.json()["error"]
    assert error["message"]["lang"] == "en-US"
    return error["code"], error["message"]["value"]


@pytest.mark.parametrize(
    "auth",
    [
        (CLIENT_ID, "wrong"),
        (f"{CLIENT_ID}@nosuch", SECRET),
        ("stranger", SECRET),
        None,
    ],
)
def test_successfactors_refuses_bad_credentials_with_401(env, auth):
    response = env.http.get(f"{BASE}/odata/v2/PerPerson", auth=auth)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert "Authentication failed" in odata_error(response)[1]


@pytest.mark.parametrize("user", [CLIENT_ID, f"{CLIENT_ID}@hrtenant"])
def test_successfactors_accepts_the_client_id_with_or_without_the_tenant(env, user):
    assert env.http.get(f"{BASE}/odata/v2/PerPerson", auth=(user, SECRET)).status_code == 200


@pytest.mark.parametrize(
    "params, code",
    [
        ({"$filter": "personIdExternal eq"}, "COE_GENERAL_BAD_REQUEST"),
        ({"$filter": "substringof('a', personIdExternal)"}, "COE_GENERAL_BAD_REQUEST"),
        ({"$filter": "nosuchField eq 'x'"}, "COE_PROPERTY_NOT_FOUND"),
        ({"$filter": "lastModifiedDateTime gt datetimeoffset'yesterday'"}, "COE_GENERAL_BAD_REQUEST"),
        ({"$filter": "lastModifiedDateTime gt 'text'"}, "COE_GENERAL_BAD_REQUEST"),
        ({"$filter": "personIdExternal eq 'a' and"}, "COE_GENERAL_BAD_REQUEST"),
        ({"$expand": "nosuchNav"}, "COE_PROPERTY_NOT_FOUND"),
        ({"$select": "employmentNav/nosuch"}, "COE_PROPERTY_NOT_FOUND"),
        ({"$format": "atom"}, "COE_GENERAL_BAD_REQUEST"),
        ({"$top": "-1"}, "COE_GENERAL_BAD_REQUEST"),
        ({"customPageSize": "5000"}, "COE_GENERAL_BAD_REQUEST"),
        ({"asOfDate": "2026-02-30"}, "COE_GENERAL_BAD_REQUEST"),
        ({"asOfDate": "2026-01-01", "toDate": "2026-02-01"}, "COE_GENERAL_BAD_REQUEST"),
        ({"$orderby": "personIdExternal"}, "COE_GENERAL_BAD_REQUEST"),
    ],
)
def test_successfactors_bad_queries_are_odata_400s(env, params, code):
    response = env.http.get(f"{BASE}/odata/v2/PerPerson", params=params, auth=(CLIENT_ID, SECRET))
    assert response.status_code == 400
    assert odata_error(response)[0] == code


@pytest.mark.parametrize(
    "method, path, status, code",
    [
        ("GET", "/odata/v2/FormHeader", 404, "COE_ENTITY_NOT_FOUND"),
        ("GET", "/odata/v2/PerPerson('nobody')", 404, "COE_ENTITY_NOT_FOUND"),
        ("GET", "/odata/v2/PerPerson(42)", 400, "COE_GENERAL_BAD_REQUEST"),
        ("POST", "/odata/v2/PerPerson", 405, "COE_METHOD_NOT_ALLOWED"),
        ("DELETE", "/odata/v2/PerPerson('1001')", 405, "COE_METHOD_NOT_ALLOWED"),
    ],
)
def test_successfactors_routing_errors_are_odata_errors(env, method, path, status, code):
    response = env.http.request(method, f"{BASE}{path}", auth=(CLIENT_ID, SECRET))
    assert response.status_code == status
    assert odata_error(response)[0] == code


@pytest.mark.live
def test_both_hr_endpoints_answer_over_real_sockets(env):
    with LiveServer(env.app) as server:
        import requests

        soap = requests.post(
            f"{server.url}/ccx/service/hrtenant/Human_Resources/v30.0",
            data=envelope(GOOD).encode(),
            timeout=10,
        )
        odata = requests.get(f"{server.url}/odata/v2/PerPerson('1001')", auth=(CLIENT_ID, SECRET), timeout=10)
    assert soap.status_code == 200 and "<wd:Worker_ID>1001</wd:Worker_ID>" in soap.text
    assert odata.json()["d"]["personIdExternal"] == "1001"
