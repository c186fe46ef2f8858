"""Scenarios 5-9 (lifecycle): replication delay, disable on unassignment, search, restore and its conflicts.

Scenario numbers are scenarios.md's; each test sets its scene over the real APIs and runs one on-demand provisioning.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DELAY
from tests.e2e.scenes import ops, provisioned, writes


# 5 ------------------------------------------------------------------------------------------------------------
def test_05_assignment_is_invisible_until_the_replication_delay_passes(world, scene):
    user = scene.user("ada")
    scene.assign(user, replicate=False)
    world.clock.advance(10)
    early = world.provision(user=user["userPrincipalName"])
    assert (early.result, early.action) == ("Skipped", "Skip")
    assert early.step("scope").details["Assigned to application"] is False
    assert early.step("scope").details.get("SkipReason") == "NotEffectivelyEntitled"
    world.clock.advance(DELAY + 1 - 10)
    assert world.provision(user=user["userPrincipalName"]).action == "Create"


# 6 ------------------------------------------------------------------------------------------------------------
def test_06_unassigned_user_is_disabled_with_the_string_false(world, scene):
    user, assignment = provisioned(world, scene)
    scene.unassign(assignment)
    result = world.provision(user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Disable")
    [patch] = writes(scene)
    assert ops(patch) == [{"op": "Replace", "path": "active", "value": "False"}]


# 7 ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["disabled", "deleted"])
def test_07_disabled_or_deleted_users_are_not_found_by_search(world, scene, how):
    user, _ = provisioned(world, scene)
    if how == "disabled":
        scene.update(user, accountEnabled=False)
    else:
        assert world.graph("DELETE", f"/users/{user['id']}").status_code == 204
    result = world.provision(user=user["userPrincipalName"])
    assert result.result == "Failure"
    assert "disabled" in result.error.message and "deleted" in result.error.message
    assert writes(scene) == []


# 8 ------------------------------------------------------------------------------------------------------------
def test_08_restore_after_soft_delete_duplicates_in_a_target_hiding_inactive_users(make_world):
    world, scene = make_world(quirks=["hide-inactive", "no-uniqueness"])
    user, assignment = provisioned(world, scene)
    scene.unassign(assignment)
    assert world.provision(user=user["userPrincipalName"]).action == "Disable"
    scene.assign(user)
    result = world.provision(user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Create")
    everyone = world.scim_request("GET", "/Users", params={"count": 100}).json()["Resources"]
    assert [u["userName"] for u in everyone].count(user["userPrincipalName"]) == 2


# 9 ------------------------------------------------------------------------------------------------------------
def test_09_same_with_uniqueness_is_a_409_conflict_showing_what_was_attempted(make_world):
    world, scene = make_world(quirks=["hide-inactive"])
    user, assignment = provisioned(world, scene)
    scene.unassign(assignment)
    world.provision(user=user["userPrincipalName"])
    scene.assign(user)
    result = world.provision(user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Failure", "Create")
    assert "EntryConflict" in result.error.code
    assert "userName" in {p.name for p in result.modified_properties}
