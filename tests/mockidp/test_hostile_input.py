"""Hostile input against mockidp's Graph API: deep JSON, deep or long $filter, huge numbers, oversized bodies,
NUL characters, tampered tokens — always Graph's error shape, never a 500, and a rejected write changes nothing."""

from __future__ import annotations

import base64
import json

import pytest
import requests

from idcore.testing import LiveServer
from tests.mockidp.conftest import BASE, make_app, token_for

GROUP = {
    "displayName": "G",
    "mailNickname": "g",
    "groupTypes": [],
    "mailEnabled": False,
    "securityEnabled": True,
}
NEW_USER = (
    '{"accountEnabled": true, "displayName": "Deep", "mailNickname": "deep", '
    '"userPrincipalName": "deep@contoso.onmicrosoft.com", "passwordProfile": {"password": "x"}, "jobTitle": %s}'
)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def snapshot(control) -> dict:
    return control.get(f"{BASE}/_control/snapshot").json()


def graph_error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "innerError"}
    return body["error"]


@pytest.fixture
def ids(graph) -> dict[str, str]:
    user = graph.get(f"{BASE}/v1.0/users", params={"$top": 1}).json()["value"][0]["id"]
    group = graph.post(f"{BASE}/v1.0/groups", json=GROUP).json()["id"]
    return {"user": user, "group": group}


def member(name: str, extra: str = ""):
    """Return a body builder: a JSON object whose member ``name`` holds the given value."""
    return lambda value: "{" + extra + f'"{name}": {value}' + "}"


WRITES = [
    ("POST", "/v1.0/users", lambda v: NEW_USER % v),
    ("PATCH", "/v1.0/users/{user}", member("jobTitle")),
    ("POST", "/v1.0/groups", member("x", '"displayName": "D", "mailNickname": "d", ')),
    ("PATCH", "/v1.0/groups/{group}", member("description")),
    ("POST", "/v1.0/groups/{group}/members/$ref", member("@odata.id")),
    ("PUT", "/v1.0/users/{user}/manager/$ref", member("@odata.id")),
]


@pytest.mark.parametrize("depth", [65, 500, 10_000])
@pytest.mark.parametrize("method, path, build", WRITES)
def test_deep_json_is_graph_400_and_changes_nothing(graph, control, ids, method, path, build, depth):
    before = snapshot(control)
    response = graph.request(
        method,
        BASE + path.format(**ids),
        data=build(nested(depth)),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert "deeper than 64" in graph_error(response)["message"]
    assert snapshot(control) == before
    assert graph.get(f"{BASE}/v1.0/users").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        NEW_USER % "NaN",
        NEW_USER % "1e999",
        NEW_USER % '"a\\u0000b"',
        b'{"displayName": "\xff"}',
        '{"displayName": "a"',
    ],
)
def test_bodies_graph_cannot_store_are_400(graph, control, body):
    before = snapshot(control)
    response = graph.post(f"{BASE}/v1.0/users", data=body, headers={"Content-Type": "application/json"})
    assert (response.status_code, graph_error(response)["code"]) == (400, "BadRequest"), response.text
    assert snapshot(control) == before


def test_body_over_the_size_limit_is_graph_413(database_url):
    app = make_app(database_url, MAX_BODY_BYTES=2000)
    http = requests.Session()
    from idcore.testing import mount

    mount(http, BASE, app)
    http.headers["Authorization"] = f"Bearer {token_for(http)}"
    response = http.post(f"{BASE}/v1.0/users", data=NEW_USER % json.dumps("x" * 3000), headers=JSON)
    assert response.status_code == 413
    assert graph_error(response)["code"] == "RequestEntityTooLarge"
    assert "larger than 2000 bytes" in graph_error(response)["message"]


JSON = {"Content-Type": "application/json"}


def deep_filter(depth: int, opener: str = "(") -> str:
    closer = ")" if opener == "(" else ""
    return opener * depth + "displayName eq 'x'" + closer * depth


FILTERS_PAST = [
    deep_filter(33),
    deep_filter(5000),
    deep_filter(33, "not "),
    deep_filter(300, "not "),
    " or ".join(["displayName eq 'x'"] * 201),
    " or ".join(["displayName eq 'x'"] * 6000),
    "displayName in (" + ",".join(["'Member'"] * 6000) + ")",
]


