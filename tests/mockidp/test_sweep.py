"""A sweep of hostile values through every field of every Graph write body: never a 5xx, and no write.

Each field (and each field one level down) takes each value of HOSTILE in turn; the body around it stays valid.
Found by this sweep and fixed: ``onPremisesExtensionAttributes: null`` and a group's ``displayName: null`` (500),
a lone surrogate (``\\ud800``) anywhere (500 on SQLite and PostgreSQL), a long or non-ASCII seeded tenant name (500 on
PostgreSQL).
"""

from __future__ import annotations

import json

import pytest

from tests.mockidp.conftest import BASE

HOSTILE = [
    "\ud800",
    None,
    True,
    -1,
    10**30,
    1e308,
    "",
    "x" * 5000,
    "😀" * 300,
    [],
    {},
    [[]],
    [{"value": None}],
]
RAW = [
    (b'{"a": "\xff"}', "application/json"),
    (b'{"displayName": "a"}', "text/plain"),
    (b"<a/>", "application/xml"),
]
USER = {
    "accountEnabled": True,
    "displayName": "A",
    "mailNickname": "a",
    "userPrincipalName": "a@contoso.onmicrosoft.com",
    "passwordProfile": {"password": "x", "forceChangePasswordNextSignIn": False},
    "jobTitle": "j",
    "employeeId": "1",
    "otherMails": ["b@x.com"],
    "onPremisesExtensionAttributes": {"extensionAttribute1": "x"},
    "employeeHireDate": "2020-01-01T00:00:00Z",
}
GROUP = {
    "displayName": "G2",
    "mailNickname": "g2",
    "groupTypes": [],
    "mailEnabled": False,
    "securityEnabled": True,
}


def variants(base: dict) -> list[bytes]:
    """Return ``base`` with each field, and each field one level down, replaced by each hostile value."""
    out = []
    for key in [*base, "extra"]:
        for value in HOSTILE:
            out.append(json.dumps({**base, key: value}).encode())
        if isinstance(base.get(key), dict):
            for sub in base[key]:
                for value in HOSTILE:
                    out.append(json.dumps({**base, key: {**base[key], sub: value}}).encode())
    return out


ROUTES = [
    ("POST", "/v1.0/users", USER),
    ("PATCH", "/v1.0/users/{user}", {k: v for k, v in USER.items() if k not in ("passwordProfile",)}),
    ("POST", "/v1.0/groups", GROUP),
    ("PATCH", "/v1.0/groups/{group}", GROUP),
    (
        "POST",
        "/v1.0/groups/{group}/members/$ref",
        {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/x"},
    ),
    (
        "PUT",
        "/v1.0/users/{user}/manager/$ref",
        {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/x"},
    ),
]


@pytest.mark.parametrize("method, path, base", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_hostile_field_values_never_answer_5xx(graph, method, path, base):
    ids = {
        "user": graph.get(f"{BASE}/v1.0/users", params={"$top": 1}).json()["value"][0]["id"],
        "group": graph.post(f"{BASE}/v1.0/groups", json={**GROUP, "mailNickname": "sweep"}).json()["id"],
    }
    url = BASE + path.format(**ids)
    failures = []
    for body, content_type in [*RAW, *((body, "application/json") for body in variants(base))]:
        response = graph.request(method, url, data=body, headers={"Content-Type": content_type})
        if response.status_code >= 500:
            failures.append((body[:80], response.status_code))
    assert failures == []


@pytest.mark.parametrize("tenant", ["x" * 100, "😀", "a b", "", "-x"])
def test_seeding_a_tenant_name_that_cannot_be_a_domain_is_400(control, tenant):
    response = control.post(f"{BASE}/_control/seed", json={"tenant": tenant, "users": 1})
    assert response.status_code == 400 and "tenant" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "path, body, needle",
    [
        ("/v1.0/users/{user}", {"onPremisesExtensionAttributes": None}, "extensionAttribute1"),
        ("/v1.0/groups/{group}", {"displayName": None}, "displayName"),
    ],
)
def test_null_for_a_required_or_complex_property_is_400(graph, path, body, needle):
    ids = {
        "user": graph.get(f"{BASE}/v1.0/users", params={"$top": 1}).json()["value"][0]["id"],
        "group": graph.post(f"{BASE}/v1.0/groups", json=GROUP).json()["id"],
    }
    response = graph.patch(BASE + path.format(**ids), json=body)
    assert response.status_code == 400 and needle in response.json()["error"]["message"], response.text
