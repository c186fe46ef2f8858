"""Scenarios 13, 15-20, 28, 29 (failures): OAuth state, Test connection, import, match, retries.

Scenario numbers are scenarios.md's; each test sets its scene over the real APIs and runs one on-demand provisioning.
"""

from __future__ import annotations

import pytest

from harness.pipeline import OnDemandRefused


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
