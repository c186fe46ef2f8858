"""Scenario 13's other half and the target's auth types: an OAuth job proceeds once stopped, bearer while running."""

from __future__ import annotations

import pytest

from harness.pipeline import OnDemandRefused

CLIENT = {"OAUTH_CLIENT_ID": "scimulator-oauth", "OAUTH_CLIENT_SECRET": "scimulator-oauth-secret"}


def oauth(world, secret: str = "scimulator-oauth-secret") -> dict[str, str]:
    return {
        "type": "oauth",
        "token_url": world.scim_url.rsplit("/scim/v2", 1)[0] + "/oauth2/token",
        "client_id": "scimulator-oauth",
        "client_secret": secret,
    }


@pytest.fixture
def oauth_world(make_world):
    world, scene = make_world(scim_config=CLIENT)
    user = scene.user("ada")
    scene.assign(user)
    return world, scene, user


def test_13_an_oauth_job_proceeds_once_stopped(oauth_world):
    world, scene, user = oauth_world
    job = world.default_job(target={"auth": oauth(world)})
    with pytest.raises(OnDemandRefused, match="[Ss]top"):
        world.provision(job, user=user["userPrincipalName"])
    assert scene.sent() == []  # refused before any request
    result = world.provision(
        world.default_job(target={"auth": oauth(world)}, state="stopped"), user=user["userPrincipalName"]
    )
    assert (result.result, result.action) == ("Success", "Create")
    assert len(scene.target_users(user["userPrincipalName"])) == 1


def test_a_stopped_oauth_job_with_a_wrong_secret_fails_test_connection(oauth_world):
    world, scene, user = oauth_world
    job = world.default_job(target={"auth": oauth(world, "wrong")}, state="stopped")
    result = world.provision(job, user=user["userPrincipalName"])
    step = result.step("test_connection")
    assert (result.result, step.status) == ("Failure", "Failure")
    assert "secret token and tenant URL" in " ".join(step.error.tips)
    assert scene.target_users(user["userPrincipalName"]) == []


@pytest.mark.parametrize("state", ["running", "stopped"])
def test_a_bearer_job_proceeds_whatever_the_state(oauth_world, state):
    world, _, user = oauth_world
    assert world.provision(world.default_job(state=state), user=user["userPrincipalName"]).action == "Create"
