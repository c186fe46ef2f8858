"""Passwords (RFC 7643 §4.1.1): stored hashed, never returned, filterable only for equality."""

from __future__ import annotations

import pytest
import requests

from idcore.testing import LiveServer
from tests.mockscim.conftest import TOKEN, USER_SCHEMA

CLEAR = "Tr0ub4dor&3"


@pytest.fixture
def user(scim):
    return scim.user("bjensen", password=CLEAR)


def _stored_bodies(scim) -> str:
    return str(scim.control("GET", "/snapshot").json())


def test_the_store_holds_a_hash_not_the_password(scim, user):
    stored = _stored_bodies(scim)
    assert CLEAR not in stored and "pbkdf2_sha256$" in stored


def test_no_response_carries_the_password_or_its_hash(scim, user):
    replies = [
        scim.get(f"/Users/{user['id']}").text,
        scim.get("/Users", params={"attributes": "password"}).text,
        str(user),
    ]
    assert not any("password" in reply or "pbkdf2" in reply for reply in replies)


def test_eq_compares_against_the_hash(scim, user):
    assert [u["id"] for u in scim.find(f'password eq "{CLEAR}"')] == [user["id"]]
    assert scim.find('password eq "wrong"') == []
    assert scim.find(f'password eq "{CLEAR.upper()}"') == []


@pytest.mark.parametrize(
    "filter_text",
    [
        'password sw "T"',
        'password co "ub"',
        'password ew "3"',
        'password gt "A"',
        'password ge "A"',
        'password lt "z"',
        'password le "z"',
        'password ne "x"',
        "password pr",
        'userName eq "bjensen" and password sw "T"',
        'not (password sw "T")',
        'urn:ietf:params:scim:schemas:core:2.0:User:password sw "T"',
    ],
)
def test_any_other_comparison_is_invalid_filter(scim, user, filter_text):
    response = scim.get("/Users", params={"filter": filter_text})
    assert response.status_code == 400, response.text
    assert response.json()["scimType"] == "invalidFilter"


def test_sorting_by_password_is_refused(scim, user):
    response = scim.get("/Users", params={"sortBy": "password"})
    assert response.status_code == 400


def test_patch_replace_hashes_the_new_password(scim, user):
    reply = scim.patch(f"/Users/{user['id']}", {"op": "replace", "path": "password", "value": "n3w-secret"})
    assert reply.status_code == 200, reply.text
    assert "n3w-secret" not in _stored_bodies(scim)
    assert len(scim.find('password eq "n3w-secret"')) == 1 and scim.find(f'password eq "{CLEAR}"') == []


def test_patch_of_another_attribute_keeps_the_password(scim, user):
    scim.patch(f"/Users/{user['id']}", {"op": "replace", "path": "displayName", "value": "Babs"})
    assert len(scim.find(f'password eq "{CLEAR}"')) == 1


def test_put_hashes_and_an_omitted_password_is_kept(scim, user):
    body = {"schemas": [USER_SCHEMA], "userName": "bjensen", "password": "put-secret"}
    assert scim.put(f"/Users/{user['id']}", body).status_code == 200
    assert "put-secret" not in _stored_bodies(scim)
    assert len(scim.find('password eq "put-secret"')) == 1
    assert (
        scim.put(f"/Users/{user['id']}", {"schemas": [USER_SCHEMA], "userName": "bjensen"}).status_code == 200
    )
    assert len(scim.find('password eq "put-secret"')) == 1


@pytest.mark.live
def test_prefix_probing_is_refused_over_a_socket(make_client):
    client = make_client()
    with LiveServer(client.app) as server:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        created = requests.post(
            f"{server.url}/scim/v2/Users",
            json={"schemas": [USER_SCHEMA], "userName": "probe", "password": CLEAR},
            headers=headers,
            timeout=10,
        )
        assert created.status_code == 201 and "password" not in created.text
        probe = requests.get(
            f"{server.url}/scim/v2/Users", params={"filter": 'password sw "T"'}, headers=headers, timeout=10
        )
        assert probe.status_code == 400 and probe.json()["scimType"] == "invalidFilter"


def test_bulk_writes_hash_the_password(scim):
    operation = {
        "method": "POST",
        "path": "/Users",
        "bulkId": "u1",
        "data": {"schemas": [USER_SCHEMA], "userName": "bulky", "password": CLEAR},
    }
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [operation]}
    response = scim.post("/Bulk", body)
    assert response.status_code == 200 and CLEAR not in response.text
    assert CLEAR not in _stored_bodies(scim) and len(scim.find(f'password eq "{CLEAR}"')) == 1
