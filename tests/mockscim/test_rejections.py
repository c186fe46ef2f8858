"""Bad input under both profiles: each rejection has its status and scimType, and the store is left unchanged."""

from __future__ import annotations

import json

import pytest

from tests.mockscim.conftest import GROUP_SCHEMA, PATCH_OP, SCIM, USER_SCHEMA

BOTH = ["entra-compatible", "strict-rfc"]
SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"


def _patch(*operations):
    return {"schemas": [PATCH_OP], "Operations": [{"op": "add", "path": "title", "value": "x"}, *operations]}


# (method, path template, body; None = no body, str = raw text), status, scimType; {user}/{group} are ids.
COMMON = [
    ("POST", "/Users", "{not json", 400, "invalidSyntax"),
    ("PUT", "/Users/{user}", "{not json", 400, "invalidSyntax"),
    ("PATCH", "/Users/{user}", "{not json", 400, "invalidSyntax"),
    ("POST", "/Bulk", "{not json", 400, "invalidSyntax"),
    ("POST", "/Users", {"schemas": [GROUP_SCHEMA], "userName": "x"}, 400, "invalidSyntax"),
    ("PUT", "/Users/{user}", {"schemas": ["urn:x"], "userName": "keep"}, 400, "invalidSyntax"),
    ("PATCH", "/Users/{user}", {"schemas": [USER_SCHEMA], "Operations": []}, 400, "invalidSyntax"),
    ("PATCH", "/Users/{user}", {"schemas": [PATCH_OP], "Operations": []}, 400, "invalidSyntax"),
    ("PATCH", "/Users/{user}", _patch({"op": "add", "path": "bogus", "value": "x"}), 400, "invalidPath"),
    (
        "PATCH",
        "/Users/{user}",
        _patch({"op": "add", "path": "emails[type eq", "value": "x"}),
        400,
        "invalidPath",
    ),
    ("PATCH", "/Users/{user}", _patch({"op": "replace", "path": "id", "value": "x"}), 400, "mutability"),
    (
        "PATCH",
        "/Users/{user}",
        _patch({"op": "add", "path": "meta.created", "value": "2020-01-01T00:00:00Z"}),
        400,
        "mutability",
    ),
    (
        "PATCH",
        "/Users/{user}",
        _patch({"op": "add", "path": "groups", "value": [{"value": "g"}]}),
        400,
        "mutability",
    ),
    ("PATCH", "/Users/{user}", _patch({"op": "remove", "path": "userName"}), 400, "invalidValue"),
    ("PATCH", "/Users/{user}", _patch({"op": "explode", "path": "title"}), 400, "invalidSyntax"),
    ("PATCH", "/Groups/{group}", _patch({"op": "add", "path": "members[", "value": "x"}), 400, "invalidPath"),
    (
        "PATCH",
        "/Groups/{group}",
        {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": "nope"}]}],
        },
        400,
        "invalidValue",
    ),
    (
        "POST",
        "/Groups",
        {"schemas": [GROUP_SCHEMA], "displayName": "H", "members": [{"value": "nope"}]},
        400,
        "invalidValue",
    ),
    (
        "PUT",
        "/Groups/{group}",
        {"schemas": [GROUP_SCHEMA], "displayName": "H", "members": [{"value": "nope"}]},
        400,
        "invalidValue",
    ),
    ("POST", "/Users", {"schemas": [USER_SCHEMA], "userName": "KEEP"}, 409, "uniqueness"),
    ("GET", "/Users?filter=userName+eq", None, 400, "invalidFilter"),
    ("GET", "/Users?filter=userName+zz+%22x%22", None, 400, "invalidFilter"),
    ("GET", "/Users?filter=emails[type+eq+%22work%22", None, 400, "invalidFilter"),
    ("GET", "/Users?filter=meta.created+gt+%22notadate%22", None, 400, "invalidFilter"),
    ("POST", "/Users/.search", {"schemas": [SEARCH], "filter": 'userName eq "a" and'}, 400, "invalidFilter"),
    ("POST", "/Users", {"schemas": [USER_SCHEMA], "userName": "x" * 3000}, 413, None),
    ("PUT", "/Users/{user}", {"schemas": [USER_SCHEMA], "userName": "x" * 3000}, 413, None),
    ("PATCH", "/Users/{user}", _patch({"op": "add", "path": "title", "value": "x" * 3000}), 413, None),
]
STRICT = [
    ("POST", "/Users", {"userName": "x"}, 400, "invalidSyntax"),
    ("POST", "/Users", {"schemas": [USER_SCHEMA, "urn:x:unknown"], "userName": "x"}, 400, "invalidSyntax"),
    ("POST", "/Users", {"schemas": [USER_SCHEMA], "userName": "x", "bogus": 1}, 400, "invalidSyntax"),
    (
        "POST",
        "/Users",
        {"schemas": [USER_SCHEMA], "userName": "x", "urn:x:ext:2.0:User": {"a": 1}},
        400,
        "invalidSyntax",
    ),
    (
        "PUT",
        "/Users/{user}",
        {"schemas": [USER_SCHEMA], "userName": "keep", "bogus": 1},
        400,
        "invalidSyntax",
    ),
    ("POST", "/Groups", {"schemas": [GROUP_SCHEMA], "displayName": "H", "bogus": 1}, 400, "invalidSyntax"),
    ("POST", "/Users/.search", {"schemas": ["urn:x"], "filter": 'userName eq "a"'}, 400, "invalidSyntax"),
    ("POST", "/.search", {"filter": 'userName eq "a"'}, 400, "invalidSyntax"),
    (
        "POST",
        "/Bulk",
        {"Operations": [{"method": "POST", "path": "/Users", "data": {}}]},
        400,
        "invalidSyntax",
    ),
]
CASES = [(profile, *case) for profile in BOTH for case in COMMON] + [("strict-rfc", *case) for case in STRICT]


@pytest.mark.parametrize("profile, method, path, body, status, scim_type", CASES)
def test_bad_input_is_rejected_and_changes_nothing(
    make_client, profile, method, path, body, status, scim_type
):
    scim = make_client(profile, MAX_BODY_BYTES=2000)
    user = scim.user("keep", title="keep")
    group = scim.group("G", members=[user["id"]])
    before = scim.control("GET", "/snapshot").json()
    data = body if isinstance(body, str) or body is None else json.dumps(body)
    response = scim.http.request(
        method,
        SCIM + path.format(user=user["id"], group=group["id"]),
        data=data,
        headers={"Content-Type": "application/scim+json"},
    )
    error = response.json()
    assert (response.status_code, error.get("scimType")) == (status, scim_type), response.text
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"] and error["status"] == str(
        status
    )
    assert scim.control("GET", "/snapshot").json() == before


@pytest.mark.parametrize(
    "body",
    [
        {"userName": "x"},
        {"schemas": [USER_SCHEMA, "urn:x:unknown"], "userName": "x"},
        {"schemas": [USER_SCHEMA], "userName": "x", "bogus": 1},
    ],
)
def test_entra_compatible_accepts_what_strict_rejects(make_client, body):
    response = make_client().post("/Users", body)
    assert response.status_code == 201, response.text
