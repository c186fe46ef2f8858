"""The same Graph calls over a real socket (threaded server on port 0)."""

from __future__ import annotations

import pytest
import requests

from idcore.testing import LiveServer
from tests.mockidp.conftest import make_app

pytestmark = pytest.mark.live


def _token(url: str) -> str:
    """Return a client-credentials access token from the live server's token endpoint."""
    return requests.post(
        f"{url}/contoso/oauth2/v2.0/token",
        timeout=10,
        data={
            "grant_type": "client_credentials",
            "client_id": "scimulator-harness",
            "client_secret": "scimulator-secret",
            "scope": "https://graph.microsoft.com/.default",
        },
    ).json()["access_token"]


def test_token_then_portal_search_over_a_socket(database_url):
    with LiveServer(make_app(database_url, USERS=10)) as server:
        token = _token(server.url)
        response = requests.get(
            f"{server.url}/v1.0/users",
            timeout=10,
            params={"$search": '"displayName:josé" OR "mail:josé"', "$filter": "accountEnabled eq true"},
            headers={"Authorization": f"Bearer {token}", "ConsistencyLevel": "eventual"},
        )
        assert [u["displayName"] for u in response.json()["value"]] == ["José Núñez-Ødegård"]


def test_extension_attribute_patch_merges(database_url):
    with LiveServer(make_app(database_url, USERS=10)) as server:
        token = _token(server.url)
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        user = http.get(f"{server.url}/v1.0/users", params={"$top": 1}, timeout=10).json()["value"][0]
        url = f"{server.url}/v1.0/users/{user['id']}"
        http.patch(url, json={"onPremisesExtensionAttributes": {"extensionAttribute2": "B"}}, timeout=10)
        http.patch(url, json={"onPremisesExtensionAttributes": {"extensionAttribute3": "C"}}, timeout=10)
        attrs = http.get(url, params={"$select": "onPremisesExtensionAttributes"}, timeout=10).json()
        assert attrs["onPremisesExtensionAttributes"]["extensionAttribute2"] == "B"
        found = http.get(
            f"{server.url}/v1.0/users",
            timeout=10,
            params={"$filter": "onPremisesExtensionAttributes/extensionAttribute3 eq 'c'"},
        ).json()["value"]
        assert [u["id"] for u in found] == [user["id"]]
