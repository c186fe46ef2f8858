"""attributes/excludedAttributes apply to write responses too (RFC 7644 §3.9: POST, PUT and PATCH)."""

from __future__ import annotations

import pytest

from tests.mockscim.conftest import USER_SCHEMA


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "GET"])
@pytest.mark.parametrize(
    "params, present, absent",
    [
        ({"attributes": "title"}, {"id", "title"}, {"userName"}),
        ({"excludedAttributes": "title"}, {"userName"}, {"title"}),
    ],
)
def test_write_responses_are_projected(scim, method, params, present, absent):
    user = scim.user("ann", title="Boss")
    path = f"/Users/{user['id']}"
    if method == "POST":
        response = scim.post(
            "/Users", {"schemas": [USER_SCHEMA], "userName": "bob", "title": "Boss"}, params=params
        )
    elif method == "PUT":
        response = scim.put(
            path, {"schemas": [USER_SCHEMA], "userName": "ann", "title": "Boss"}, params=params
        )
    elif method == "PATCH":
        response = scim.patch(path, {"op": "replace", "path": "title", "value": "Boss"}, params=params)
    else:
        response = scim.get(path, params=params)
    body = response.json()
    assert response.status_code in (200, 201) and present <= set(body) and not absent & set(body)
