"""Hostile input against mockscim: deep JSON, deep or long filters, wrong types, huge numbers — never a 500,
always the SCIM error with its scimType, and a rejected request leaves the store as it was."""

from __future__ import annotations

import json

import pytest
import requests

from idcore.testing import LiveServer
from tests.mockscim.conftest import GROUP_SCHEMA, PATCH_OP, SCIM, TOKEN, USER_SCHEMA

SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"


def nested(depth: int) -> str:
    """Return a JSON array nested ``depth`` levels deep."""
    return "[" * depth + "]" * depth


def user_body(value: str) -> str:
    return f'{{"schemas": ["{USER_SCHEMA}"], "userName": "deep", "x": {value}}}'


def patch_body(value: str) -> str:
    return (
        f'{{"schemas": ["{PATCH_OP}"], "Operations": [{{"op": "add", "path": "title", "value": {value}}}]}}'
    )


def bulk_body(value: str) -> str:
    data = user_body(value)
    return (
        f'{{"schemas": ["{BULK}"], "Operations": [{{"method": "POST", "path": "/Users", "data": {data}}}]}}'
    )


# (method, path, body builder): every route that reads a JSON body.
WRITES = [
    ("POST", "/Users", user_body),
    ("PUT", "/Users/{user}", user_body),
    ("PATCH", "/Users/{user}", patch_body),
    ("POST", "/Groups", lambda v: f'{{"schemas": ["{GROUP_SCHEMA}"], "displayName": "D", "x": {v}}}'),
    ("POST", "/Bulk", bulk_body),
    ("POST", "/Users/.search", lambda v: f'{{"schemas": ["{SEARCH}"], "x": {v}}}'),
    ("POST", "/.search", lambda v: f'{{"schemas": ["{SEARCH}"], "x": {v}}}'),
]


def send(scim, method, path, body, user_id="none"):
    return scim.http.request(
        method,
        SCIM + path.format(user=user_id),
        data=body,
        headers={"Content-Type": "application/scim+json"},
    )


@pytest.mark.parametrize("depth", [65, 10_000])
@pytest.mark.parametrize("method, path, build", WRITES)
def test_deep_json_is_invalid_syntax_and_changes_nothing(scim, method, path, build, depth):
    user = scim.user("keep")
    before = scim.control("GET", "/snapshot").json()
    response = send(scim, method, path, build(nested(depth)), user["id"])
    assert (response.status_code, response.json().get("scimType")) == (400, "invalidSyntax"), response.text
    assert "deeper than 64" in response.json()["detail"]
    assert scim.control("GET", "/snapshot").json() == before
    assert scim.get("/Users").status_code == 200


def test_json_at_the_depth_limit_is_accepted_and_reads_back(scim):
    response = send(scim, "POST", "/Users", user_body(nested(63)))  # with the body's object: 64 levels
    assert response.status_code == 201, response.text
    assert scim.get("/Users").status_code == 200
    assert scim.get(f"/Users/{response.json()['id']}").status_code == 200


def test_depth_limit_is_a_setting(make_client):
    scim = make_client(JSON_MAX_DEPTH=4)
    response = send(scim, "POST", "/Users", user_body(nested(4)))
    assert response.status_code == 400 and "deeper than 4" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        user_body("NaN"),
        user_body("Infinity"),
        user_body("-Infinity"),
        user_body("1e999"),
        user_body("1" * 5000),
        b'{"userName": "\xff\xfe"}',
        b'{"userName": "a"}\x00',
        "",
        "   ",
        '{"a": 1} {"b": 2}',
    ],
)
def test_bodies_that_are_not_json_are_invalid_syntax(scim, body):
    before = scim.control("GET", "/snapshot").json()
    response = send(scim, "POST", "/Users", body)
    assert (response.status_code, response.json().get("scimType")) == (400, "invalidSyntax"), response.text
    assert scim.control("GET", "/snapshot").json() == before


def deep_parens(depth: int, opener: str = "(") -> str:
    return opener * depth + 'userName eq "keep"' + ")" * depth


def long_or(clauses: int, term: str = 'userName eq "u{i}"') -> str:
    return " or ".join(term.format(i=i) for i in range(clauses - 1)) + ' or userName eq "keep"'


