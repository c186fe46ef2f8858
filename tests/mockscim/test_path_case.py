"""Resource paths: any letter case under entra-compatible (Microsoft's Postman collection sends /users), exact under strict-rfc."""

from __future__ import annotations

import pytest

from tests.mockscim.conftest import BASE, USER_SCHEMA

PATHS = [
    "/scim/v2/users",
    "/scim/v2/USERS",
    "/SCIM/V2/Users",
    "/scim/v2/groups",
    "/scim/v2/serviceproviderconfig",
    "/scim/v2/resourcetypes/user",
    "/scim/v2/schemas",
]


@pytest.mark.parametrize("path", PATHS)
def test_entra_compatible_matches_paths_in_any_case(scim, path):
    assert scim.http.get(BASE + path).status_code == 200


def test_entra_compatible_reads_and_writes_one_resource_in_any_case(scim):
    created = scim.http.post(f"{BASE}/scim/v2/users", json={"schemas": [USER_SCHEMA], "userName": "bjensen"})
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    assert created.headers["Location"].endswith(f"/scim/v2/Users/{user_id}")
    assert scim.http.get(f"{BASE}/scim/v2/USERS/{user_id}").json()["userName"] == "bjensen"
    assert scim.http.post(f"{BASE}/scim/v2/users/.SEARCH", json={}).json()["totalResults"] == 1
    assert scim.http.delete(f"{BASE}/scim/v2/Users/{user_id}").status_code == 204


def test_resource_ids_keep_their_case(scim):
    assert scim.http.get(f"{BASE}/scim/v2/users/GROUPS").status_code == 404


@pytest.mark.parametrize("path", ["/scim/v2/users", "/scim/v2/USERS/x", "/scim/v2/serviceproviderconfig"])
def test_strict_rfc_matches_paths_exactly(make_client, path):
    assert make_client("strict-rfc").http.get(BASE + path).status_code == 404


def test_case_follows_a_profile_switch(make_client):
    scim = make_client("strict-rfc")
    assert scim.control("POST", "/profile", {"profile": "entra-compatible"}).status_code == 200
    assert scim.http.get(f"{BASE}/scim/v2/users").status_code == 200


def test_auth_still_applies_to_lowercase_paths(scim):
    del scim.http.headers["Authorization"]
    assert scim.http.get(f"{BASE}/scim/v2/users").status_code == 401
