"""Injected faults and unknown routes under the HR prefixes answer in the HR protocols' own shapes."""

from __future__ import annotations

import pytest
import requests

import mockidp
from idcore.clock import ManualClock
from idcore.testing import mount

BASE = "http://idp.test"
CONTROL = {"Authorization": "Bearer ctl"}


@pytest.fixture
def http():
    app = mockidp.create_app(
        {"DATABASE_URL": "sqlite://", "CONTROL_TOKEN": "ctl", "USERS": 0}, clock=ManualClock()
    )
    return mount(requests.Session(), BASE, app)


@pytest.mark.parametrize(
    ("path", "content_type", "marker"),
    [
        ("/ccx/service/contoso/Human_Resources/v40.0", "text/xml", "faultcode"),
        ("/odata/v2/PerPerson", "application/json", '"error"'),
        ("/v1.0/users", "application/json", '"innerError"'),
    ],
)
def test_an_injected_503_answers_in_the_paths_protocol(http, path, content_type, marker):
    http.post(
        f"{BASE}/_control/faults", json={"path": path, "status": 503, "retry_after": 5}, headers=CONTROL
    )
    response = http.get(f"{BASE}{path}")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.headers["Content-Type"].startswith(content_type) and marker in response.text