# Filters past the limits: invalidFilter. Each path reaches the parser: GET, a SearchRequest, the root search.
TOO_MUCH = [
    deep_parens(33),
    deep_parens(250),
    deep_parens(5000),
    deep_parens(33, "not ("),
    deep_parens(250, "not ("),
    "emails[" + "(" * 40 + 'value eq "a"' + ")" * 40 + "]",
    long_or(201),
    long_or(6000),
    " and ".join(['userName eq "keep"'] * 6000),
    long_or(300, 'emails[type eq "work" and value eq "u{i}"]'),
]
WITHIN = [deep_parens(32), deep_parens(32, "not ("), long_or(200), long_or(100, 'emails[value eq "u{i}"]')]


ROUTES = ["GET", "search", "root"]


def rotate(cases):
    """Pair each case with one of the three search routes in turn (each route sees a third of the table)."""
    return [(ROUTES[index % 3], case) for index, case in enumerate(cases)]


def search(scim, route, filter_text):
    if route == "GET":
        return scim.get("/Users", params={"filter": filter_text})
    path = "/Users/.search" if route == "search" else "/.search"
    return scim.post(path, {"schemas": [SEARCH], "filter": filter_text})


@pytest.mark.parametrize("route, filter_text", rotate(TOO_MUCH), ids=lambda v: v[:24] + f"…{len(v)}")
def test_filters_past_the_limits_are_invalid_filter(scim, route, filter_text):
    response = search(scim, route, filter_text)
    assert (response.status_code, response.json().get("scimType")) == (400, "invalidFilter"), response.text
    assert "nests deeper than 32" in response.text or "more than 200 clauses" in response.text


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("filter_text", WITHIN, ids=lambda text: text[:24] + f"…{len(text)}")
def test_filters_at_the_limits_are_answered(scim, route, filter_text):
    scim.user("keep", emails=[{"type": "work", "value": "u1"}])
    response = search(scim, route, filter_text)
    assert response.status_code == 200, response.text
    assert response.json()["totalResults"] >= 1


def test_filter_limits_are_settings(make_client):
    scim = make_client(FILTER_MAX_DEPTH=2, FILTER_MAX_CLAUSES=3)
    assert search(scim, "GET", deep_parens(3)).json()["scimType"] == "invalidFilter"
    assert search(scim, "GET", long_or(4)).json()["scimType"] == "invalidFilter"
    assert search(scim, "GET", long_or(3)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "emails[" + "(" * 40 + 'value eq "a"' + ")" * 40 + "]",
        "emails[" + " or ".join(f'value eq "{i}"' for i in range(300)) + "]",
        "emails[" + "not (" * 300 + 'value eq "a"' + ")" * 300 + "]",
    ],
    ids=["parens", "clauses", "not"],
)
def test_patch_path_filters_past_the_limits_are_invalid_path(scim, path):
    user = scim.user("keep", emails=[{"type": "work", "value": "a"}])
    before = scim.control("GET", "/snapshot").json()
    response = scim.patch(f"/Users/{user['id']}", {"op": "replace", "path": path, "value": "b"})
    assert (response.status_code, response.json().get("scimType")) == (400, "invalidPath"), response.text
    assert scim.control("GET", "/snapshot").json() == before


# Comparisons no attribute type defines (RFC 7644 §3.4.2.2), on attributes in and outside the schema.
UNDEFINED = [
    "foo gt true",
    "foo co 5",
    "foo sw true",
    "foo ew 1.5",
    "foo lt false",
    "name.foo co 5",
    "emails[foo gt true]",
    "emails[foo co 5]",
    "urn:x:y:foo co 5",
    "x.y co 5",
    "active gt true",
]


@pytest.mark.parametrize("route, filter_text", rotate(UNDEFINED))
def test_undefined_comparisons_are_invalid_filter(scim, route, filter_text):
    scim.user("keep")
    response = search(scim, route, filter_text)
    assert (response.status_code, response.json().get("scimType")) == (400, "invalidFilter"), response.text


