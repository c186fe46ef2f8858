"""mockidp's journal: bounded, off without a control token, and without the secrets clients send."""

from __future__ import annotations

import requests

from idcore.journal import get_journal
from idcore.testing import mount
from tests.mockidp.conftest import BASE, make_app, token_for


def entries(control) -> list[dict]:
    return control.get(f"{BASE}/_control/requests").json()["requests"]


def test_token_request_secret_and_user_password_are_redacted(app, control):
    http = mount(requests.Session(), BASE, app)
    http.headers["Authorization"] = f"Bearer {token_for(http)}"
    user = {
        "accountEnabled": True,
        "displayName": "Ada",
        "mailNickname": "ada",
        "userPrincipalName": "ada@contoso.onmicrosoft.com",
        "passwordProfile": {"password": "Pa55-graph", "forceChangePasswordNextSignIn": False},
    }
    assert http.post(f"{BASE}/v1.0/users", json=user).status_code == 201
    recorded = str(entries(control))
    assert "scimulator-secret" not in recorded and "Pa55-graph" not in recorded
    assert "client_secret=[REDACTED]" in recorded and '"password": "[REDACTED]"' in recorded


def test_unauthenticated_requests_are_not_kept_without_a_control_token(database_url):
    app = make_app(database_url, CONTROL_TOKEN=None)
    http = mount(requests.Session(), BASE, app)
    for _ in range(30):
        assert http.post(f"{BASE}/v1.0/users", data="x" * 65_536).status_code in (400, 401)
    assert get_journal(app).entries() == []


def test_journal_keeps_a_bounded_prefix_of_each_body(database_url):
    app = make_app(database_url, JOURNAL_SIZE=10)
    http = mount(requests.Session(), BASE, app)
    for _ in range(30):
        http.post(f"{BASE}/v1.0/users", data="x" * 65_536)
    kept = get_journal(app).entries()
    assert len(kept) == 10 and {len(entry.body) for entry in kept} == {4096}
    assert {entry.size for entry in kept} == {65_536}
