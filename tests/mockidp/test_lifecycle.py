"""Recycle bin, delta, groups and members, seeding determinism, control seed and reset, openapi."""

from __future__ import annotations

import json

import pytest

from tests.mockidp.conftest import BASE, graph_session, make_app

EVENTUAL = {"ConsistencyLevel": "eventual"}


def some_user(graph) -> dict:
    return graph.get(f"{BASE}/v1.0/users", params={"$top": 1, "$filter": "userType eq 'Member'"}).json()[
        "value"
    ][0]


def test_delete_moves_to_recycle_bin_and_restore_brings_back(graph):
    user = some_user(graph)
    assert graph.delete(f"{BASE}/v1.0/users/{user['id']}").status_code == 204
    assert graph.get(f"{BASE}/v1.0/users/{user['id']}").status_code == 404
    bin_ids = [
        u["id"] for u in graph.get(f"{BASE}/v1.0/directory/deletedItems/microsoft.graph.user").json()["value"]
    ]
    assert user["id"] in bin_ids
    assert graph.post(f"{BASE}/v1.0/directory/deletedItems/{user['id']}/restore").status_code == 200
    assert graph.get(f"{BASE}/v1.0/users/{user['id']}").status_code == 200


def test_seeded_soft_deleted_user_is_in_the_bin(graph):
    body = graph.get(f"{BASE}/v1.0/directory/deletedItems/microsoft.graph.user").json()
    assert body["value"] and all(item["deletedDateTime"] for item in body["value"])


def test_permanent_delete(graph):
    user = some_user(graph)
    graph.delete(f"{BASE}/v1.0/users/{user['id']}")
    assert graph.delete(f"{BASE}/v1.0/directory/deletedItems/{user['id']}").status_code == 204
    assert graph.post(f"{BASE}/v1.0/directory/deletedItems/{user['id']}/restore").status_code == 404


def test_bin_is_purged_after_30_days(app, graph):
    user = some_user(graph)
    graph.delete(f"{BASE}/v1.0/users/{user['id']}")
    app.extensions["idcore.clock"].advance(30 * 86400)
    graph = graph_session(app)
    assert graph.get(f"{BASE}/v1.0/directory/deletedItems/microsoft.graph.user").json()["value"] == []


def test_delta_reports_changes_and_removals(graph):
    url = f"{BASE}/v1.0/users/delta"
    body = graph.get(url, params={"$top": 15}).json()
    while "@odata.nextLink" in body:
        body = graph.get(body["@odata.nextLink"]).json()
    delta_link = body["@odata.deltaLink"]
    assert graph.get(delta_link).json()["value"] == []
    a, b = graph.get(f"{BASE}/v1.0/users", params={"$top": 2}).json()["value"]
    graph.patch(f"{BASE}/v1.0/users/{a['id']}", json={"jobTitle": "Chief"})
    graph.delete(f"{BASE}/v1.0/users/{b['id']}")
    changes = graph.get(delta_link).json()["value"]
    assert [c.get("jobTitle") for c in changes if c["id"] == a["id"]] == ["Chief"]
    assert [c["@removed"] for c in changes if c["id"] == b["id"]] == [{"reason": "changed"}]


def _delta_round(graph, **params):
    body = graph.get(f"{BASE}/v1.0/users/delta", params=params).json()
    items = list(body["value"])
    while "@odata.nextLink" in body:
        body = graph.get(body["@odata.nextLink"]).json()
        items += body["value"]
    return items, body["@odata.deltaLink"]


def test_delta_select_is_kept_by_every_link(graph):
    items, delta_link = _delta_round(graph, **{"$top": 7, "$select": "id,accountEnabled,department"})
    assert items and all(set(item) <= {"id", "accountEnabled", "department"} for item in items)
    a = graph.get(f"{BASE}/v1.0/users", params={"$top": 1}).json()["value"][0]
    graph.patch(f"{BASE}/v1.0/users/{a['id']}", json={"department": "Ops"})
    assert graph.get(delta_link).json()["value"] == [
        {"id": a["id"], "accountEnabled": True, "department": "Ops"}
    ]


def test_delta_select_manager_reports_manager_delta(graph):
    a, b = graph.get(f"{BASE}/v1.0/users", params={"$top": 2}).json()["value"]
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/users/{b['id']}"}
    assert graph.put(f"{BASE}/v1.0/users/{a['id']}/manager/$ref", json=ref).status_code == 204
    items, _ = _delta_round(graph, **{"$select": "id,manager"})
    managers = {item["id"]: item["manager@delta"] for item in items}
    assert managers[a["id"]] == [{"@odata.type": "#microsoft.graph.user", "id": b["id"]}]


