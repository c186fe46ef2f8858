"""Query options on appRoleAssignedTo and the principals' appRoleAssignments: answered in SQL, or Graph's 400."""

from __future__ import annotations

import pytest

from tests.mockidp.conftest import BASE


def _sp(graph) -> str:
    return graph.get(f"{BASE}/v1.0/servicePrincipals").json()["value"][0]["id"]


def _all(graph, url: str, **params: str) -> list[dict]:
    """Follow nextLinks and return every item."""
    items, link, args = [], url, params
    while link:
        page = graph.get(link, params=args)
        assert page.status_code == 200, page.text
        items += page.json()["value"]
        link, args = page.json().get("@odata.nextLink"), None
    return items


@pytest.mark.parametrize("kind", ["User", "Group"])
def test_filter_by_principal_type_returns_only_that_kind(graph, kind):
    url = f"{BASE}/v1.0/servicePrincipals/{_sp(graph)}/appRoleAssignedTo"
    every = _all(graph, url)
    found = _all(graph, url, **{"$filter": f"principalType eq '{kind}'"})
    assert found and found == [a for a in every if a["principalType"] == kind]


@pytest.mark.parametrize("quoted", [True, False])
def test_filter_by_principal_id_finds_its_assignment(graph, quoted):
    url = f"{BASE}/v1.0/servicePrincipals/{_sp(graph)}/appRoleAssignedTo"
    target = _all(graph, url)[3]
    value = f"'{target['principalId']}'" if quoted else target["principalId"]
    found = _all(graph, url, **{"$filter": f"principalId eq {value}"})
    assert [a["id"] for a in found] == [target["id"]]


def test_user_assignments_filter_by_resource_and_select(graph):
    sp = _sp(graph)
    user = _all(
        graph,
        f"{BASE}/v1.0/servicePrincipals/{sp}/appRoleAssignedTo",
        **{"$filter": "principalType eq 'User'"},
    )[0]
    url = f"{BASE}/v1.0/users/{user['principalId']}/appRoleAssignments"
    hit = graph.get(url, params={"$filter": f"resourceId eq {sp}", "$select": "appRoleId"}).json()["value"]
    miss = graph.get(url, params={"$filter": "resourceId eq 00000000-0000-0000-0000-000000000000"}).json()[
        "value"
    ]
    assert hit == [{"id": user["id"], "appRoleId": user["appRoleId"]}] and miss == []


def test_top_pages_with_skiptoken_and_count(graph):
    url = f"{BASE}/v1.0/servicePrincipals/{_sp(graph)}/appRoleAssignedTo"
    every = _all(graph, url)
    first = graph.get(
        url, params={"$top": "2", "$count": "true"}, headers={"ConsistencyLevel": "eventual"}
    ).json()
    assert (
        first["@odata.count"] == len(every)
        and len(first["value"]) == 2
        and "skiptoken=" in first["@odata.nextLink"]
    )
    assert _all(graph, url, **{"$top": "2"}) == every


@pytest.mark.parametrize(
    ("params", "headers", "code"),
    [
        ({"$filter": "displayName eq 'Sales'"}, {}, "BadRequest"),
        ({"$filter": "principalType ne 'User'"}, {}, "Request_UnsupportedQuery"),
        ({"$orderby": "principalDisplayName"}, {}, "Request_UnsupportedQuery"),
        (
            {"$search": '"principalDisplayName:a"'},
            {"ConsistencyLevel": "eventual"},
            "Request_UnsupportedQuery",
        ),
        ({"$count": "true"}, {}, "Request_BadRequest"),
        ({"$filter": "principalId eq"}, {}, "BadRequest"),
        ({"$select": "nope"}, {}, "BadRequest"),
    ],
)
def test_unsupported_queries_get_graph_400(graph, params, headers, code):
    url = f"{BASE}/v1.0/servicePrincipals/{_sp(graph)}/appRoleAssignedTo"
    response = graph.get(url, params=params, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == code


def test_filter_applies_to_the_replica_view(graph):
    sp = _sp(graph)
    url = f"{BASE}/v1.0/servicePrincipals/{sp}/appRoleAssignedTo"
    group = graph.post(
        f"{BASE}/v1.0/groups",
        json={"displayName": "Late", "mailNickname": "late", "securityEnabled": True, "mailEnabled": False},
    ).json()
    made = graph.post(
        url,
        json={
            "principalId": group["id"],
            "resourceId": sp,
            "appRoleId": "00000000-0000-0000-0000-000000000000",
        },
    )
    assert made.status_code == 201, made.text
    query = {"$filter": f"principalId eq {group['id']}"}
    assert len(graph.get(url, params=query).json()["value"]) == 1
    assert graph.get(url, params=query, headers={"X-Scimulator-View": "replica"}).json()["value"] == []
