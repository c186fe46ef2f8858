"""Application permissions: each Graph route needs a role in the token, else Graph's 403; unknown apps are 401."""

from __future__ import annotations

import pytest
import requests
from sqlmodel import delete

from idcore.db import get_db
from idcore.testing import LiveServer, mount
from mockidp.tenants import AppRegistration
from tests.mockidp.conftest import BASE, make_app, token_for

CONTROL = {"Authorization": "Bearer ctl"}


def _set_roles(http: requests.Session, roles: list[str], base: str = BASE) -> None:
    response = http.post(f"{base}/_control/permissions", json={"roles": roles}, headers=CONTROL)
    assert response.status_code == 200, response.text


@pytest.fixture
def idp(database_url):
    app = make_app(database_url, USERS=10)
    http = mount(requests.Session(), BASE, app)
    admin = {"Authorization": f"Bearer {token_for(http)}"}
    user = http.get(f"{BASE}/v1.0/users", params={"$top": 1}, headers=admin).json()["value"][0]["id"]
    group = http.get(f"{BASE}/v1.0/groups", params={"$top": 1}, headers=admin).json()["value"][0]["id"]
    sp = http.get(f"{BASE}/v1.0/servicePrincipals", headers=admin).json()["value"][0]["id"]
    ids = {"user": user, "group": group, "sp": sp}
    return app, http, ids


def _token_with(http: requests.Session, roles: list[str]) -> dict[str, str]:
    _set_roles(http, roles)
    return {"Authorization": f"Bearer {token_for(http)}"}


# (method, path, least privileged roles per Microsoft's Permissions table)
ROUTES = [
    ("GET", "/v1.0/users", ["User.Read.All"]),
    ("GET", "/v1.0/users/{user}", ["User.Read.All"]),
    ("GET", "/v1.0/users/delta", ["User.Read.All"]),
    ("GET", "/v1.0/users/{user}/manager", ["User.Read.All"]),
    ("GET", "/v1.0/users/{user}/memberOf", ["Directory.Read.All"]),
    ("GET", "/v1.0/users/{user}/appRoleAssignments", ["Directory.Read.All"]),
    ("PATCH", "/v1.0/users/{user}", ["User.ReadWrite.All"]),
    ("DELETE", "/v1.0/users/{user}", ["User.ReadWrite.All"]),
    ("GET", "/v1.0/groups", ["GroupMember.Read.All"]),
    ("GET", "/v1.0/groups/{group}", ["GroupMember.Read.All"]),
    ("GET", "/v1.0/groups/delta", ["GroupMember.Read.All"]),
    ("GET", "/v1.0/groups/{group}/members", ["GroupMember.Read.All"]),
    ("PATCH", "/v1.0/groups/{group}", ["Group.ReadWrite.All"]),
    ("GET", "/v1.0/servicePrincipals", ["Application.Read.All"]),
    ("GET", "/v1.0/servicePrincipals/{sp}", ["Application.Read.All"]),
    ("GET", "/v1.0/servicePrincipals/{sp}/appRoleAssignedTo", ["Application.Read.All"]),
    (
        "POST",
        "/v1.0/servicePrincipals/{sp}/appRoleAssignedTo",
        ["AppRoleAssignment.ReadWrite.All", "Application.Read.All"],
    ),
    ("GET", "/v1.0/directory/deletedItems/microsoft.graph.user", ["User.Read.All"]),
    ("GET", "/v1.0/directory/deletedItems/microsoft.graph.group", ["Group.Read.All"]),
]


def _call(http, method, path, ids, headers):
    body = {"displayName": "Renamed"} if method == "PATCH" else None
    if method == "POST":
        body = {
            "principalId": ids["user"],
            "resourceId": ids["sp"],
            "appRoleId": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
        }
    return http.request(method, BASE + path.format(**ids), json=body, headers=headers)


@pytest.mark.parametrize("method, path, _roles", ROUTES)
def test_a_token_without_roles_is_403(idp, method, path, _roles):
    _, http, ids = idp
    response = _call(http, method, path, ids, _token_with(http, []))
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == "Authorization_RequestDenied"
    assert error["message"] == "Insufficient privileges to complete the operation."


