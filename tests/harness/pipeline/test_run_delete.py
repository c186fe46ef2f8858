"""The Delete action (issue #5): a user hard-deleted at the source is deleted in the target through the job's link."""

from __future__ import annotations

import pytest

ALL_ACTIONS = ["create", "update", "delete"]


def job(world, actions=ALL_ACTIONS):
    return world.default_job(users={"actions": actions})


def hard_delete(world, user):
    """Delete the user, then delete it from the recycle bin: it is gone for good."""
    assert world.graph("DELETE", f"/users/{user['id']}").status_code == 204
    assert world.graph("DELETE", f"/directory/deletedItems/{user['id']}").status_code == 204


def test_a_hard_deleted_user_is_deleted_in_the_target(world, scene, ada):
    target_id = world.provision(job(world), user=ada["userPrincipalName"]).target["id"]
    hard_delete(world, ada)
    result = world.provision(job(world), user=ada["id"])
    assert (result.result, result.action, result.target["id"]) == ("Success", "Delete", target_id)
    assert [step.id for step in result.steps] == ["import", "match", "action"]
    assert "permanently deleted" in result.step("import").description
    assert [
        (r.method, r.url.rsplit("/", 1)[-1], r.status) for r in result.requests if r.method == "DELETE"
    ] == [("DELETE", target_id, 204)]
    assert scene.target_users(ada["userPrincipalName"]) == []


def test_a_deleted_target_object_is_an_invalid_anchor(world, scene, ada):
    target_id = world.provision(job(world), user=ada["userPrincipalName"]).target["id"]
    assert world.scim_request("DELETE", f"/Users/{target_id}").status_code == 204
    hard_delete(world, ada)
    result = world.provision(job(world), user=ada["id"])
    assert (result.result, result.action, result.error.code) == ("Failure", "Delete", "InvalidAnchor")
    assert result.step("action").details["StatusCode"] == 404


@pytest.mark.parametrize(
    ("actions", "provisioned", "why"),
    [
        (["create", "update"], True, "Delete target object action is off"),
        (ALL_ACTIONS, False, "nothing to delete"),
    ],
)
def test_a_hard_deleted_user_is_skipped_and_explained(world, scene, ada, actions, provisioned, why):
    if provisioned:
        world.provision(job(world), user=ada["userPrincipalName"])
    hard_delete(world, ada)
    scene.forget()
    result = world.provision(job(world, actions), user=ada["id"])
    assert (result.result, result.action) == ("Skipped", "Skip")
    assert why in result.step("action").description
    assert [e["method"] for e in scene.sent()] == ["GET"]  # the test connection only
    assert len(scene.target_users(ada["userPrincipalName"])) == int(provisioned)


def test_a_matched_user_is_linked_too(world, scene, ada):
    existing = scene.target_user(userName=ada["userPrincipalName"])
    world.provision(job(world), user=ada["userPrincipalName"])
    hard_delete(world, ada)
    assert world.provision(job(world), user=ada["id"]).target["id"] == existing["id"]


def test_the_link_is_forgotten_after_the_delete(world, scene, ada):
    world.provision(job(world), user=ada["userPrincipalName"])
    hard_delete(world, ada)
    world.provision(job(world), user=ada["id"])
    again = world.provision(job(world), user=ada["id"])
    assert (again.result, again.action) == ("Skipped", "Skip")


def test_a_soft_deleted_user_is_still_disabled_not_deleted(world, ada):
    world.provision(job(world), user=ada["userPrincipalName"])
    assert world.graph("DELETE", f"/users/{ada['id']}").status_code == 204
    assert world.provision(job(world), user=ada["id"]).action == "Disable"
