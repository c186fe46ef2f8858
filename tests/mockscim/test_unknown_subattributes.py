"""strict-rfc refuses sub-attributes its schema does not declare (RFC 7643 §2.4, §4.1.1, §4.2); entra-compatible keeps them."""

from __future__ import annotations

import pytest

from tests.mockscim.conftest import ENTERPRISE, GROUP_SCHEMA, SCIM, USER_SCHEMA

UNKNOWN_USER_BODIES = [
    {"name": {"givenName": "Barbara", "foo": "x"}},
    {"emails": [{"value": "b@example.com", "kind": "work"}]},
    {ENTERPRISE: {"manager": {"value": "m1", "level": 2}}},
]


@pytest.mark.parametrize("extra", UNKNOWN_USER_BODIES)
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_strict_refuses_unknown_sub_attribute_in_user_body(make_client, method, extra):
    scim = make_client("strict-rfc")
    user = scim.user("keep")
    schemas = [USER_SCHEMA, ENTERPRISE] if ENTERPRISE in extra else [USER_SCHEMA]
    body = {"schemas": schemas, "userName": "bjensen", **extra}
    path = "/Users" if method == "POST" else f"/Users/{user['id']}"
    response = scim.http.request(method, SCIM + path, json=body)
    assert (response.status_code, response.json()["scimType"]) == (400, "invalidSyntax"), response.text
    assert [u["userName"] for u in scim.get("/Users").json()["Resources"]] == ["keep"]


@pytest.mark.parametrize(
    ("operation", "scim_type"),
    [
        ({"op": "add", "path": "name.foo", "value": "x"}, "invalidPath"),
        ({"op": "add", "path": "name", "value": {"foo": "x"}}, "invalidSyntax"),
        ({"op": "add", "value": {"name": {"givenName": "B", "foo": "x"}}}, "invalidSyntax"),
    ],
)
def test_strict_refuses_unknown_sub_attribute_in_user_patch(make_client, operation, scim_type):
    scim = make_client("strict-rfc")
    user = scim.user("bjensen")
    response = scim.patch(f"/Users/{user['id']}", operation)
    assert (response.status_code, response.json()["scimType"]) == (400, scim_type), response.text
    assert "name" not in scim.get(f"/Users/{user['id']}").json()


def test_strict_refuses_member_display_name_in_group_patch(make_client):
    scim = make_client("strict-rfc")
    user = scim.user("bjensen")
    group = scim.group("Sales")
    member = {
        "value": user["id"],
        "displayName": "Barbara",
    }  # RFC 7643 §4.2 declares display, not displayName
    response = scim.patch(f"/Groups/{group['id']}", {"op": "add", "path": "members", "value": [member]})
    assert (response.status_code, response.json()["scimType"]) == (400, "invalidSyntax"), response.text
    assert scim.get(f"/Groups/{group['id']}").json().get("members", []) == []


def test_strict_refuses_member_display_name_in_group_post(make_client):
    scim = make_client("strict-rfc")
    user = scim.user("bjensen")
    body = {"schemas": [GROUP_SCHEMA], "displayName": "Sales", "members": [{"value": user["id"], "foo": 1}]}
    response = scim.post("/Groups", body)
    assert (response.status_code, response.json()["scimType"]) == (400, "invalidSyntax"), response.text


def test_entra_compatible_keeps_accepting_unknown_sub_attributes(scim):
    user = scim.user("bjensen", name={"givenName": "Barbara", "foo": "x"})
    assert user["name"]["givenName"] == "Barbara"
    group = scim.group("Sales")
    member = {"value": user["id"], "displayName": "Barbara"}
    response = scim.patch(f"/Groups/{group['id']}", {"op": "add", "path": "members", "value": [member]})
    assert response.status_code in (200, 204), response.text
    assert [m["value"] for m in scim.get(f"/Groups/{group['id']}").json()["members"]] == [user["id"]]


def test_strict_accepts_declared_sub_attributes(make_client):
    scim = make_client("strict-rfc")
    user = scim.user("bjensen", name={"givenName": "Barbara"}, emails=[{"value": "b@x.com", "type": "work"}])
    group = scim.group("Sales")
    member = {"value": user["id"], "display": "Barbara", "type": "User"}
    response = scim.patch(f"/Groups/{group['id']}", {"op": "add", "path": "members", "value": [member]})
    assert response.status_code == 200, response.text