@pytest.mark.parametrize("method, path, roles", ROUTES)
def test_the_least_privileged_roles_grant_the_route(idp, method, path, roles):
    _, http, ids = idp
    response = _call(http, method, path, ids, _token_with(http, roles))
    assert response.status_code != 403, response.text
    assert response.status_code < 400 or response.status_code == 404, response.text


def test_a_read_permission_does_not_grant_a_delete(idp):
    _, http, ids = idp
    headers = _token_with(http, ["User.Read.All", "Directory.Read.All"])
    assert http.delete(f"{BASE}/v1.0/users/{ids['user']}", headers=headers).status_code == 403
    assert http.get(f"{BASE}/v1.0/users/{ids['user']}", headers=headers).status_code == 200


def test_assigning_needs_both_roles(idp):
    _, http, ids = idp
    headers = _token_with(http, ["AppRoleAssignment.ReadWrite.All"])
    response = _call(http, "POST", "/v1.0/servicePrincipals/{sp}/appRoleAssignedTo", ids, headers)
    assert response.status_code == 403


def test_a_token_of_an_app_no_longer_registered_is_401(idp):
    app, http, ids = idp
    headers = {"Authorization": f"Bearer {token_for(http)}"}
    with get_db(app).session() as session:
        session.execute(delete(AppRegistration))
    response = http.get(f"{BASE}/v1.0/users/{ids['user']}", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_the_seeded_app_has_the_provisioning_permissions(idp):
    _, http, _ = idp
    roles = http.get(f"{BASE}/_control/permissions", headers=CONTROL).json()["roles"]
    assert {"User.Read.All", "Group.Read.All", "GroupMember.Read.All", "Application.Read.All"} <= set(roles)


def test_seed_takes_fewer_roles(idp):
    _, http, _ = idp
    seeded = http.post(
        f"{BASE}/_control/seed", json={"users": 3, "roles": ["User.Read.All"]}, headers=CONTROL
    )
    assert seeded.status_code == 200, seeded.text
    assert http.get(f"{BASE}/_control/permissions", headers=CONTROL).json()["roles"] == ["User.Read.All"]


def test_the_client_roles_setting_gives_the_registration_its_roles(database_url):
    app = make_app(database_url, CLIENT_ROLES=["Application.Read.All"])
    http = mount(requests.Session(), BASE, app)
    headers = {"Authorization": f"Bearer {token_for(http)}"}
    assert http.get(f"{BASE}/v1.0/servicePrincipals", headers=headers).status_code == 200
    assert http.get(f"{BASE}/v1.0/users", headers=headers).status_code == 403


@pytest.mark.parametrize("body", [{"roles": "User.Read.All"}, {"roles": [5]}, {}])
def test_bad_permission_bodies_are_400(idp, body):
    _, http, _ = idp
    assert http.post(f"{BASE}/_control/permissions", json=body, headers=CONTROL).status_code == 400


@pytest.mark.live
def test_a_token_without_roles_deletes_nothing_over_a_socket(database_url):
    with LiveServer(make_app(database_url, USERS=5)) as server:
        http = requests.Session()
        form = {
            "grant_type": "client_credentials",
            "client_id": "scimulator-harness",
            "client_secret": "scimulator-secret",
            "scope": "https://graph.microsoft.com/.default",
        }

        def bearer() -> dict[str, str]:
            token = http.post(f"{server.url}/contoso/oauth2/v2.0/token", data=form, timeout=10).json()
            return {"Authorization": f"Bearer {token['access_token']}"}

        admin = bearer()
        user = http.get(f"{server.url}/v1.0/users", params={"$top": 1}, headers=admin, timeout=10)
        url = f"{server.url}/v1.0/users/{user.json()['value'][0]['id']}"
        _set_roles(http, [], server.url)
        refused = http.delete(url, headers=bearer(), timeout=10)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "Authorization_RequestDenied"
        assert http.get(url, headers=admin, timeout=10).status_code == 200
