"""The same seed gives the same HR answers, byte for byte: Get_Workers and PerPerson of a seeded tenant."""

from __future__ import annotations

import requests
from flask import Flask

from idcore.testing import mount
from tests.mockidp.conftest import make_app
from tests.mockidp.hr.workday_helpers import envelope, get_workers

BASE = "http://idp.test"
CLIENT = ("scimulator-harness", "scimulator-secret")


def _answers(app: Flask) -> tuple[bytes, bytes]:
    http = mount(requests.Session(), BASE, app)
    soap = http.post(
        f"{BASE}/ccx/service/contoso/Human_Resources/v21.1",
        data=envelope(get_workers(), *CLIENT).encode(),
        headers={"Content-Type": "text/xml"},
    )
    odata = http.get(
        f"{BASE}/odata/v2/PerPerson",
        params={"$format": "json", "$expand": "employmentNav/jobInfoNav,personalInfoNav,emailNav"},
        auth=(f"{CLIENT[0]}@contoso", CLIENT[1]),
    )
    assert soap.status_code == 200 and odata.status_code == 200, (soap.text[:300], odata.text[:300])
    return soap.content, odata.content


def test_same_seed_gives_byte_identical_get_workers_and_perperson():
    first = _answers(make_app("sqlite://", USERS=25, SEED=4))
    second = _answers(make_app("sqlite://", USERS=25, SEED=4))
    assert first == second and b"Worker_ID" in first[0] and b"personIdExternal" in first[1]


def test_another_seed_gives_other_hr_records():
    assert _answers(make_app("sqlite://", USERS=25, SEED=4)) != _answers(
        make_app("sqlite://", USERS=25, SEED=5)
    )
