"""``--clock system|manual`` on ``serve`` and ``up``, and moving time on a running server over HTTP."""

from __future__ import annotations

import pytest
import requests

from harness.cli import serve_config
from harness.cli.up import UpSession

CONTROL = {"Authorization": "Bearer scimulator-control"}


@pytest.mark.parametrize(("app", "clock"), [("idp", "manual"), ("scim", "system")])
def test_serve_config_takes_the_clock(app, clock):
    assert serve_config(app, {"clock": clock})["CLOCK"] == clock


@pytest.fixture
def delayed_up(state_home):
    from harness.cli import start_up

    session = start_up(idp_port=0, scim_port=0, users=0, replication_delay=180, home=state_home)
    yield session
    session.stop()


def _assign_new_user(up: UpSession) -> str:
    sp = up.graph("GET", "/servicePrincipals").json()["value"][0]
    body = {"accountEnabled": True, "displayName": "Ann", "mailNickname": "ann"}
    user = up.graph(
        "POST", "/users", json={**body, "userPrincipalName": "ann@contoso.onmicrosoft.com"}
    ).json()
    role = {"principalId": user["id"], "resourceId": sp["id"], "appRoleId": sp["appRoles"][0]["id"]}
    assert up.graph("POST", f"/servicePrincipals/{sp['id']}/appRoleAssignedTo", json=role).status_code == 201
    return str(user["id"])


def _replica_sees(up: UpSession, user_id: str) -> bool:
    view = {"X-Scimulator-View": "replica"}
    return bool(up.graph("GET", f"/users/{user_id}/appRoleAssignments", headers=view).json()["value"])


@pytest.mark.live
def test_a_system_clock_moved_over_http_crosses_the_replication_delay(delayed_up):
    user_id = _assign_new_user(delayed_up)
    assert not _replica_sees(delayed_up, user_id)
    moved = requests.post(
        f"{delayed_up.idp_url}/_control/clock", json={"advance": 181}, headers=CONTROL, timeout=30
    ).json()
    assert (moved["manual"], moved["offset"]) == (False, 181.0)
    assert _replica_sees(delayed_up, user_id)


@pytest.mark.live
def test_up_runs_both_mocks_on_one_manual_clock(state_home):
    from harness.cli import start_up

    up = start_up(idp_port=0, scim_port=0, users=0, clock="manual", home=state_home)
    try:
        requests.post(f"{up.idp_url}/_control/clock", json={"advance": 60}, headers=CONTROL, timeout=30)
        scim_clock = requests.get(f"{up.servers[1].url}/_control/clock", headers=CONTROL, timeout=30).json()
    finally:
        up.stop()
    assert scim_clock == {"now": "2026-01-05T09:01:00Z", "manual": True, "offset": None}
