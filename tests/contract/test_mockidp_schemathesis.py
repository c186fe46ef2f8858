"""schemathesis against mockidp's own /openapi.json (Graph and token routes), in process, with a Graph token."""

from __future__ import annotations

import requests
import schemathesis

import mockidp
from idcore.clock import ManualClock
from idcore.testing import mount
from tests.contract.schemathesis_run import authenticate, bounded, run

BASE = "http://idp.test"
APP = mockidp.create_app({"DATABASE_URL": "sqlite://", "USERS": 5, "CLOCK": "manual"}, clock=ManualClock())


def _token() -> str:
    http = mount(requests.Session(), BASE, APP)
    form = {
        "grant_type": "client_credentials",
        "client_id": APP.config["CLIENT_ID"],
        "client_secret": APP.config["CLIENT_SECRET"],
        "scope": "https://graph.microsoft.com/.default",
    }
    response = http.post(f"{BASE}/{APP.config['TENANT']}/oauth2/v2.0/token", data=form)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


TOKEN = _token()
graph = authenticate(schemathesis.openapi.from_wsgi("/openapi.json", APP), TOKEN)


@graph.parametrize()
@bounded
def test_mockidp_answers_as_documented(case):
    run(case, "mockidp")
