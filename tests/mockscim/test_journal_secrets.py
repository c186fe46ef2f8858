"""mockscim's journal: bounded, off without a control token, and without the secrets clients send."""

from __future__ import annotations

import requests

import mockscim
from idcore.clock import ManualClock
from idcore.journal import get_journal
from idcore.testing import mount
from tests.mockscim.conftest import BASE, PATCH_OP, USER_SCHEMA


def entries(scim) -> list[dict]:
    return scim.control("GET", "/requests").json()["requests"]


def test_client_secret_of_a_token_request_is_redacted(make_client):
    scim = make_client(OAUTH_CLIENT_ID="app", OAUTH_CLIENT_SECRET="s3cr3t-value")
    response = scim.http.post(
        f"{BASE}/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": "app", "client_secret": "s3cr3t-value"},
    )
    assert response.status_code == 200
    (entry,) = entries(scim)
    assert "s3cr3t-value" not in entry["body"] and "client_secret=[REDACTED]" in entry["body"]


def test_passwords_in_scim_bodies_are_redacted(scim):
    user = scim.user("ada", password="Pa55-create")
    scim.put(f"/Users/{user['id']}", {"schemas": [USER_SCHEMA], "userName": "ada", "password": "Pa55-put"})
    scim.patch(f"/Users/{user['id']}", {"op": "replace", "path": "password", "value": "Pa55-patch"})
    scim.patch(f"/Users/{user['id']}", {"op": "replace", "value": {"password": "Pa55-nopath"}})
    bodies = " ".join(entry["body"] for entry in entries(scim))
    assert "Pa55" not in bodies and bodies.count("[REDACTED]") == 4
    assert PATCH_OP in bodies and '"userName": "ada"' in bodies


def test_journal_is_empty_and_off_without_a_control_token(database_url):
    app = mockscim.create_app({"DATABASE_URL": database_url, "CONTROL_TOKEN": None}, clock=ManualClock())
    http = mount(requests.Session(), BASE, app)
    http.headers["Authorization"] = "Bearer scimulator-token"
    for number in range(20):
        http.post(f"{BASE}/scim/v2/Users", json={"schemas": [USER_SCHEMA], "userName": f"u{number}"})
        http.get(f"{BASE}/scim/v2/Users", headers={"Authorization": ""})
    assert get_journal(app).entries() == []


def test_journal_bound_is_a_setting(make_client):
    scim = make_client(JOURNAL_SIZE=3, JOURNAL_BODY_BYTES=10)
    for number in range(6):
        scim.user(f"user-{number}")
    kept = entries(scim)
    assert len(kept) == 3 and all(len(entry["body"]) == 10 and entry["truncated"] for entry in kept)
