"""Fixtures for mockscim: a fresh app per test, reached in process through the requests adapter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

import mockscim
from idcore.clock import ManualClock
from idcore.testing import mount

BASE = "http://scim.test"
SCIM = f"{BASE}/scim/v2"
TOKEN = "scimulator-token"
CONTROL = "ctl"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Client:
    """A requests session on one mockscim app, with helpers for the common SCIM calls."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.http = mount(requests.Session(), BASE, app)
        self.http.headers["Authorization"] = f"Bearer {TOKEN}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(SCIM + path, **kwargs)

    def post(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.http.post(SCIM + path, json=body, **kwargs)

    def put(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.http.put(SCIM + path, json=body, **kwargs)

    def patch(self, path: str, *operations: dict[str, Any], **kwargs: Any) -> requests.Response:
        return self.http.patch(
            SCIM + path, json={"schemas": [PATCH_OP], "Operations": list(operations)}, **kwargs
        )

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.delete(SCIM + path, **kwargs)

    def control(self, method: str, path: str, body: Any = None) -> requests.Response:
        return self.http.request(
            method, f"{BASE}/_control{path}", json=body, headers={"Authorization": f"Bearer {CONTROL}"}
        )

    def user(self, user_name: str = "bjensen", **attributes: Any) -> dict[str, Any]:
        body = {"schemas": [USER_SCHEMA], "userName": user_name, **attributes}
        response = self.post("/Users", body)
        assert response.status_code == 201, response.text
        return response.json()

    def group(self, name: str = "Sales", members: list[str] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"schemas": [GROUP_SCHEMA], "displayName": name}
        if members:
            body["members"] = [{"value": member} for member in members]
        response = self.post("/Groups", body)
        assert response.status_code == 201, response.text
        return response.json()

    def find(self, filter_text: str, endpoint: str = "/Users") -> list[dict[str, Any]]:
        response = self.get(endpoint, params={"filter": filter_text})
        assert response.status_code == 200, response.text
        return response.json()["Resources"]


@pytest.fixture
def make_client(database_url: str) -> Callable[..., Client]:
    """Return a factory of clients, each on a new app (profile, quirks and config as keyword arguments)."""

    def factory(profile: str = "entra-compatible", quirks: list[str] | None = None, **config: Any) -> Client:
        app = mockscim.create_app(
            {
                "DATABASE_URL": database_url,
                "PROFILE": profile,
                "QUIRKS": quirks or [],
                "CONTROL_TOKEN": CONTROL,
                **config,
            },
            clock=ManualClock(),
        )
        return Client(app)

    return factory


@pytest.fixture
def scim(make_client: Callable[..., Client]) -> Client:
    """Return a client on an entra-compatible app."""
    return make_client()