def test_group_members_ref_add_and_remove(graph):
    group = graph.post(
        f"{BASE}/v1.0/groups",
        json={"displayName": "Ops", "mailEnabled": False, "mailNickname": "ops", "securityEnabled": True},
    ).json()
    user = some_user(graph)
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user['id']}"}
    url = f"{BASE}/v1.0/groups/{group['id']}/members"
    assert graph.post(f"{url}/$ref", json=ref).status_code == 204
    assert graph.post(f"{url}/$ref", json=ref).status_code == 400
    assert [m["id"] for m in graph.get(url).json()["value"]] == [user["id"]]
    assert group["id"] in [
        g["id"] for g in graph.get(f"{BASE}/v1.0/users/{user['id']}/memberOf").json()["value"]
    ]
    assert graph.delete(f"{url}/{user['id']}/$ref").status_code == 204
    assert graph.delete(f"{url}/{user['id']}/$ref").status_code == 404


def test_nested_group_is_listed_not_expanded(graph):
    pilot = graph.get(f"{BASE}/v1.0/groups", params={"$filter": "displayName eq 'Provisioning pilot'"}).json()
    members = graph.get(f"{BASE}/v1.0/groups/{pilot['value'][0]['id']}/members").json()["value"]
    types = [m["@odata.type"] for m in members]
    assert types.count("#microsoft.graph.group") == 1 and types.count("#microsoft.graph.user") == 5


def test_same_seed_gives_identical_users(database_url):
    first = graph_session(make_app("sqlite://", USERS=30, SEED=5))
    second = graph_session(make_app("sqlite://", USERS=30, SEED=5))
    params = {"$select": "id,userPrincipalName,displayName,employeeId,department,accountEnabled", "$top": 999}
    a = first.get(f"{BASE}/v1.0/users", params=params).json()
    b = second.get(f"{BASE}/v1.0/users", params=params).json()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_control_seed_replaces_the_directory(app, control, graph):
    summary = control.post(f"{BASE}/_control/seed", json={"seed": 9, "users": 12}).json()
    assert summary["users"] == 12 and summary["tenant"] == "contoso"
    count = graph.get(f"{BASE}/v1.0/users", params={"$count": "true"}, headers=EVENTUAL).json()[
        "@odata.count"
    ]
    assert count < 12  # soft-deleted seeded users are not listed


@pytest.mark.parametrize("body", [{"seed": "x"}, {"users": -1}])
def test_control_seed_rejects_bad_input(control, body):
    assert control.post(f"{BASE}/_control/seed", json=body).status_code == 400


def test_reset_empties_but_keeps_tenant_credentials(app, control):
    assert control.post(f"{BASE}/_control/reset").status_code == 200
    graph = graph_session(app)
    assert graph.get(f"{BASE}/v1.0/users").json()["value"] == []


def test_openapi_lists_routes(control):
    spec = control.get(f"{BASE}/openapi.json").json()
    assert "/v1.0/users" in spec["paths"]


def test_unknown_route_is_graph_shaped(graph):
    response = graph.get(f"{BASE}/v1.0/nothing")
    assert response.status_code == 404 and "error" in response.json()


def test_snapshot_restores_the_directory(control, graph):
    saved = control.get(f"{BASE}/_control/snapshot").json()
    user = some_user(graph)
    graph.delete(f"{BASE}/v1.0/users/{user['id']}")
    assert control.post(f"{BASE}/_control/snapshot", json=saved).status_code == 200
    assert graph.get(f"{BASE}/v1.0/users/{user['id']}").status_code == 200
    assert graph.patch(f"{BASE}/v1.0/users/{user['id']}", json={"jobTitle": "After"}).status_code == 204


def test_bad_snapshot_changes_nothing(control, graph):
    user = some_user(graph)
    assert control.post(f"{BASE}/_control/snapshot", json={"format": "nope"}).status_code == 400
    assert graph.get(f"{BASE}/v1.0/users/{user['id']}").status_code == 200


def test_second_tenant_side_by_side(app, control, graph):
    summary = control.post(f"{BASE}/_control/seed", json={"tenant": "fabrikam", "users": 8, "seed": 3}).json()
    assert summary["domain"] == "fabrikam.onmicrosoft.com"
    other = graph_session(app)
    from tests.mockidp.conftest import token_for

    other.headers["Authorization"] = f"Bearer {token_for(other, tenant='fabrikam')}"
    theirs = other.get(f"{BASE}/v1.0/users", params={"$top": 999}).json()["value"]
    ours = graph.get(f"{BASE}/v1.0/users", params={"$top": 999}).json()["value"]
    assert theirs and all(u["userPrincipalName"].endswith("@fabrikam.onmicrosoft.com") for u in theirs)
    assert not {u["id"] for u in theirs} & {u["id"] for u in ours}


def test_two_tenants_seeded_alike_do_not_collide(control):
    first = control.post(f"{BASE}/_control/seed", json={"tenant": "fabrikam", "users": 5, "seed": 0})
    assert first.status_code == 200, first.text
    assert (
        control.post(f"{BASE}/_control/seed", json={"tenant": "contoso", "users": 5, "seed": 0}).status_code
        == 200
    )


@pytest.mark.parametrize("token", ["eyJzaW5jZSI6ICJhYmMifQ", "bm90IGpzb24", "WzFd"])
def test_tampered_delta_token_is_400(graph, token):
    response = graph.get(f"{BASE}/v1.0/users/delta", params={"$deltatoken": token})
    assert response.status_code == 400