@pytest.mark.parametrize(
    "route, filter_text",
    rotate(["foo eq 99999999999999999999999", "userName eq 99999999999999999999999", "foo gt 1e400"])
    + [("root", "userName eq 99999999999999999999999")],
)
def test_numbers_beyond_64_bits_compare_without_error(scim, route, filter_text):
    scim.user("keep")
    response = search(scim, route, filter_text)
    assert response.status_code == 200, response.text


# SearchRequest members with the wrong JSON type (RFC 7644 §3.4.3).
WRONG_TYPES = [
    ({"filter": 5}, "invalidValue"),
    ({"filter": ['userName eq "a"']}, "invalidValue"),
    ({"filter": {"op": "eq"}}, "invalidValue"),
    ({"sortBy": 5}, "invalidValue"),
    ({"sortBy": {}}, "invalidValue"),
    ({"sortOrder": 5}, "invalidValue"),
    ({"startIndex": "x"}, "invalidValue"),
    ({"startIndex": {}}, "invalidValue"),
    ({"startIndex": True}, "invalidValue"),
    ({"startIndex": 1.5}, "invalidValue"),
    ({"count": []}, "invalidValue"),
    ({"count": "ten"}, "invalidValue"),
    ({"count": {"n": 1}}, "invalidValue"),
    ({"attributes": 5}, "invalidValue"),
    ({"attributes": "userName"}, None),
    ({"attributes": [5, None]}, "invalidValue"),
    ({"attributes": {"userName": True}}, "invalidValue"),
    ({"excludedAttributes": [[]]}, "invalidValue"),
    ({"excludedAttributes": False}, "invalidValue"),
]


@pytest.mark.parametrize(
    "path, fields, scim_type",
    [(("/Users/.search", "/Groups/.search", "/.search")[i % 3], *case) for i, case in enumerate(WRONG_TYPES)],
)
def test_search_request_members_of_the_wrong_type_are_400(scim, path, fields, scim_type):
    response = scim.post(path, {"schemas": [SEARCH], **fields})
    if scim_type is None:
        assert response.status_code == 200, response.text
        return
    assert (response.status_code, response.json().get("scimType")) == (400, scim_type), response.text


@pytest.mark.parametrize(
    "query",
    [
        "startIndex=99999999999999999999",
        "startIndex=-99999999999999999999",
        "count=99999999999999999999",
        "count=-99999999999999999999",
        "startIndex=9223372036854775807&count=9223372036854775807",
        "startIndex=-5&count=-5",
    ],
)
@pytest.mark.parametrize("endpoint", ["/Users", "/Groups"])
def test_huge_and_negative_paging_numbers_are_answered(scim, endpoint, query):
    scim.user("keep")
    response = scim.get(f"{endpoint}?{query}")
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("query", ["startIndex=1e3", "count=0x10", "startIndex=one", "count=1.5"])
def test_paging_numbers_that_are_not_integers_are_invalid_value(scim, query):
    response = scim.get(f"/Users?{query}")
    assert (response.status_code, response.json().get("scimType")) == (400, "invalidValue"), response.text


@pytest.mark.live
def test_deep_json_and_deep_filter_over_a_socket(make_client):
    scim = make_client()
    with LiveServer(scim.app) as server:
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/scim+json"}
        url = f"{server.url}/scim/v2"
        deep = requests.post(f"{url}/Users", data=user_body(nested(10_000)), headers=headers, timeout=10)
        assert (deep.status_code, deep.json()["scimType"]) == (400, "invalidSyntax")
        parens = requests.get(
            f"{url}/Users", params={"filter": deep_parens(5000)}, headers=headers, timeout=10
        )
        assert (parens.status_code, parens.json()["scimType"]) == (400, "invalidFilter")
        clauses = requests.post(
            f"{url}/.search",
            data=json.dumps({"schemas": [SEARCH], "filter": long_or(6000)}),
            headers=headers,
            timeout=10,
        )
        assert (clauses.status_code, clauses.json()["scimType"]) == (400, "invalidFilter")
        listed = requests.get(f"{url}/Users", headers=headers, timeout=10)
        assert listed.status_code == 200 and listed.json()["totalResults"] == 0
