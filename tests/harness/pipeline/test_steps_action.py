"""Step 5 edge cases: time-outs and dropped connections on the create, soft-deleted users, export failures."""

from __future__ import annotations

import pytest

from harness.render import to_terminal


def test_a_create_dropped_before_handling_is_rematched_then_sent_again(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", drop="before", times=1)
    result = world.provision(user=ada["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Create")
    assert [(r.method, r.status) for r in result.requests if r.method == "POST"] == [
        ("POST", None),
        ("POST", 201),
    ]
    assert len(scene.target_users(ada["userPrincipalName"])) == 1


def test_a_create_slower_than_the_timeout_is_a_timeout_then_found_by_rematch(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", latency=45, times=1)
    result = world.provision(user=ada["userPrincipalName"])
    post = next(r for r in result.requests if r.method == "POST")
    assert post.error == "Timeout" and result.result == "Success"
    assert [r.method for r in result.requests].count("POST") == 1
    assert len(scene.target_users(ada["userPrincipalName"])) == 1


def test_without_rematch_a_timed_out_create_is_sent_again(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", drop="after", times=1)
    job = world.default_job(settings={"rematch_before_resend": False})
    world.provision(job, user=ada["userPrincipalName"])
    assert [e["method"] for e in scene.sent()].count("POST") == 2


def test_a_persistent_500_is_reported_with_internal_server_error_and_the_attempt(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=500)
    result = world.provision(user=ada["userPrincipalName"])
    action = result.step("action")
    assert (result.result, action.error.code, action.details["StatusCode"]) == (
        "Failure",
        "InternalServerError",
        500,
    )
    assert action.details["Attempted"]["userName"] == ada["userPrincipalName"]
    assert [r.method for r in result.requests].count("POST") == 4


def test_a_400_on_create_is_a_scim_bad_request(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=400, detail="Unsupported attribute")
    result = world.provision(user=ada["userPrincipalName"])
    assert result.error.code == "SystemForCrossDomainIdentityManagementBadRequest"
    assert "Unsupported attribute" in result.error.message


def test_a_conflict_carries_the_app_name_in_its_code(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=409)
    assert world.provision(user=ada["userPrincipalName"]).error.code == "ContosoSCIMappEntryConflict"


def test_a_soft_deleted_user_named_by_object_id_is_disabled(world, ada):
    world.provision(user=ada["userPrincipalName"])
    assert world.graph("DELETE", f"/users/{ada['id']}").status_code == 204
    result = world.provision(user=ada["id"])
    assert (result.result, result.action) == ("Success", "Disable")
    assert result.step("scope").details["Active in source system"] is False


def test_the_flag_applies_on_demand_only_when_the_setting_says_so(world, scene, ada):
    world.provision(user=ada["userPrincipalName"])
    scene.update(ada, jobTitle="Director")
    job = world.default_job(
        target={"url": world.scim_url + "?aadOptscim062020"}, settings={"flag_applies_on_demand": True}
    )
    result = world.provision(job, user=ada["userPrincipalName"])
    [patch] = [r for r in result.requests if r.method == "PATCH"]
    assert patch.body["Operations"][0]["op"] == "replace"


def test_manager_is_linked_by_a_second_patch_with_its_target_id(world, scene):
    boss, user = scene.user("boss"), scene.user("dee")
    scene.set_manager(user, boss)
    scene.assign(boss)
    scene.assign(user)
    boss_id = world.provision(user=boss["userPrincipalName"]).target["id"]
    result = world.provision(user=user["userPrincipalName"])
    patch = next(r for r in result.requests if r.method == "PATCH")
    assert patch.body["Operations"][0]["value"] == boss_id
    assert world.provision(user=user["userPrincipalName"]).action == "Skip"


WORK, MOBILE = 'phoneNumbers[type eq "work"].value', 'phoneNumbers[type eq "mobile"].value'
EMPLOYEE_NUMBER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"


@pytest.mark.parametrize(
    "name",
    [WORK, MOBILE, 'emails[type eq "work"].value', 'addresses[type eq "work"].locality', EMPLOYEE_NUMBER],
)
def test_created_properties_are_named_by_their_target_attribute(world, scene, name):
    user = scene.user("phil", businessPhones=["+1 555 0199"], city="Lyon", employeeId="E1")
    scene.assign(user)
    result = world.provision(user=user["userPrincipalName"])
    assert name in [p.name for p in result.modified_properties]
    assert name in to_terminal(result, width=240)


def test_an_update_of_the_mobile_phone_names_only_the_mobile_number(world, scene):
    user = scene.user("phil", businessPhones=["+1 555 0199"])
    scene.assign(user)
    world.provision(user=user["userPrincipalName"])
    scene.update(user, mobilePhone="+1 555 0111")
    result = world.provision(user=user["userPrincipalName"])
    assert [(p.name, p.old_value, p.new_value) for p in result.modified_properties] == [
        (MOBILE, "+1 555 0100", "+1 555 0111")
    ]
    assert MOBILE in to_terminal(result, verbose=True, width=240)
