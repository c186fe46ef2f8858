"""$filter and $search as the harness and the portal use them."""

from __future__ import annotations

import pytest

from tests.mockidp.conftest import BASE

EVENTUAL = {"ConsistencyLevel": "eventual"}
PORTAL = '"displayName:{q}" OR "givenName:{q}" OR "surname:{q}" OR "userPrincipalName:{q}" OR "mail:{q}"'


def users(graph, **params) -> list[dict]:
    response = graph.get(
        f"{BASE}/v1.0/users",
        params={"$top": 999, **params},
        headers=EVENTUAL if "$search" in params or params.get("_eventual") else {},
    )
    assert response.status_code == 200, response.text
    return response.json()["value"]


def portal_search(graph, q: str) -> list[dict]:
    return users(graph, **{"$search": PORTAL.format(q=q), "$filter": "accountEnabled eq true"})


def test_portal_search_finds_by_surname_prefix_any_case(graph):
    found = portal_search(graph, "núñ")
    assert [u["displayName"] for u in found] == ["José Núñez-Ødegård"]


def test_portal_search_ignores_diacritics_in_the_query(graph):
    assert [u["givenName"] for u in portal_search(graph, "JOSE")] == ["José"]


def test_portal_search_by_upn_prefix(graph):
    target = users(graph, **{"$filter": "employeeId eq '100006'"})[0]
    found = portal_search(graph, target["userPrincipalName"][:6])
    assert target["id"] in [u["id"] for u in found]


def test_portal_search_skips_disabled_users(graph):
    disabled = users(graph, **{"$filter": "accountEnabled eq false", "$select": "givenName,accountEnabled"})
    assert disabled
    found = portal_search(graph, disabled[0]["givenName"])
    assert disabled[0]["id"] not in [u["id"] for u in found]


def test_search_needs_quotes(graph):
    response = graph.get(f"{BASE}/v1.0/users", params={"$search": "displayName:jo"}, headers=EVENTUAL)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "flt",
    [
        "employeeId eq '100006'",
        "startswith(displayName,'Jos')",
        "employeeId in ('100006', '999999')",
        "userType eq 'Member' and employeeId eq '100006'",
        "employeeId eq '100006' or employeeId eq '999999'",
        "createdDateTime ge 2000-01-01T00:00:00Z and employeeId eq '100006'",
        "(employeeId eq '100006')",
    ],
)
def test_filters_find_the_seeded_user(graph, flt):
    found = users(graph, **{"$filter": flt, "$select": "employeeId"})
    assert [u["employeeId"] for u in found] == ["100006"]


def test_filter_is_case_insensitive(graph):
    target = users(graph, **{"$filter": "employeeId eq '100006'"})[0]
    found = users(graph, **{"$filter": f"userPrincipalName eq '{target['userPrincipalName'].upper()}'"})
    assert [u["id"] for u in found] == [target["id"]]


def test_any_on_proxy_addresses(graph):
    target = users(graph, **{"$filter": "employeeId eq '100006'", "$select": "proxyAddresses"})[0]
    address = target["proxyAddresses"][0]
    found = users(graph, **{"$filter": f"proxyAddresses/any(p:p eq '{address.lower()}')"})
    assert [u["id"] for u in found] == [target["id"]]


def test_guests_by_user_type(graph):
    guests = users(graph, **{"$filter": "userType eq 'Guest'", "$select": "userPrincipalName"})
    assert guests and all("#EXT#" in g["userPrincipalName"] for g in guests)


def test_extension_attribute_filter(graph):
    rows = users(graph, **{"$select": "onPremisesExtensionAttributes", "$top": 999})
    value = next(
        r["onPremisesExtensionAttributes"]["extensionAttribute1"]
        for r in rows
        if r["onPremisesExtensionAttributes"]["extensionAttribute1"]
    )
    found = users(graph, **{"$filter": f"onPremisesExtensionAttributes/extensionAttribute1 eq '{value}'"})
    assert found


def test_null_filter_finds_missing_employee_id(graph):
    found = users(
        graph, **{"$filter": "employeeId eq null and userType eq 'Member'", "$select": "employeeId"}
    )
    assert len(found) == 1


@pytest.mark.parametrize(
    "flt, code",
    [
        ("endswith(mail,'x')", "Request_UnsupportedQuery"),
        ("officeLocation eq 'x'", "Request_UnsupportedQuery"),
        ("shoeSize eq 1", "BadRequest"),
        ("employeeId eq", "BadRequest"),
        ("employeeId ne '1'", "Request_UnsupportedQuery"),
        ("proxyAddresses/all(p:p eq 'x')", "Request_UnsupportedQuery"),
        ("accountEnabled eq 'yes'", "Request_UnsupportedQuery"),
        ("employeeId eq '1' garbage", "BadRequest"),
        ("employeeId eq '1", "BadRequest"),
        ("createdDateTime ge 2020-13-45T00:00:00Z", "BadRequest"),
    ],
)
def test_unsupported_filters_get_400_not_a_wrong_answer(graph, flt, code):
    response = graph.get(f"{BASE}/v1.0/users", params={"$filter": flt})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_ne_works_with_consistency_level(graph):
    found = users(graph, _eventual=True, **{"$filter": "userType ne 'Member'", "$count": "true"})
    assert found and all("#EXT#" in u["userPrincipalName"] for u in found)


def test_enterprise_app_by_display_name(graph):
    body = graph.get(
        f"{BASE}/v1.0/servicePrincipals", params={"$filter": "displayName eq 'Contoso SCIM app'"}
    ).json()
    assert [sp["displayName"] for sp in body["value"]] == ["Contoso SCIM app"]
    assert {role["value"] for role in body["value"][0]["appRoles"]} == {"User", "Admin"}


def test_group_by_name_filter_and_search(graph):
    by_filter = graph.get(
        f"{BASE}/v1.0/groups", params={"$filter": "displayName eq 'provisioning pilot'"}
    ).json()
    by_search = graph.get(
        f"{BASE}/v1.0/groups", params={"$search": '"displayName:pilot"'}, headers=EVENTUAL
    ).json()
    assert [g["displayName"] for g in by_filter["value"]] == ["Provisioning pilot"]
    assert {g["displayName"] for g in by_search["value"]} == {"Provisioning pilot", "Pilot extended"}
