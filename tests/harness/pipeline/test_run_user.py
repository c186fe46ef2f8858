"""One on-demand user run through the real apps in process: the report the engine assembles."""

from __future__ import annotations

import pytest

from harness.pipeline import OnDemandRefused, OnDemandRequest, provision_on_demand
from harness.world import build_world
from tests.e2e.conftest import Scene

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def test_steps_come_in_portal_order_without_test_connection(world, ada):
    result = world.provision(user=ada["userPrincipalName"])
    assert [s.id for s in result.steps] == ["import", "scope", "match", "action"]
    assert result.steps[0].title == "Import user"


def test_create_reports_modified_properties_and_the_target_id(world, ada):
    result = world.provision(user=ada["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Create")
    assert {"userName": ada["userPrincipalName"]}.items() <= {
        p.name: p.new_value for p in result.modified_properties
    }.items()
    assert result.target["id"] and result.subject["id"] == ada["id"]


def test_import_details_list_the_source_attributes_with_is_soft_deleted(world, ada):
    details = world.provision(user=ada["userPrincipalName"]).step("import").details
    assert details["objectId"] == ada["id"] and details["IsSoftDeleted"] == "False"
    assert details["userPrincipalName"] == ada["userPrincipalName"]


def test_the_wire_log_keeps_bodies_of_writes_only(world, ada):
    result = world.provision(user=ada["userPrincipalName"])
    post = next(r for r in result.requests if r.method == "POST")
    assert post.body["userName"] == ada["userPrincipalName"]
    assert all(r.body is None for r in result.requests if r.method == "GET")


def test_same_seed_gives_the_same_change_id_and_times():
    def run():
        world = build_world(seed=5, users=0)  # each run on its own in-memory database
        scene = Scene(world)
        user = scene.user("ada")
        scene.assign(user)
        data = world.provision(user=user["userPrincipalName"]).to_dict()
        world.close()
        return data["changeId"], data["startTime"], data["endTime"]

    assert run() == run()


def test_second_run_skips_as_redundant_export_with_gets_only(world, ada):
    world.provision(user=ada["userPrincipalName"])
    result = world.provision(user=ada["userPrincipalName"])
    assert (result.result, result.action) == ("Skipped", "Skip")
    assert {r.method for r in result.requests} == {"GET"}


def test_update_sends_one_patch_with_the_changed_attribute_only(world, scene, ada):
    world.provision(user=ada["userPrincipalName"])
    scene.update(ada, jobTitle="Director")
    result = world.provision(user=ada["userPrincipalName"])
    [patch] = [r for r in result.requests if r.method == "PATCH"]
    assert patch.body["Operations"] == [{"op": "Replace", "path": "title", "value": "Director"}]
    assert [(p.name, p.old_value, p.new_value) for p in result.modified_properties] == [
        ("title", "Engineer", "Director")
    ]


def test_out_of_scope_and_never_provisioned_is_skipped_not_entitled(world, scene):
    user = scene.user("bob")
    result = world.provision(user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Skipped", "Skip")
    assert result.step("action").details["SkipReason"] == "NotEffectivelyEntitled"
    assert not [r for r in result.requests if r.method != "GET"]


def test_skip_out_of_scope_deletions_leaves_an_unassigned_user_alone(world, scene):
    user = scene.user("cy")
    assignment = scene.assign(user)
    world.provision(user=user["userPrincipalName"])
    scene.unassign(assignment)
    result = world.provision(
        world.default_job(skip_out_of_scope_deletions=True), user=user["userPrincipalName"]
    )
    assert (result.result, result.action) == ("Skipped", "Skip")
    assert "SkipOutOfScopeDeletions" in str(result.step("action").details)


def test_the_create_action_off_skips_a_new_user(world, ada):
    job = world.default_job(users={"actions": ["update", "delete"]})
    result = world.provision(job, user=ada["userPrincipalName"])
    assert result.action == "Skip" and not [r for r in result.requests if r.method == "POST"]


def test_a_manager_missing_from_the_target_is_left_out(world, scene):
    boss = scene.user("boss")
    user = scene.user("dee")
    scene.set_manager(user, boss)
    scene.assign(user)
    result = world.provision(user=user["userPrincipalName"])
    assert result.result == "Success" and [r.method for r in result.requests].count("PATCH") == 0
    assert "without a manager" in result.step("action").details["Manager"]


def test_ambiguous_search_asks_for_a_user_principal_name(world, scene):
    scene.user("eve1", displayName="Eve Same")
    scene.user("eve2", displayName="Eve Same")
    result = world.provision(user="Eve")
    assert result.result == "Failure" and "several users" in result.error.message
    assert "user principal name, the email or the object ID" in result.error.tips[0]
    assert not any("disabled or deleted" in tip for tip in result.error.tips)


def test_user_by_object_id_is_read_directly(world, ada):
    assert world.provision(user=ada["id"]).action == "Create"


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (OnDemandRequest(), "Name a user"),
        (OnDemandRequest(user="x", members=("a",)), "together with a group"),
        (OnDemandRequest(group="G", members=tuple("abcdef")), "at most 5"),
    ],
)
def test_refused_requests_send_nothing(world, request_, message):
    with pytest.raises(OnDemandRefused, match=message):
        provision_on_demand(world.default_job(), request_, http=world.http, clock=world.clock, rng=world.rng)


@pytest.mark.live
def test_create_then_skip_over_real_sockets(database_url):
    world = build_world(seed=3, users=0, idp_database_url=database_url, live=True)
    try:
        scene = Scene(world)
        user = scene.user("liv")
        scene.assign(user)
        assert world.provision(user=user["userPrincipalName"]).action == "Create"
        again = world.provision(user=user["userPrincipalName"])
        assert (again.result, again.action) == ("Skipped", "Skip")
        assert all(r.url.startswith("http://127.0.0.1") for r in again.requests)
    finally:
        world.close()
