"""Groups: members@delta on /groups/delta, the group recycle bin (GROUP_RECYCLE_BIN), token-indexed $search."""

from __future__ import annotations

import pytest

from tests.mockidp.conftest import BASE, graph_session, make_app

EVENTUAL = {"ConsistencyLevel": "eventual"}
KINDS = {
    "unified": {"groupTypes": ["Unified"], "mailEnabled": True, "securityEnabled": False},
    "security": {"groupTypes": [], "mailEnabled": False, "securityEnabled": True},
    "distribution": {"groupTypes": [], "mailEnabled": True, "securityEnabled": False},
}


def new_group(graph, name: str, kind: str = "security") -> dict:
    body = {"displayName": name, "mailNickname": name.lower().replace(" ", ""), **KINDS[kind]}
    response = graph.post(f"{BASE}/v1.0/groups", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def user_ids(graph, n: int) -> list[str]:
    params = {"$top": n, "$filter": "userType eq 'Member'"}
    return [u["id"] for u in graph.get(f"{BASE}/v1.0/users", params=params).json()["value"]]


def add(graph, group_id: str, member_id: str) -> None:
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{member_id}"}
    assert graph.post(f"{BASE}/v1.0/groups/{group_id}/members/$ref", json=ref).status_code == 204


def full_round(graph, url: str) -> tuple[list[dict], str]:
    items, body = [], graph.get(url, params={"$top": 3}).json()
    items += body["value"]
    while "@odata.nextLink" in body:
        body = graph.get(body["@odata.nextLink"]).json()
        items += body["value"]
    return items, body["@odata.deltaLink"]


def test_initial_round_lists_every_live_member(graph):
    items, _ = full_round(graph, f"{BASE}/v1.0/groups/delta")
    by_name = {item["displayName"]: item for item in items}
    pilot = by_name["Provisioning pilot"]
    members = graph.get(f"{BASE}/v1.0/groups/{pilot['id']}/members").json()["value"]
    expected = sorted((m["@odata.type"], m["id"]) for m in members)
    assert sorted((m["@odata.type"], m["id"]) for m in pilot["members@delta"]) == expected
    assert "#microsoft.graph.group" in {t for t, _ in expected}
    assert all("@removed" not in m for item in items for m in item["members@delta"])


@pytest.mark.parametrize("change", ["add", "remove", "add-then-remove", "remove-then-add"])
def test_next_round_carries_the_net_member_changes(graph, change):
    group = new_group(graph, "Delta team")
    a, b = user_ids(graph, 2)
    add(graph, group["id"], a)
    _, delta_link = full_round(graph, f"{BASE}/v1.0/groups/delta")
    untouched = new_group(graph, "Untouched")
    _, delta_link = full_round(graph, delta_link)
    member = f"{BASE}/v1.0/groups/{group['id']}/members"
    expected: list[dict] = []
    if change.startswith("add"):
        add(graph, group["id"], b)
        expected = [{"@odata.type": "#microsoft.graph.user", "id": b}]
    if "remove" in change:
        target = b if change == "add-then-remove" else a
        assert graph.delete(f"{member}/{target}/$ref").status_code == 204
        expected = [{"@odata.type": "#microsoft.graph.user", "id": target, "@removed": {"reason": "deleted"}}]
    if change == "remove-then-add":
        add(graph, group["id"], a)
        expected = [{"@odata.type": "#microsoft.graph.user", "id": a}]
    changes, next_link = full_round(graph, delta_link)
    assert [item["id"] for item in changes] == [group["id"]]
    assert untouched["id"] not in {item["id"] for item in changes}
    assert changes[0]["members@delta"] == expected
    assert full_round(graph, next_link)[0] == []


def test_group_rename_has_no_members_delta(graph):
    group = new_group(graph, "Renamed")
    add(graph, group["id"], user_ids(graph, 1)[0])
    _, delta_link = full_round(graph, f"{BASE}/v1.0/groups/delta")
    graph.patch(f"{BASE}/v1.0/groups/{group['id']}", json={"displayName": "Renamed again"})
    (item,) = full_round(graph, delta_link)[0]
    assert item["displayName"] == "Renamed again" and "members@delta" not in item


@pytest.mark.parametrize(
    ("mode", "kind", "kept"),
    [
        ("unified", "unified", True),
        ("unified", "security", False),
        ("unified", "distribution", False),
        ("all", "unified", True),
        ("all", "security", True),
        ("all", "distribution", False),
        ("none", "unified", False),
        ("none", "security", False),
    ],
)
def test_recycle_bin_setting_decides_which_groups_are_kept(database_url, mode, kind, kept):
    graph = graph_session(make_app(database_url, USERS=12, GROUP_RECYCLE_BIN=mode))
    group = new_group(graph, "Binned", kind)
    assert graph.delete(f"{BASE}/v1.0/groups/{group['id']}").status_code == 204
    assert graph.get(f"{BASE}/v1.0/groups/{group['id']}").status_code == 404
    listed = graph.get(f"{BASE}/v1.0/directory/deletedItems/microsoft.graph.group").json()["value"]
    assert [g["id"] for g in listed] == ([group["id"]] if kept else [])
    restore = graph.post(f"{BASE}/v1.0/directory/deletedItems/{group['id']}/restore")
    assert restore.status_code == (200 if kept else 404)
    assert graph.get(f"{BASE}/v1.0/groups/{group['id']}").status_code == (200 if kept else 404)


def test_default_setting_is_unified():
    from mockidp.config import DEFAULTS

    assert DEFAULTS["GROUP_RECYCLE_BIN"] == "unified"


@pytest.mark.parametrize("value", ["security", "", None, 1])
def test_unknown_setting_is_refused_at_start(value):
    with pytest.raises(ValueError, match="GROUP_RECYCLE_BIN"):
        make_app("sqlite://", GROUP_RECYCLE_BIN=value)


def assigned_to(graph, app_id: str, principal: str, replica: bool = False) -> list[str]:
    headers = {"X-Scimulator-View": "replica"} if replica else {}
    url = f"{BASE}/v1.0/servicePrincipals/{app_id}/appRoleAssignedTo"
    body = graph.get(url, params={"$filter": f"principalId eq {principal}"}, headers=headers).json()
    return [a["id"] for a in body["value"]]


@pytest.fixture
def binned(database_url):
    """A Microsoft 365 group with a member, a parent group and an assignment, then deleted."""
    app = make_app(database_url, USERS=12, GROUP_RECYCLE_BIN="all", REPLICATION_MODE="immediate")
    graph = graph_session(app)
    group, parent = new_group(graph, "Team", "unified"), new_group(graph, "Parent")
    user = user_ids(graph, 1)[0]
    add(graph, group["id"], user)
    add(graph, parent["id"], group["id"])
    sp = graph.get(f"{BASE}/v1.0/servicePrincipals").json()["value"][0]
    body = {"principalId": group["id"], "resourceId": sp["id"], "appRoleId": sp["appRoles"][0]["id"]}
    assert graph.post(f"{BASE}/v1.0/servicePrincipals/{sp['id']}/appRoleAssignedTo", json=body).ok
    assignment = assigned_to(graph, sp["id"], group["id"])
    assert graph.delete(f"{BASE}/v1.0/groups/{group['id']}").status_code == 204
    return app, graph, group, parent, user, sp["id"], assignment


def test_a_deleted_group_is_hidden_everywhere(binned):
    _, graph, group, parent, user, sp, _ = binned
    names = [g["id"] for g in graph.get(f"{BASE}/v1.0/groups", params={"$top": 999}).json()["value"]]
    assert group["id"] not in names
    assert graph.get(f"{BASE}/v1.0/users/{user}/memberOf").json()["value"] == []
    assert graph.get(f"{BASE}/v1.0/groups/{parent['id']}/members").json()["value"] == []
    assert assigned_to(graph, sp, group["id"]) == []
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{group['id']}"}
    assert graph.post(f"{BASE}/v1.0/groups/{parent['id']}/members/$ref", json=ref).status_code == 404
    got = graph.get(f"{BASE}/v1.0/directory/deletedItems/{group['id']}").json()
    assert got["@odata.type"] == "#microsoft.graph.group" and got["deletedDateTime"]


def test_restore_brings_back_members_memberships_and_assignments(binned):
    _, graph, group, parent, user, sp, assignment = binned
    restored = graph.post(f"{BASE}/v1.0/directory/deletedItems/{group['id']}/restore").json()
    assert restored["id"] == group["id"] and restored["deletedDateTime"] is None
    members = graph.get(f"{BASE}/v1.0/groups/{group['id']}/members").json()["value"]
    assert [m["id"] for m in members] == [user]
    assert [g["id"] for g in graph.get(f"{BASE}/v1.0/users/{user}/memberOf").json()["value"]] == [group["id"]]
    assert [m["id"] for m in graph.get(f"{BASE}/v1.0/groups/{parent['id']}/members").json()["value"]] == [
        group["id"]
    ]
    assert assigned_to(graph, sp, group["id"]) == assignment
    assert assigned_to(graph, sp, group["id"], replica=True) == assignment


def test_deleted_group_is_changed_in_delta_then_back(binned):
    _, graph, group, *_ = binned
    items, delta_link = full_round(graph, f"{BASE}/v1.0/groups/delta")
    assert group["id"] not in {item["id"] for item in items}
    graph.post(f"{BASE}/v1.0/directory/deletedItems/{group['id']}/restore")
    (item,) = full_round(graph, delta_link)[0]
    assert item["id"] == group["id"] and "@removed" not in item


@pytest.mark.parametrize("how", ["permanent delete", "30 days"])
def test_a_group_leaves_the_bin_for_good(binned, how):
    app, graph, group, parent, _, sp, _ = binned
    _, delta_link = full_round(graph, f"{BASE}/v1.0/groups/delta")
    if how == "permanent delete":
        assert graph.delete(f"{BASE}/v1.0/directory/deletedItems/{group['id']}").status_code == 204
    else:
        app.extensions["idcore.clock"].advance(30 * 86400 - 1)
        graph = graph_session(app)
        listed = graph.get(f"{BASE}/v1.0/directory/deletedItems/microsoft.graph.group").json()["value"]
        assert [g["id"] for g in listed] == [group["id"]]
        app.extensions["idcore.clock"].advance(1)
        graph = graph_session(app)
    assert graph.get(f"{BASE}/v1.0/directory/deletedItems/microsoft.graph.group").json()["value"] == []
    assert graph.post(f"{BASE}/v1.0/directory/deletedItems/{group['id']}/restore").status_code == 404
    assert graph.get(f"{BASE}/v1.0/groups/{parent['id']}/members").json()["value"] == []
    assert assigned_to(graph, sp, group["id"]) == []
    changes = full_round(graph, delta_link)[0]
    assert {"id": group["id"], "@removed": {"reason": "deleted"}} in changes


def search(graph, query: str) -> list[str]:
    response = graph.get(f"{BASE}/v1.0/groups", params={"$search": query}, headers=EVENTUAL)
    assert response.status_code == 200, response.text
    return sorted(g["displayName"] for g in response.json()["value"])


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"displayName:prov"', ["Provisioning pilot"]),
        ('"displayName:PILOT"', ["Pilot extended", "Provisioning pilot"]),
        ('"displayName:pilot ext"', ["Pilot extended"]),
        ('"displayName:eng"', ["Engineering"]),
        ('"displayName:human res"', ["Human Resources"]),
        ('"displayName:ilot"', []),
        ('"displayName:sales" OR "displayName:legal"', ["Legal", "Sales"]),
        ('"displayName:pilot" AND "displayName:prov"', ["Provisioning pilot"]),
    ],
)
def test_group_search_by_word_prefix(graph, query, found):
    assert search(graph, query) == found


