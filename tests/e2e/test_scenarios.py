"""The on-demand scenarios of scenarios.md, each one deterministic test through the real apps in process.

Scenario numbers are scenarios.md's. Each sets its scene over the real APIs (Graph, SCIM, /_control), runs one
on-demand provisioning and checks the result and, where the scenario is about the wire, what the target received.
"""

from __future__ import annotations

import pytest

from harness.pipeline import OnDemandRefused
from tests.e2e.conftest import DELAY, Scene

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def writes(scene: Scene) -> list[dict]:
    return [e for e in scene.sent() if e["method"] != "GET"]


def ops(entry: dict) -> list[dict]:
    return entry["json"]["Operations"]


def provisioned(world, scene, nickname="ada", **props):
    user = scene.user(nickname, **props)
    assignment = scene.assign(user)
    first = world.provision(user=user["userPrincipalName"])
    assert first.action == "Create", first.to_dict()
    scene.forget()
    return user, assignment


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


# 13 -----------------------------------------------------------------------------------------------------------
def test_13_an_oauth_job_must_be_stopped_first(world, scene):
    user = scene.user("ada")
    scene.assign(user)
    oauth = {
        "type": "oauth",
        "token_url": world.scim_url.rsplit("/scim/v2", 1)[0] + "/oauth2/token",
        "client_id": "scimulator-oauth",
        "client_secret": "scimulator-oauth-secret",
    }
    with pytest.raises(OnDemandRefused, match="[Ss]top"):
        world.provision(world.default_job(target={"auth": oauth}), user=user["userPrincipalName"])


def test_13_a_bearer_job_proceeds_while_running(world, scene):
    user = scene.user("ada")
    scene.assign(user)
    assert (
        world.provision(world.default_job(state="running"), user=user["userPrincipalName"]).action == "Create"
    )


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


# 15 -----------------------------------------------------------------------------------------------------------
def test_15_404_on_an_empty_filter_fails_test_connection_and_sends_nothing_else(make_world):
    world, scene = make_world(quirks=["not-found-on-empty"])
    user = scene.user("ada")
    scene.assign(user)
    scene.forget()
    result = world.provision(user=user["userPrincipalName"])
    step = result.steps[0]
    assert (step.id, step.status, result.result) == ("test_connection", "Failure", "Failure")
    assert step.error.tips
    assert len(scene.sent()) == 1


# 16 -----------------------------------------------------------------------------------------------------------
def test_16_a_wrong_token_fails_test_connection_explaining_the_credentials(world, scene):
    user = scene.user("ada")
    scene.assign(user)
    job = world.default_job(target={"auth": {"type": "bearer", "token": "wrong"}})
    result = world.provision(job, user=user["userPrincipalName"])
    assert result.steps[0].id == "test_connection" and result.steps[0].status == "Failure"
    assert "credentials" in result.error.message.lower()


# 17 -----------------------------------------------------------------------------------------------------------
def test_17_import_fails_when_the_matching_attribute_is_missing(world, scene):
    user = scene.user("ada", employeeId=None)
    scene.assign(user)
    job = world.default_job(
        users={
            "mappings": [
                {"target": "externalId", "source": "employeeId", "match": 1},
                {"target": "userName", "source": "userPrincipalName"},
            ]
        }
    )
    result = world.provision(job, user=user["userPrincipalName"])
    assert (result.step("import").status, result.result) == ("Failure", "Failure")
    assert "employeeId" in result.error.message


# 18 -----------------------------------------------------------------------------------------------------------
def test_18_two_target_users_with_one_username_are_duplicate_target_entries(make_world):
    world, scene = make_world(quirks=["no-uniqueness"])
    user = scene.user("ada")
    scene.assign(user)
    for external in ("one", "two"):
        scene.target_user(userName=user["userPrincipalName"], externalId=external)
    result = world.provision(user=user["userPrincipalName"])
    assert (result.step("match").status, result.error.code) == ("Failure", "DuplicateTargetEntries")
    assert {"one", "two"} <= set(str(result.step("match").details).replace("'", " ").split())


# 19 -----------------------------------------------------------------------------------------------------------
def test_19_a_target_that_cannot_filter_on_the_matching_attribute_fails_match_explained(make_world):
    world, scene = make_world(quirks=["filterable=userName,id"])
    user = scene.user("ada")
    scene.assign(user)
    job = world.default_job(
        users={
            "mappings": [
                {"target": "userName", "source": "userPrincipalName"},
                {"target": "externalId", "source": "mailNickname", "match": 1},
            ]
        }
    )
    result = world.provision(job, user=user["userPrincipalName"])
    failed = next(s for s in result.steps if s.status == "Failure")
    assert failed.id in ("test_connection", "match")
    assert "filter" in result.error.message.lower() and "externalId" in result.error.message


# 20 -----------------------------------------------------------------------------------------------------------
def test_20_matching_attributes_are_tried_in_precedence_order(world, scene):
    user = scene.user("ada")
    scene.assign(user)
    scene.target_user(userName="someone-else@contoso.com", externalId="ada")
    job = world.default_job(
        users={
            "mappings": [
                {"target": "userName", "source": "userPrincipalName", "match": 1},
                {"target": "externalId", "source": "mailNickname", "match": 2},
                {"target": "displayName", "source": "displayName"},
            ]
        }
    )
    result = world.provision(job, user=user["userPrincipalName"])
    assert result.action == "Update"
    tried = [e["query"] for e in scene.sent() if e["method"] == "GET" and "filter=" in e["query"]]
    assert "userName" in tried[-2] and "externalId" in tried[-1]


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


# 28 -----------------------------------------------------------------------------------------------------------
def test_28_429_with_retry_after_is_waited_out_on_the_clock(world, scene):
    user = scene.user("ada")
    scene.assign(user)
    scene.fault(method="POST", path="/scim/v2/Users", status=429, retry_after=30, times=2)
    before = world.clock.now()
    result = world.provision(user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Create")
    assert [r.status for r in result.requests if r.method == "POST"] == [429, 429, 201]
    assert (world.clock.now() - before).total_seconds() >= 60
    assert len(scene.target_users(user["userPrincipalName"])) == 1


# 29 -----------------------------------------------------------------------------------------------------------
def test_29_a_timed_out_create_is_rematched_not_resent(world, scene):
    user = scene.user("ada")
    scene.assign(user)
    scene.fault(method="POST", path="/scim/v2/Users", drop="after", times=1)
    result = world.provision(user=user["userPrincipalName"])
    assert result.result == "Success"
    assert len(scene.target_users(user["userPrincipalName"])) == 1
    assert [e["method"] for e in scene.sent()].count("POST") == 1


# 30 -----------------------------------------------------------------------------------------------------------
def test_30_graph_format_of_a_redundant_export(world, scene):
    import json

    from harness.render.graph import to_graph

    user, _ = provisioned(world, scene)
    response = json.loads(to_graph(world.provision(user=user["userPrincipalName"])))
    key, value = json.loads(response["key"]), json.loads(response["value"])
    assert key == {
        "result": "Skipped",
        "details": {
            "errorCode": "RedundantExport",
            "errorMessage": "The state of the user in both the source and target systems already match.",
        },
    }
    steps = [(s["name"], s["type"]) for s in value["provisioningSteps"]]
    assert steps == [
        ("EntryImport", "Import"),
        ("EntryImport", "Matching"),
        ("EntrySynchronizationScoping", "Scoping"),
        ("EntrySynchronizationSkip", "Export"),
    ]
    assert value["provisioningSteps"][-1]["details"]["SkipReason"] == "RedundantExport"
