"""Replication delay: the provisioning replica lags assignments by the tenant's delay, measured on the clock."""

from __future__ import annotations

import pytest

from tests.mockidp.conftest import BASE, graph_session, make_app

REPLICA = {"X-Scimulator-View": "replica"}


@pytest.fixture
def world(database_url):
    app = make_app(database_url, USERS=0)
    graph = graph_session(app)
    sp = graph.get(f"{BASE}/v1.0/servicePrincipals").json()["value"][0]
    user = graph.post(
        f"{BASE}/v1.0/users",
        json={
            "accountEnabled": True,
            "displayName": "Ann Lee",
            "mailNickname": "ann",
            "userPrincipalName": "ann@contoso.onmicrosoft.com",
        },
    ).json()
    control = graph_session(app)
    control.headers["Authorization"] = "Bearer ctl"
    return graph, control, sp, user


def assign(graph, sp, user) -> dict:
    response = graph.post(
        f"{BASE}/v1.0/servicePrincipals/{sp['id']}/appRoleAssignedTo",
        json={"principalId": user["id"], "resourceId": sp["id"], "appRoleId": sp["appRoles"][0]["id"]},
    )
    assert response.status_code == 201, response.text
    return response.json()


def replica_ids(graph, user) -> list[str]:
    body = graph.get(f"{BASE}/v1.0/users/{user['id']}/appRoleAssignments", headers=REPLICA).json()
    return [a["id"] for a in body["value"]]


def test_current_view_sees_the_assignment_at_once(world):
    graph, _, sp, user = world
    made = assign(graph, sp, user)
    assert [
        a["id"] for a in graph.get(f"{BASE}/v1.0/users/{user['id']}/appRoleAssignments").json()["value"]
    ] == [made["id"]]


def test_replica_sees_it_only_after_the_delay(world):
    graph, control, sp, user = world
    made = assign(graph, sp, user)
    assert replica_ids(graph, user) == []
    control.post(f"{BASE}/_control/clock", json={"advance": 179})
    assert replica_ids(graph, user) == []
    control.post(f"{BASE}/_control/clock", json={"advance": 1})
    assert replica_ids(graph, user) == [made["id"]]


def test_removed_assignment_lingers_in_the_replica(world):
    graph, control, sp, user = world
    made = assign(graph, sp, user)
    control.post(f"{BASE}/_control/clock", json={"advance": 200})
    assert (
        graph.delete(f"{BASE}/v1.0/servicePrincipals/{sp['id']}/appRoleAssignedTo/{made['id']}").status_code
        == 204
    )
    assert replica_ids(graph, user) == [made["id"]]
    control.post(f"{BASE}/_control/clock", json={"advance": 180})
    assert replica_ids(graph, user) == []


def test_immediate_mode(world):
    graph, control, sp, user = world
    control.post(f"{BASE}/_control/replication", json={"mode": "immediate"})
    made = assign(graph, sp, user)
    assert replica_ids(graph, user) == [made["id"]]


def test_manual_mode_waits_for_a_flush(world):
    graph, control, sp, user = world
    control.post(f"{BASE}/_control/replication", json={"mode": "manual"})
    made = assign(graph, sp, user)
    control.post(f"{BASE}/_control/clock", json={"advance": 3000})
    assert replica_ids(graph, user) == []
    control.post(f"{BASE}/_control/replication", json={"flush": True})
    assert replica_ids(graph, user) == [made["id"]]


def test_per_object_delay_overrides_the_tenant(world):
    graph, control, sp, user = world
    made = assign(graph, sp, user)
    control.post(f"{BASE}/_control/replication", json={"objects": {made["id"]: 10}})
    control.post(f"{BASE}/_control/clock", json={"advance": 10})
    assert replica_ids(graph, user) == [made["id"]]


def test_settings_round_trip(world):
    _, control, _, _ = world
    control.post(f"{BASE}/_control/replication", json={"delay": 30})
    assert control.get(f"{BASE}/_control/replication").json() == {
        "tenant": "contoso",
        "delay": 30.0,
        "mode": "time",
    }


@pytest.mark.parametrize(
    "body", [{"delay": -1}, {"mode": "sometimes"}, {"objects": {"nope": 5}}, {"delay": "soon"}]
)
def test_bad_settings_change_nothing(world, body):
    _, control, _, _ = world
    assert control.post(f"{BASE}/_control/replication", json=body).status_code == 400
    assert control.get(f"{BASE}/_control/replication").json()["delay"] == 180.0


def test_group_assignment_and_sp_listing_use_the_replica(world):
    graph, control, sp, _ = world
    group = graph.post(
        f"{BASE}/v1.0/groups",
        json={"displayName": "G", "mailEnabled": False, "mailNickname": "g", "securityEnabled": True},
    ).json()
    assign(graph, sp, group)
    url = f"{BASE}/v1.0/servicePrincipals/{sp['id']}/appRoleAssignedTo"
    assert graph.get(url, headers=REPLICA).json()["value"] == []
    control.post(f"{BASE}/_control/clock", json={"advance": 180})
    assert [a["principalType"] for a in graph.get(url, headers=REPLICA).json()["value"]] == ["Group"]


@pytest.mark.parametrize(
    "body",
    [
        {"principalId": "00000000-0000-0000-0000-00000000beef"},
        {"appRoleId": "11111111-1111-1111-1111-111111111111"},
    ],
)
def test_bad_assignment_is_refused(world, body):
    graph, _, sp, user = world
    payload = {
        "principalId": user["id"],
        "resourceId": sp["id"],
        "appRoleId": sp["appRoles"][0]["id"],
        **body,
    }
    assert (
        graph.post(f"{BASE}/v1.0/servicePrincipals/{sp['id']}/appRoleAssignedTo", json=payload).status_code
        == 400
    )
    assert graph.get(f"{BASE}/v1.0/servicePrincipals/{sp['id']}/appRoleAssignedTo").json()["value"] == []


def test_duplicate_assignment_is_refused(world):
    graph, _, sp, user = world
    assign(graph, sp, user)
    response = graph.post(
        f"{BASE}/v1.0/servicePrincipals/{sp['id']}/appRoleAssignedTo",
        json={"principalId": user["id"], "resourceId": sp["id"], "appRoleId": sp["appRoles"][0]["id"]},
    )
    assert response.status_code == 400
