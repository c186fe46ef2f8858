"""Scenarios 10-12 and 21-24 (groups and scope): members, roles, scoping filters, sync all, nesting.

Scenario numbers are scenarios.md's; each test sets its scene over the real APIs and runs one on-demand provisioning.
"""

from __future__ import annotations

import pytest

from harness.pipeline import OnDemandRefused
from tests.e2e.scenes import ops, writes


# 10 -----------------------------------------------------------------------------------------------------------
def test_10_a_sixth_member_is_refused_before_any_request(world, scene):
    members = [scene.user(f"m{i}") for i in range(7)]
    group = scene.group("Seven", members)
    scene.assign(group)
    scene.forget()
    with pytest.raises(OnDemandRefused, match="5"):
        world.provision(group="Seven", members=[m["userPrincipalName"] for m in members[:6]])
    assert scene.sent() == []


# 11 -----------------------------------------------------------------------------------------------------------
def test_11_group_created_empty_then_in_scope_members_added(world, scene):
    members = [scene.user(f"m{i}") for i in range(5)]
    group = scene.group("Five", members)
    scene.assign(group)
    job = world.default_job(
        users={
            "scoping_filters": [
                {
                    "title": "Not m4",
                    "clauses": [{"attribute": "mailNickname", "operator": "NOT EQUALS", "value": "m4"}],
                }
            ]
        }
    )
    scene.forget()
    world.provision(job, group="Five", members=[m["userPrincipalName"] for m in members])
    sent = scene.sent()
    lookups = [e for e in sent if e["method"] == "GET" and e["path"].endswith("/Groups")]
    assert lookups and all("excludedAttributes=members" in e["query"] for e in lookups)
    [post] = [e for e in sent if e["method"] == "POST" and e["path"].endswith("/Groups")]
    assert not post["json"].get("members")
    adds = [op for e in sent if e["method"] == "PATCH" and "/Groups/" in e["path"] for op in ops(e)]
    added = [v["value"] for op in adds if op["op"] == "Add" and op["path"] == "members" for v in op["value"]]
    assert len(added) == 4


# 12 -----------------------------------------------------------------------------------------------------------
def test_12_roles_are_not_provisioned_on_demand(world, scene):
    user = scene.user("ada")
    scene.assign(user)
    job = world.default_job(
        users={
            "mappings": {
                "extend": [
                    {"target": "roles", "expression": "AppRoleAssignmentsComplex([appRoleAssignments])"}
                ]
            }
        }
    )
    result = world.provision(job, user=user["userPrincipalName"])
    assert result.action == "Create"
    [post] = writes(scene)
    assert "roles" not in post["json"]
    assert "not provisioned on demand" in str(result.step("action").details)


# 21 -----------------------------------------------------------------------------------------------------------
def test_21_a_failing_scoping_filter_skips_and_shows_the_clause(world, scene):
    user = scene.user("ada", department="Marketing")
    scene.assign(user)
    job = world.default_job(
        users={
            "scoping_filters": [
                {
                    "title": "Sales only",
                    "clauses": [{"attribute": "department", "operator": "EQUALS", "value": "Sales"}],
                }
            ]
        }
    )
    result = world.provision(job, user=user["userPrincipalName"])
    assert result.result == "Skipped"
    assert result.step("scope").details["Sales only department EQUALS Sales"] is False
    assert "will be created" not in result.step("match").description


# 22 -----------------------------------------------------------------------------------------------------------
def test_22_a_null_attribute_makes_not_equals_false(world, scene):
    user = scene.user("ada", department=None)
    scene.assign(user)
    job = world.default_job(
        users={
            "scoping_filters": [
                {
                    "title": "Not sales",
                    "clauses": [{"attribute": "department", "operator": "NOT EQUALS", "value": "Sales"}],
                }
            ]
        }
    )
    result = world.provision(job, user=user["userPrincipalName"])
    assert result.result == "Skipped" and result.step("scope").status != "Success"


# 23 -----------------------------------------------------------------------------------------------------------
def test_23_sync_all_provisions_an_unassigned_user(world, scene):
    user = scene.user("ada")
    result = world.provision(world.default_job(scope="all"), user=user["userPrincipalName"])
    assert result.step("scope").details["Scope sync all"] is True
    assert result.action == "Create"


# 24 -----------------------------------------------------------------------------------------------------------
def test_24_members_of_nested_groups_are_not_assigned(world, scene):
    user = scene.user("ada")
    inner = scene.group("Inner", [user])
    outer = scene.group("Outer", [inner])
    scene.assign(outer)
    result = world.provision(user=user["userPrincipalName"])
    assert result.result == "Skipped"
    assert result.step("scope").details["Assigned to application"] is False


def test_24_direct_members_of_assigned_groups_are_assigned(world, scene):
    user = scene.user("ada")
    scene.assign(scene.group("Direct", [user]))
    assert world.provision(user=user["userPrincipalName"]).action == "Create"
