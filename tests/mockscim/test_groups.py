"""Groups: Entra's create/member shapes, excludedAttributes=members, and deletes that reach memberships."""

from __future__ import annotations

import pytest

from tests.mockscim.conftest import GROUP_SCHEMA

ADSCIM = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"


def members(scim, group_id):
    return [m["value"] for m in scim.get(f"/Groups/{group_id}").json().get("members", [])]


def test_entra_group_post_with_adscim_schema_is_created_empty(scim):
    response = scim.post(
        "/Groups",
        {
            "schemas": [GROUP_SCHEMA, ADSCIM],
            "externalId": "8aa1",
            "displayName": "Sales",
            "meta": {"resourceType": "Group"},
        },
    )
    assert response.status_code == 201 and "members" not in response.json()


def test_group_display_name_is_unique_for_entra(scim):
    scim.group("Sales")
    response = scim.post("/Groups", {"schemas": [GROUP_SCHEMA], "displayName": "sales"})
    assert (response.status_code, response.json()["scimType"]) == (409, "uniqueness")


def test_strict_rfc_allows_duplicate_group_names(make_client):
    scim = make_client("strict-rfc")
    scim.group("Sales")
    assert scim.post("/Groups", {"schemas": [GROUP_SCHEMA], "displayName": "Sales"}).status_code == 201


def test_add_several_members_in_one_patch(scim):
    a, b = scim.user("a")["id"], scim.user("b")["id"]
    group = scim.group()
    response = scim.patch(
        f"/Groups/{group['id']}",
        {"op": "Add", "path": "members", "value": [{"$ref": None, "value": a}, {"value": b}]},
    )
    assert response.status_code == 200 and members(scim, group["id"]) == [a, b]


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "Remove", "path": "members", "value": [{"$ref": None, "value": "A"}]},
        {"op": "remove", "path": 'members[value eq "A"]'},
    ],
)
def test_both_remove_dialects_remove_one_member(scim, operation):
    a, b = scim.user("a")["id"], scim.user("b")["id"]
    group = scim.group(members=[a, b])
    operation = {
        **operation,
        **({"value": [{"value": a}]} if "value" in operation else {"path": f'members[value eq "{a}"]'}),
    }
    assert scim.patch(f"/Groups/{group['id']}", operation).status_code == 200
    assert members(scim, group["id"]) == [b]


def test_unknown_member_is_rejected_and_nothing_changes(scim):
    a = scim.user("a")["id"]
    group = scim.group(members=[a])
    response = scim.patch(
        f"/Groups/{group['id']}", {"op": "add", "path": "members", "value": [{"value": "ghost"}]}
    )
    assert response.status_code == 400 and members(scim, group["id"]) == [a]


def test_excluded_members_are_not_returned_by_filter_or_get(scim):
    group = scim.group("Sales", members=[scim.user()["id"]])
    listed = scim.get(
        "/Groups", params={"excludedAttributes": "members", "filter": 'displayName eq "SALES"'}
    ).json()
    one = scim.get(f"/Groups/{group['id']}", params={"excludedAttributes": "members"}).json()
    assert listed["totalResults"] == 1 and "members" not in listed["Resources"][0] and "members" not in one


def test_filter_groups_by_member(scim):
    a = scim.user("a")["id"]
    scim.group("With", members=[a])
    scim.group("Without")
    assert [g["displayName"] for g in scim.find(f'members[value eq "{a}"]', "/Groups")] == ["With"]


def test_user_lists_its_groups(scim):
    a = scim.user("a")["id"]
    group = scim.group("Sales", members=[a])
    assert scim.get(f"/Users/{a}").json()["groups"][0]["value"] == group["id"]


def test_deleting_a_user_removes_it_from_every_group(scim):
    a, b = scim.user("a")["id"], scim.user("b")["id"]
    one, two = scim.group("One", members=[a, b]), scim.group("Two", members=[a])
    scim.delete(f"/Users/{a}")
    assert (members(scim, one["id"]), members(scim, two["id"])) == ([b], [])


def test_deleting_a_group_removes_it_from_parent_groups(scim):
    child = scim.group("Child")
    parent = scim.group("Parent", members=[child["id"]])
    scim.delete(f"/Groups/{child['id']}")
    assert members(scim, parent["id"]) == []


def test_replace_display_name(scim):
    group = scim.group()
    scim.patch(f"/Groups/{group['id']}", {"op": "Replace", "path": "displayName", "value": "Renamed"})
    assert scim.get(f"/Groups/{group['id']}").json()["displayName"] == "Renamed"


def test_pathless_group_replace(scim):
    group = scim.group()
    scim.patch(f"/Groups/{group['id']}", {"op": "replace", "value": {"externalId": "ext-1"}})
    assert scim.get(f"/Groups/{group['id']}").json()["externalId"] == "ext-1"
