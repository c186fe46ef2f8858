"""Hostile queries against SuccessFactors OData and Workday SOAP: the protocol's own 400 (or SOAP fault), never a
server failure."""

from __future__ import annotations

import pytest

from tests.mockidp.hr.conftest import BASE, CLIENT_ID, SECRET
from tests.mockidp.hr.workday_helpers import envelope, fault, get_workers, url

pytestmark = pytest.mark.storage

AUTH = (f"{CLIENT_ID}@hrtenant", SECRET)
ONE = "personIdExternal eq '1001'"


def odata(env, path, **params):
    return env.http.get(f"{BASE}/odata/v2/{path}", params={"$format": "json", **params}, auth=AUTH)


@pytest.mark.parametrize(
    "params",
    [
        {"$skip": "99999999999999999999"},
        {"$skip": "2147483648"},
        {"$top": "99999999999999999999"},
        {"$top": "-1"},
        {"customPageSize": "99999999999999999999"},
        {"$skiptoken": "99999999999999999999"},
        {"$filter": "(" * 33 + ONE + ")" * 33},
        {"$filter": "(" * 5000 + ONE + ")" * 5000},
        {"$filter": "not " * 300 + ONE},
        {"$filter": " or ".join([ONE] * 201)},
        {"$filter": " or ".join([ONE] * 6000)},
        {"$filter": "personIdExternal in " + ",".join(["'1001'"] * 6000)},
        {"$filter": "lastModifiedDateTime ge datetimeoffset'0001-01-01T00:00:00+14:00'"},
    ],
    ids=lambda params: "-".join(f"{key}={value[:16]}…{len(value)}" for key, value in params.items()),
)
@pytest.mark.parametrize("path", ["PerPerson", "PerPerson/$count"])
def test_hostile_query_options_are_odata_400(env, path, params):
    response = odata(env, path, **params)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "COE_GENERAL_BAD_REQUEST"


@pytest.mark.parametrize(
    "params",
    [{"$skip": "2147483647"}, {"$filter": "(" * 32 + ONE + ")" * 32}, {"$filter": " or ".join([ONE] * 200)}],
)
def test_query_options_at_the_limits_are_answered(env, params):
    assert odata(env, "PerPerson", **params).status_code == 200


@pytest.mark.parametrize("value", ["1e999", "-1e999", "nan", "99999999999999999999"])
def test_workday_page_numbers_out_of_range_are_validation_faults(env, value):
    body = envelope(get_workers(response_filter=f"<bsvc:Page>{value}</bsvc:Page>"))
    response = env.http.post(url(), data=body.encode(), headers={"Content-Type": "text/xml"})
    assert response.status_code == 500  # SOAP 1.1 answers every fault with 500; the fault says whose it is
    assert fault(response.text)[0] == "SOAP-ENV:Client.validationError"