def test_group_search_follows_writes_and_deletes(graph):
    group = new_group(graph, "Zebra crossing")
    assert search(graph, '"displayName:zeb"') == ["Zebra crossing"]
    assert search(graph, '"mailNickname:zebracross"') == ["Zebra crossing"]
    graph.patch(
        f"{BASE}/v1.0/groups/{group['id']}", json={"displayName": "Yak shaving", "description": "Ünïcode"}
    )
    assert search(graph, '"displayName:zeb"') == []
    assert search(graph, '"displayName:yak"') == ["Yak shaving"]
    assert search(graph, '"description:unic"') == ["Yak shaving"]
    graph.delete(f"{BASE}/v1.0/groups/{group['id']}")
    assert search(graph, '"displayName:yak"') == []


def test_group_search_is_an_index_lookup(app):
    from sqlalchemy import text

    from idcore.db import get_db
    from mockidp.groups import list_groups
    from mockidp.models import Tenant
    from mockidp.odata.query import parse_options
    from mockidp.properties import GROUP_PROPS
    from mockidp.store import SEARCHABLE_GROUP

    with app.app_context(), get_db(app).session() as session:
        tenant = session.query(Tenant).first()
        opts = parse_options(
            {"$search": '"displayName:pilot"'}, EVENTUAL, GROUP_PROPS, "group", SEARCHABLE_GROUP
        )
        session.execute(text("DELETE FROM indexentry WHERE prop LIKE 'gsearch:%'"))
        assert list_groups(session, tenant, opts)[0] == []  # no tokens, no match: the answer comes from them
