"""A sweep of hostile values through every field of every SCIM body: never a 5xx.

Each field (and each field one level down, the first element of a list of objects included) takes each value
of HOSTILE in turn; the body around it stays valid. Found by this sweep and fixed: a lone surrogate (``\\ud800``)
in any string (500 on SQLite and PostgreSQL), ``\\u0000`` in a string (500 on PostgreSQL, and a stored key made
every later sorted read 500).
"""

from __future__ import annotations

import json

import pytest

from tests.mockscim.conftest import ENTERPRISE, GROUP_SCHEMA, PATCH_OP, SCIM, USER_SCHEMA

HOSTILE = ["\ud800", "\u0000", None, True, -1, 10**30, 1e308, "", "x" * 5000, [], {}, [[]], [{"value": None}]]
RAW = [
    (b'{"a": "\xff"}', "application/scim+json"),
    (b'{"userName": "a"}', "text/plain"),
    (b"<a/>", "text/xml"),
]
USER = {
    "schemas": [USER_SCHEMA, ENTERPRISE],
    "userName": "u",
    "name": {"givenName": "a", "familyName": "b"},
    "emails": [{"value": "a@x", "type": "work", "primary": True}],
    "active": True,
    "externalId": "e",
    ENTERPRISE: {"employeeNumber": "1", "manager": {"value": "m"}},
    "password": "p",
}
GROUP = {"schemas": [GROUP_SCHEMA], "displayName": "g", "members": [{"value": "x"}]}
PATCH = {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "title", "value": "t"}]}
SEARCH = {
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
    "filter": 'userName eq "u"',
    "sortBy": "userName",
    "attributes": ["userName"],
}
BULK = {
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    "Operations": [{"method": "POST", "path": "/Users", "bulkId": "b", "data": {"schemas": [USER_SCHEMA]}}],
}


def variants(base: dict) -> list[bytes]:
    """Return ``base`` with each field, and each field one level down, replaced by each hostile value."""
    out = []
    for key in [*base, "extra"]:
        out += [json.dumps({**base, key: value}).encode() for value in HOSTILE]
        inner = base.get(key)
        if isinstance(inner, list) and inner and isinstance(inner[0], dict):
            inner = inner[0]
            wrap = list
        else:
            wrap = None
        if isinstance(inner, dict):
            for sub in inner:
                for value in HOSTILE:
                    changed = {**inner, sub: value}
                    out.append(json.dumps({**base, key: [changed] if wrap else changed}).encode())
    return out


ROUTES = [
    ("POST", "/Users", USER),
    ("PUT", "/Users/{user}", USER),
    ("PATCH", "/Users/{user}", PATCH),
    ("POST", "/Groups", GROUP),
    ("PATCH", "/Groups/{group}", PATCH),
    ("POST", "/Users/.search", SEARCH),
    ("POST", "/.search", SEARCH),
    ("POST", "/Bulk", BULK),
]


@pytest.mark.parametrize("method, path, base", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_hostile_field_values_never_answer_5xx(scim, method, path, base):
    ids = {"user": scim.user("keep")["id"], "group": scim.group("keep")["id"]}
    url = SCIM + path.format(**ids)
    failures = []
    for body, content_type in [*RAW, *((body, "application/scim+json") for body in variants(base))]:
        response = scim.http.request(method, url, data=body, headers={"Content-Type": content_type})
        if response.status_code >= 500:
            failures.append((body[:80], response.status_code))
    assert failures == []
    assert scim.get("/Users", params={"sortBy": "name.givenName"}).status_code == 200
