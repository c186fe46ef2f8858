"""``$filter`` on the recycle bin's typed lists, as Graph's "List deletedItems" supports it.

The page says the lists support "the query parameters that are supported by the resource that is specified by the
OData cast", so a filter is the user's (or group's) own, compiled to SQL, with the same 400s and advanced-query rule.
"""

from __future__ import annotations

import pytest

from tests.mockidp.conftest import BASE

USERS = f"{BASE}/v1.0/directory/deletedItems/microsoft.graph.user"
GROUPS = f"{BASE}/v1.0/directory/deletedItems/microsoft.graph.group"
EVENTUAL = {"ConsistencyLevel": "eventual"}


@pytest.fixture
def binned(graph) -> list[dict]:
    """Delete two live members (the seed already holds one deleted user) and return them."""
    live = graph.get(f"{BASE}/v1.0/users", params={"$top": 2, "$filter": "userType eq 'Member'"}).json()
    for user in live["value"]:
        assert graph.delete(f"{BASE}/v1.0/users/{user['id']}").status_code == 204
    return live["value"]


def upns(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["userPrincipalName"] for item in response.json()["value"]]


def test_deleted_users_filter_by_upn_returns_only_that_user(graph, binned):
    upn = binned[0]["userPrincipalName"]
    assert upns(graph.get(USERS, params={"$filter": f"userPrincipalName eq '{upn}'"})) == [upn]


def test_deleted_users_filter_is_case_insensitive_and_takes_or(graph, binned):
    a, b = (user["userPrincipalName"] for user in binned)
    text = f"userPrincipalName eq '{a.upper()}' or displayName eq '{binned[1]['displayName']}'"
    assert sorted(upns(graph.get(USERS, params={"$filter": text}))) == sorted([a, b])


def test_deleted_users_filter_matching_no_one_is_empty(graph, binned):
    assert upns(graph.get(USERS, params={"$filter": "userPrincipalName eq 'nobody@contoso.com'"})) == []


def test_deleted_users_filter_startswith(graph, binned):
    upn = binned[0]["userPrincipalName"]
    found = upns(graph.get(USERS, params={"$filter": f"startswith(userPrincipalName,'{upn[:-3]}')"}))
    assert found == [upn]


def test_deleted_users_filter_never_returns_live_users(graph, binned):
    live = graph.get(f"{BASE}/v1.0/users", params={"$top": 1}).json()["value"][0]
    text = f"userPrincipalName eq '{live['userPrincipalName']}'"
    assert upns(graph.get(USERS, params={"$filter": text})) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("nosuch eq 'x'", "BadRequest"),
        ("officeLocation eq 'x'", "Request_UnsupportedQuery"),
        ("userPrincipalName eq", "BadRequest"),
    ],
)
def test_deleted_users_bad_filter_is_the_same_400_as_on_users(graph, binned, text, code):
    response = graph.get(USERS, params={"$filter": text})
    live = graph.get(f"{BASE}/v1.0/users", params={"$filter": text})
    assert (response.status_code, response.json()["error"]["code"]) == (400, code)
    assert response.json()["error"]["message"] == live.json()["error"]["message"]


def test_deleted_users_search_finds_by_display_name_word(graph, binned):
    word = binned[0]["displayName"].split()[0]
    response = graph.get(USERS, params={"$search": f'"displayName:{word}"'}, headers=EVENTUAL)
    assert binned[0]["userPrincipalName"] in upns(response)


def test_deleted_users_ne_needs_consistency_level(graph, binned):
    upn = binned[0]["userPrincipalName"]
    params = {"$filter": f"userPrincipalName ne '{upn}'", "$count": "true"}
    assert graph.get(USERS, params={"$filter": params["$filter"]}).status_code == 400
    found = upns(graph.get(USERS, params=params, headers=EVENTUAL))
    assert upn not in found and binned[1]["userPrincipalName"] in found


def test_deleted_groups_filter_by_display_name(graph):
    for name in ("Bin One", "Bin Two"):
        body = {
            "displayName": name,
            "mailEnabled": True,
            "mailNickname": name.replace(" ", ""),
            "securityEnabled": False,
            "groupTypes": ["Unified"],
        }
        group = graph.post(f"{BASE}/v1.0/groups", json=body).json()
        assert graph.delete(f"{BASE}/v1.0/groups/{group['id']}").status_code == 204
    response = graph.get(GROUPS, params={"$filter": "displayName eq 'bin two'"})
    assert [item["displayName"] for item in response.json()["value"]] == ["Bin Two"]
