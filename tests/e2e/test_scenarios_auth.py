"""The target's auth types beyond scenario 13 (which the catalog plays): each way an OAuth token request fails."""

from __future__ import annotations

import pytest

from idcore.testing import mount

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


def _html_app(environ, start_response):
    """Answer every request 200 with an HTML page (a token URL that points at a web site)."""
    start_response("200 OK", [("Content-Type", "text/html")])
    return [b"<html><body>Sign in</body></html>"]


def _idp_token_url(world) -> str:
    return f"{world.idp_url}/{world.TENANT}/oauth2/v2.0/token"


TOKEN_FAILURES = {
    # name: (token URL, client id, secret, fault on the target, code, status or transport error, endpoint's words)
    "wrong secret": (
        "scim",
        "scimulator-oauth",
        "wrong",
        None,
        "Unauthorized",
        401,
        "invalid_client: Unknown",
    ),
    "unknown client": (
        "scim",
        "nobody",
        "scimulator-oauth-secret",
        None,
        "Unauthorized",
        401,
        "invalid_client",
    ),
    "not a token endpoint": (
        "users",
        "scimulator-oauth",
        "scimulator-oauth-secret",
        None,
        "Unauthorized",
        401,
        "Bearer",
    ),
    "server error": (
        "scim",
        "scimulator-oauth",
        "scimulator-oauth-secret",
        {"status": 503},
        "Unauthorized",
        503,
        "Injected fault",
    ),
    "dropped": (
        "scim",
        "scimulator-oauth",
        "scimulator-oauth-secret",
        {"drop": "before"},
        "WebExceptionProtocolError",
        "ConnectionError",
        "ConnectionError",
    ),
    "too slow": (
        "scim",
        "scimulator-oauth",
        "scimulator-oauth-secret",
        {"latency": 45},
        "Timeout",
        "Timeout",
        "Timeout",
    ),
    "unreachable": (
        "http://127.0.0.1:9/token",
        "scimulator-oauth",
        "x",
        None,
        "WebExceptionProtocolError",
        "ConnectionError",
        "ConnectionError",
    ),
    "non-JSON answer": (
        "html",
        "scimulator-oauth",
        "scimulator-oauth-secret",
        None,
        "Unauthorized",
        200,
        "<html><body>Sign in",
    ),
    "Entra-style endpoint, unknown client": (
        "idp",
        "nobody",
        "x",
        None,
        "Unauthorized",
        400,
        "unauthorized_client: AADSTS700016",
    ),
}


@pytest.mark.parametrize("case", list(TOKEN_FAILURES))
def test_a_failed_oauth_token_request_is_explained_in_test_connection(oauth_world, case):
    world, scene, user = oauth_world
    where, client_id, secret, fault, code, answer, words = TOKEN_FAILURES[case]
    token_url = {
        "scim": oauth(world)["token_url"],
        "users": world.scim_url + "/Users",
        "idp": _idp_token_url(world),
        "html": "http://token-page.local/token",
    }.get(where, where)
    if where == "html":
        mount(world.http, "http://token-page.local", _html_app)
    if fault:
        scene.fault(method="POST", path="/oauth2/token", **fault)
    auth = {"type": "oauth", "token_url": token_url, "client_id": client_id, "client_secret": secret}
    if where == "idp":
        auth["scope"] = "https://graph.microsoft.com/.default"
    result = world.provision(
        world.default_job(target={"auth": auth}, state="stopped"), user=user["userPrincipalName"]
    )
    step = result.step("test_connection")
    assert (result.result, step.status, step.error.code) == ("Failure", "Failure", code)
    assert step.error.message.startswith(f"The OAuth token request to {token_url} failed")
    assert words in step.error.message and words in step.details["Token endpoint error"]
    assert step.details["Request"] == f"POST {token_url}" and step.details["Response"] == answer
    assert "You appear to have entered invalid credentials" not in step.error.message  # not the SCIM 401 text
    tips = " ".join(step.error.tips)
    assert f"curl -X POST '{token_url}'" in tips and "secret token and tenant URL" in tips
    assert [
        r for r in result.to_dict()["requests"] if "/scim/v2" in r["url"]
    ] == []  # no SCIM request was sent
    assert scene.target_users(user["userPrincipalName"]) == []


def test_a_token_failure_is_not_cached_the_next_run_gets_a_token(oauth_world):
    world, scene, user = oauth_world
    scene.fault(method="POST", path="/oauth2/token", status=503, times=1)
    job = world.default_job(target={"auth": oauth(world)}, state="stopped")
    assert world.provision(job, user=user["userPrincipalName"]).result == "Failure"
    result = world.provision(job, user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Create")