@pytest.mark.parametrize("path", ["/v1.0/users", "/v1.0/groups", "/v1.0/servicePrincipals"])
@pytest.mark.parametrize("flt", FILTERS_PAST, ids=lambda text: f"{text[:12]}…{len(text)}")
def test_filters_past_the_limits_are_graph_400(graph, path, flt):
    response = graph.get(BASE + path, params={"$filter": flt}, headers={"ConsistencyLevel": "eventual"})
    assert response.status_code == 400, response.text
    message = graph_error(response)["message"]
    assert "nests deeper than 32" in message or "more than 200 clauses" in message


@pytest.mark.parametrize(
    "flt", [deep_filter(32), deep_filter(31, "not "), " or ".join(["displayName eq 'x'"] * 200)]
)
def test_filters_at_the_limits_are_answered(graph, flt):
    response = graph.get(
        f"{BASE}/v1.0/users", params={"$filter": flt}, headers={"ConsistencyLevel": "eventual"}
    )
    assert response.status_code == 200, response.text


def token(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "path, params",
    [
        ("/v1.0/users", {"$top": "99999999999999999999"}),
        ("/v1.0/users", {"$top": "-1"}),
        ("/v1.0/groups/{group}/members", {"$top": "99999999999999999999"}),
        ("/v1.0/users", {"$skiptoken": base64.urlsafe_b64encode(nested(10_000).encode()).decode()}),
        ("/v1.0/users", {"$skiptoken": token([1])}),
        ("/v1.0/users", {"$skiptoken": token({"id": "a\u0000"})}),
        ("/v1.0/users/delta", {"$deltatoken": token({"since": 10**30})}),
        ("/v1.0/users/delta", {"$deltatoken": token({"since": -1})}),
        ("/v1.0/groups/delta", {"$deltatoken": token({"since": 1.5})}),
        ("/v1.0/users", {"$filter": "createdDateTime ge 0001-01-01T00:00:00+14:00"}),
        ("/v1.0/users/\u0000", {}),
        ("/v1.0/users", {"$filter": "displayName eq 'a\u0000'"}),
    ],
)
def test_hostile_query_values_are_graph_400(graph, ids, path, params):
    response = graph.get(BASE + path.format(**ids), params=params)
    assert response.status_code == 400, response.text
    graph_error(response)


def test_nul_in_a_token_request_is_an_oauth_400_not_a_crash(app):
    from idcore.testing import mount

    http = mount(requests.Session(), BASE, app)
    response = http.post(
        f"{BASE}/contoso/oauth2/v2.0/token",
        data={"grant_type": "client_credentials", "client_id": "a\u0000", "client_secret": "x"},
    )
    assert response.status_code == 400, response.text


@pytest.mark.live
def test_deep_json_filter_and_size_limit_over_a_socket(database_url):
    app = make_app(database_url, USERS=3, MAX_BODY_BYTES=4096)
    with LiveServer(app) as server:
        http = requests.Session()
        access = http.post(
            f"{server.url}/contoso/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "scimulator-harness",
                "client_secret": "scimulator-secret",
                "scope": "https://graph.microsoft.com/.default",
            },
            timeout=10,
        ).json()["access_token"]
        http.headers["Authorization"] = f"Bearer {access}"
        deep = http.post(f"{server.url}/v1.0/users", data=NEW_USER % nested(10_000), headers=JSON, timeout=10)
        assert deep.status_code in (400, 413)
        small = http.post(f"{server.url}/v1.0/users", data=NEW_USER % nested(1000), headers=JSON, timeout=10)
        assert small.status_code == 400 and "deeper than 64" in small.text
        big = http.post(
            f"{server.url}/v1.0/users", data=NEW_USER % json.dumps("x" * 5000), headers=JSON, timeout=10
        )
        assert big.status_code == 413 and big.json()["error"]["code"] == "RequestEntityTooLarge"
        flt = http.get(f"{server.url}/v1.0/users", params={"$filter": deep_filter(5000)}, timeout=10)
        assert flt.status_code == 400
        listed = http.get(f"{server.url}/v1.0/users", timeout=10)
        assert listed.status_code == 200 and len(listed.json()["value"]) == 3
