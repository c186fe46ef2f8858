"""Users over Graph: get by id or UPN, list, paging, $select, writes, errors."""

from __future__ import annotations

import pytest

from tests.mockidp.conftest import BASE

EVENTUAL = {"ConsistencyLevel": "eventual"}


def first_user(graph) -> dict:
    return graph.get(f"{BASE}/v1.0/users", params={"$top": "1"}).json()["value"][0]


def test_list_has_context_and_default_properties(graph):
    body = graph.get(f"{BASE}/v1.0/users").json()
    assert body["@odata.context"].endswith("/v1.0/$metadata#users")
    assert set(body["value"][0]) == {
        "businessPhones",
        "displayName",
        "givenName",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
        "id",
    }


def test_get_by_upn_and_by_id_agree(graph):
    user = first_user(graph)
    by_upn = graph.get(f"{BASE}/v1.0/users/{user['userPrincipalName'].upper()}").json()
    assert by_upn["id"] == user["id"]
    assert (
        graph.get(f"{BASE}/v1.0/users/{user['id']}").json()["userPrincipalName"] == user["userPrincipalName"]
    )


def test_select_projects_and_keeps_id(graph):
    user = graph.get(f"{BASE}/v1.0/users", params={"$select": "employeeId,accountEnabled", "$top": 1}).json()
    assert set(user["value"][0]) == {"employeeId", "accountEnabled", "id"}


def test_paging_walks_every_live_user_once(graph):
    seen, url, params = [], f"{BASE}/v1.0/users", {"$top": "7", "$select": "id"}
    while url:
        body = graph.get(url, params=params).json()
        seen += [item["id"] for item in body["value"]]
        url, params = body.get("@odata.nextLink"), None
    count = graph.get(f"{BASE}/v1.0/users", params={"$count": "true", "$top": 1}, headers=EVENTUAL).json()
    assert len(seen) == len(set(seen)) == count["@odata.count"]


def test_orderby_display_name_pages_in_order(graph):
    first = graph.get(f"{BASE}/v1.0/users", params={"$orderby": "displayName", "$top": 5}).json()
    second = graph.get(first["@odata.nextLink"]).json()
    names = [u["displayName"].lower() for u in first["value"] + second["value"]]
    assert names == sorted(names)


@pytest.mark.parametrize(
    "params, headers, code",
    [
        ({"$top": "0"}, {}, "BadRequest"),
        ({"$select": "nope"}, {}, "BadRequest"),
        ({"$count": "true"}, {}, "Request_BadRequest"),
        ({"$search": '"displayName:a"'}, {}, "Request_UnsupportedQuery"),
        ({"$orderby": "jobTitle"}, {}, "Request_UnsupportedQuery"),
        ({"$skiptoken": "%%%"}, {}, "BadRequest"),
        ({"$expand": "manager"}, {}, "BadRequest"),
    ],
)
def test_bad_queries_get_graph_400(graph, params, headers, code):
    response = graph.get(f"{BASE}/v1.0/users", params=params, headers=headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert set(response.json()["error"]["innerError"]) == {"date", "request-id", "client-request-id"}


def test_unknown_user_is_404(graph):
    response = graph.get(f"{BASE}/v1.0/users/nobody@contoso.onmicrosoft.com")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "Request_ResourceNotFound"


NEW = {
    "accountEnabled": True,
    "displayName": "Ada Lovelace",
    "mailNickname": "ada",
    "userPrincipalName": "ada@contoso.onmicrosoft.com",
    "passwordProfile": {"password": "x"},
}


def test_create_then_patch(graph):
    created = graph.post(f"{BASE}/v1.0/users", json=NEW)
    assert created.status_code == 201
    user_id = created.json()["id"]
    assert graph.patch(f"{BASE}/v1.0/users/{user_id}", json={"department": "R&D"}).status_code == 204
    assert (
        graph.get(f"{BASE}/v1.0/users/{user_id}", params={"$select": "department"}).json()["department"]
        == "R&D"
    )


@pytest.mark.parametrize(
    "body",
    [
        {**NEW, "userPrincipalName": "ada@elsewhere.com"},
        {**NEW, "displayName": None},
        {**NEW, "shoeSize": 42},
        {**NEW, "accountEnabled": "yes"},
        {**NEW, "id": "00000000-0000-0000-0000-000000000001"},
        {**NEW, "employeeId": "x" * 17},
        {**NEW, "displayName": "x" * 300},
        {**NEW, "proxyAddresses": "smtp:a@b.c"},
    ],
)
def test_rejected_create_changes_nothing(graph, body):
    before = graph.get(f"{BASE}/v1.0/users", params={"$count": "true", "$top": 1}, headers=EVENTUAL).json()
    response = graph.post(f"{BASE}/v1.0/users", json=body)
    after = graph.get(f"{BASE}/v1.0/users", params={"$count": "true", "$top": 1}, headers=EVENTUAL).json()
    assert response.status_code == 400
    assert before["@odata.count"] == after["@odata.count"]


def test_duplicate_upn_is_refused(graph):
    assert graph.post(f"{BASE}/v1.0/users", json=NEW).status_code == 201
    response = graph.post(f"{BASE}/v1.0/users", json=NEW)
    assert response.status_code == 400
    assert "already exists" in response.json()["error"]["message"]


def test_rejected_patch_changes_nothing(graph):
    user = first_user(graph)
    response = graph.patch(
        f"{BASE}/v1.0/users/{user['id']}", json={"displayName": "X", "accountEnabled": "no"}
    )
    assert response.status_code == 400
    assert graph.get(f"{BASE}/v1.0/users/{user['id']}").json()["displayName"] == user["displayName"]


def test_manager_put_get_delete(graph):
    users = graph.get(f"{BASE}/v1.0/users", params={"$top": 2}).json()["value"]
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/users/{users[1]['id']}"}
    assert graph.put(f"{BASE}/v1.0/users/{users[0]['id']}/manager/$ref", json=ref).status_code == 204
    assert graph.get(f"{BASE}/v1.0/users/{users[0]['id']}/manager").json()["id"] == users[1]["id"]
    assert graph.delete(f"{BASE}/v1.0/users/{users[0]['id']}/manager/$ref").status_code == 204
    assert graph.get(f"{BASE}/v1.0/users/{users[0]['id']}/manager").status_code == 404
