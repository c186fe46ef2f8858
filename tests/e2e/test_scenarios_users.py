"""Scenarios 1-4 and 14 (users): create, redundant-export skip, update, the compliance flag, nulls never sent.

Scenario numbers are scenarios.md's; each test sets its scene over the real APIs and runs one on-demand provisioning.
"""

from __future__ import annotations

from tests.e2e.scenes import ENTERPRISE, ops, provisioned, writes


# 1 ------------------------------------------------------------------------------------------------------------
def test_01_create_posts_mapped_attributes_then_links_the_manager(world, scene):
    boss = scene.user("boss")
    scene.assign(boss, replicate=False)
    user = scene.user("ada")
    scene.set_manager(user, boss)
    scene.assign(user)
    world.provision(user=boss["userPrincipalName"])
    scene.forget()
    result = world.provision(user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Create")
    post, patch = writes(scene)
    assert post["method"] == "POST" and post["json"]["userName"] == user["userPrincipalName"]
    assert "manager" not in post["json"].get(ENTERPRISE, {})
    assert patch["method"] == "PATCH" and ops(patch)[0]["path"] == f"{ENTERPRISE}:manager"


# 2 ------------------------------------------------------------------------------------------------------------
def test_02_second_run_is_a_redundant_export_skip_with_only_gets(world, scene):
    user, _ = provisioned(world, scene)
    result = world.provision(user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Skipped", "Skip")
    assert result.step("action").details.get("SkipReason") == "RedundantExport"
    assert {e["method"] for e in scene.sent()} == {"GET"}


# 3 ------------------------------------------------------------------------------------------------------------
def test_03_update_patches_only_the_changed_attribute_with_capitalized_replace(world, scene):
    user, _ = provisioned(world, scene)
    scene.update(user, department="Marketing")
    result = world.provision(user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Update")
    [patch] = writes(scene)
    assert ops(patch) == [{"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Marketing"}]


# 4 ------------------------------------------------------------------------------------------------------------
def test_04_the_compliance_flag_does_not_apply_on_demand(world, scene):
    user, _ = provisioned(world, scene)
    scene.update(user, department="Marketing")
    job = world.default_job(target={"url": world.scim_url + "?aadOptscim062020"})
    world.provision(job, user=user["userPrincipalName"])
    [patch] = writes(scene)
    assert ops(patch) == [{"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Marketing"}]


# 14 -----------------------------------------------------------------------------------------------------------
def test_14_null_attributes_are_never_sent(world, scene):
    user = scene.user("ada", mobilePhone=None)
    scene.assign(user)
    scene.forget()
    result = world.provision(user=user["userPrincipalName"])
    [post] = writes(scene)
    assert all(p.get("type") != "mobile" for p in post["json"].get("phoneNumbers", []))
    assert (
        "mobilePhone" not in result.step("import").details and "mobile" not in result.step("import").details
    )
