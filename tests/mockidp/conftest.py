"""Fixtures for mockidp tests: a fresh app per test (in-memory or per-test PostgreSQL schema), a token session."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from flask import Flask

from idcore.clock import ManualClock
from idcore.testing import mount
from mockidp import create_app

BASE = "http://idp.test"


def make_app(database_url: str, **config: Any) -> Flask:
    """Build a mockidp app on a manual clock with a control token."""
    settings = {"DATABASE_URL": database_url, "CONTROL_TOKEN": "ctl", "CLOCK": "manual", **config}
    return create_app(settings, clock=ManualClock())


def token_for(
    http: requests.Session,
    tenant: str = "contoso",
    client_id: str = "scimulator-harness",
    secret: str = "scimulator-secret",
) -> str:
    """Fetch an access token with client credentials."""
    response = http.post(
        f"{BASE}/{tenant}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "scope": "https://graph.microsoft.com/.default",
        },
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def graph_session(app: Flask) -> requests.Session:
    """Return a requests session mounted on ``app`` and carrying a Graph token."""
    http = mount(requests.Session(), BASE, app)
    http.headers["Authorization"] = f"Bearer {token_for(http)}"
    return http


@pytest.fixture
def app(database_url: str) -> Flask:
    """An app with 40 seeded users."""
    return make_app(database_url, USERS=40)


@pytest.fixture
def graph(app: Flask) -> requests.Session:
    """A Graph session on the seeded app."""
    return graph_session(app)


@pytest.fixture
def control(app: Flask) -> requests.Session:
    """A control-API session on the seeded app."""
    http = mount(requests.Session(), BASE, app)
    http.headers["Authorization"] = "Bearer ctl"
    return http
