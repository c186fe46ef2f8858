"""Auth: bearer tokens per tenant, and OAuth client-credentials tokens that expire on the app clock."""

from __future__ import annotations

import pytest

import mockscim
from idcore.clock import ManualClock
from tests.mockscim.conftest import BASE, SCIM, Client


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic c2NpbTpzY2lt", "Bearer "])
def test_missing_or_wrong_token_is_401_in_the_error_schema(scim, header):
    headers = {"Authorization": header} if header is not None else {}
    scim.http.headers.pop("Authorization")
    response = scim.http.get(f"{SCIM}/Users", headers=headers)
    assert response.status_code == 401 and response.json()["status"] == "401"


def test_discovery_needs_no_token(scim):
    scim.http.headers.pop("Authorization")
    assert scim.http.get(f"{SCIM}/ServiceProviderConfig").status_code == 200


def test_tenants_do_not_see_each_other(make_client):
    scim = make_client(TENANTS={"fabrikam": "fab-token"})
    scim.user("shared")
    other = scim.http.get(f"{SCIM}/Users", headers={"Authorization": "Bearer fab-token"}).json()
    created = scim.http.post(
        f"{SCIM}/Users",
        headers={"Authorization": "Bearer fab-token"},
        json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "shared"},
    )
    assert other["totalResults"] == 0 and created.status_code == 201


@pytest.fixture
def oauth(make_client):
    return make_client(OAUTH_CLIENT_ID="app", OAUTH_CLIENT_SECRET="s3cret", OAUTH_TOKEN_LIFETIME=3600)


def token(client, **form):
    data = {"grant_type": "client_credentials", "client_id": "app", "client_secret": "s3cret", **form}
    return client.http.post(f"{BASE}/oauth2/token", data=data)


def test_oauth_token_works_until_it_expires(oauth):
    access = token(oauth).json()["access_token"]
    headers = {"Authorization": f"Bearer {access}"}
    assert oauth.http.get(f"{SCIM}/Users", headers=headers).status_code == 200
    oauth.control("POST", "/clock", {"advance": 3601})
    assert oauth.http.get(f"{SCIM}/Users", headers=headers).status_code == 401


@pytest.mark.parametrize(
    "form, status, error",
    [
        ({"client_secret": "nope"}, 401, "invalid_client"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
    ],
)
def test_oauth_errors(oauth, form, status, error):
    response = token(oauth, **form)
    assert (response.status_code, response.json()["error"]) == (status, error)


def test_a_refused_token_request_answers_in_the_oauth_error_shape(oauth):
    response = token(oauth, client_id="a\x00b")
    assert response.headers["Content-Type"].startswith("application/json")
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


def test_token_endpoint_is_off_without_a_client(scim):
    assert token(scim).status_code == 404


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_on_one_seed_issue_distinct_working_tokens(tmp_path, workers):
    url = f"sqlite:///{tmp_path / 'scim.db'}"
    config = {"OAUTH_CLIENT_ID": "app", "OAUTH_CLIENT_SECRET": "s3cret", "SEED": 7}
    apps = [mockscim.create_app({"DATABASE_URL": url, **config}, clock=ManualClock()) for _ in range(workers)]
    clients = [Client(app) for app in apps]
    responses = [token(client) for client in clients for _ in range(2)]
    assert [r.status_code for r in responses] == [200] * 2 * workers
    issued = [r.json()["access_token"] for r in responses]
    assert len(set(issued)) == len(issued)
    for access in issued:
        headers = {"Authorization": f"Bearer {access}"}
        assert clients[0].http.get(f"{SCIM}/Users", headers=headers).status_code == 200


def test_tokens_are_not_predictable_from_the_seed(make_client):
    # Two servers on one seed (each on its own database) draw the same seeded sequence: tokens must not follow it.
    first, second = (
        make_client(OAUTH_CLIENT_ID="app", OAUTH_CLIENT_SECRET="s3cret", SEED=7, DATABASE_URL="sqlite://")
        for _ in range(2)
    )
    issued = token(first).json()["access_token"]
    assert issued != token(second).json()["access_token"]
    assert second.http.get(f"{SCIM}/Users", headers={"Authorization": f"Bearer {issued}"}).status_code == 401


def test_the_database_holds_no_usable_token(oauth):
    access = token(oauth).json()["access_token"]
    snapshot = oauth.control("GET", "/snapshot").json()
    assert access not in str(snapshot)
