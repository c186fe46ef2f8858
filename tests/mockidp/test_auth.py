"""Tokens: client credentials, JWT claims on the clock, Graph's 401 for missing/expired/foreign tokens."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
import requests

from idcore.testing import mount
from tests.mockidp.conftest import BASE, make_app, token_for


@pytest.fixture
def idp(database_url):
    app = make_app(database_url)
    return app, mount(requests.Session(), BASE, app)


def test_token_claims(idp):
    _, http = idp
    claims = jwt.decode(token_for(http), options={"verify_signature": False})
    assert claims["aud"] == "https://graph.microsoft.com"
    assert claims["iss"] == f"https://sts.windows.net/{claims['tid']}/"
    assert claims["exp"] - claims["iat"] == 3600
    assert claims["appid"] == "scimulator-harness" and "User.ReadWrite.All" in claims["roles"]


def test_token_verifies_against_the_jwks(idp):
    _, http = idp
    token = token_for(http)
    keys = http.get(f"{BASE}/contoso/discovery/v2.0/keys").json()["keys"]
    key = jwt.PyJWK(keys[0])
    assert jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience="https://graph.microsoft.com",
        options={"verify_exp": False},
    )


@pytest.mark.parametrize(
    "form, status, error",
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"client_id": "other"}, 400, "unauthorized_client"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"scope": "openid"}, 400, "invalid_scope"),
    ],
)
def test_token_errors_in_oauth_shape(idp, form, status, error):
    _, http = idp
    body = {
        "grant_type": "client_credentials",
        "client_id": "scimulator-harness",
        "client_secret": "scimulator-secret",
        "scope": "https://graph.microsoft.com/.default",
        **form,
    }
    response = http.post(f"{BASE}/contoso/oauth2/v2.0/token", data=body)
    assert response.status_code == status
    assert response.json()["error"] == error and response.json()["error_description"].startswith("AADSTS")


def test_missing_token_is_graph_401(idp):
    _, http = idp
    response = http.get(f"{BASE}/v1.0/users")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_expired_token_is_401(idp):
    app, http = idp
    token = token_for(http)
    app.extensions["idcore.clock"].advance(3601)
    response = http.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_token_verified_before_is_still_refused_once_expired(idp):
    app, http = idp
    headers = {"Authorization": f"Bearer {token_for(http)}"}
    assert http.get(f"{BASE}/v1.0/users", headers=headers).status_code == 200
    app.extensions["idcore.clock"].advance(3601)
    response = http.get(f"{BASE}/v1.0/users", headers=headers)
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


def test_a_token_verified_before_is_refused_when_the_clock_moves_back_before_it(idp):
    app, http = idp
    headers = {"Authorization": f"Bearer {token_for(http)}"}
    assert http.get(f"{BASE}/v1.0/users", headers=headers).status_code == 200
    clock = app.extensions["idcore.clock"]
    clock.set(clock.now() - timedelta(seconds=60))
    assert http.get(f"{BASE}/v1.0/users", headers=headers).status_code == 401


def test_a_tampered_copy_of_a_verified_token_is_401(idp):
    _, http = idp
    token = token_for(http)
    assert http.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{signature[:-4]}AAAA"
    assert http.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_garbage_token_is_401(idp):
    _, http = idp
    assert http.get(f"{BASE}/v1.0/users", headers={"Authorization": "Bearer abc.def"}).status_code == 401


def test_foreign_tenant_token_is_401(idp):
    _, http = idp
    other_app = make_app("sqlite://", TENANT="fabrikam", SEED=7)  # another directory, unknown to this one
    foreign = token_for(mount(requests.Session(), BASE, other_app), tenant="fabrikam")
    response = http.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {foreign}"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "form",
    [{"grant_type": "client_credentials\x00"}, {"client_id\x00": "x"}],
)
def test_a_refused_token_request_answers_in_the_oauth_shape(idp, form):
    _, http = idp
    response = http.post(f"{BASE}/contoso/oauth2/v2.0/token", data=form)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request" and "NUL" in response.json()["error_description"]
