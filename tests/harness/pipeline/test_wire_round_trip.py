"""Round trips through a real mockscim: what the harness sends is accepted and reads back as nothing to change."""

from __future__ import annotations

from typing import Any

import pytest

from harness.jobs.defaults import ENTERPRISE_URN
from harness.pipeline.diff import diff
from harness.pipeline.mapping import MappedObject
from harness.pipeline.wire import (
    Dialect,
    create_body,
    disable_body,
    manager_body,
    members_add_body,
    members_remove_body,
    patch_body,
)
from tests.harness.pipeline.wiredata import DEFAULT, FLAG, USER_URN

SCIM = "http://mockscim.local/scim/v2"
TOKEN = "wire-token"
FULL_USER = {
    "userName": "ada@contoso.com",
    "active": "True",
    "displayName": "Ada Lovelace",
    "externalId": "ada",
    "name.givenName": "Ada",
    "name.familyName": "Lovelace",
    "name.formatted": "Ada Lovelace",
    'emails[type eq "work"].value': "ada@contoso.com",
    'addresses[type eq "work"].locality': "London",
    'addresses[type eq "work"].country': "GB",
    'phoneNumbers[type eq "mobile"].value': "+44 1",
    f"{ENTERPRISE_URN}:employeeNumber": "7",
    f"{ENTERPRISE_URN}:department": "Sales",
}
UPDATED = {
    "displayName": "Ada King",
    "name.familyName": "King",
    'emails[type eq "work"].value': "ada@king.org",
    f"{ENTERPRISE_URN}:department": "Science",
    'phoneNumbers[type eq "work"].value': "+44 2",
}


@pytest.fixture
def scim(database_url: str) -> Any:
    """Return a requests session reaching an entra-compatible mockscim in process."""
    import requests

    from harness.world import create_scim_app
    from idcore.testing import mount

    app = create_scim_app({"DATABASE_URL": database_url, "TOKEN": TOKEN, "PROFILE": "entra-compatible"})
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {TOKEN}"
    mount(session, SCIM, app)
    return session


def round_trip(session: Any, base: str, dialect: Dialect) -> dict[str, Any]:
    """Create the full user, update it in ``dialect``, disable it; return the final resource."""
    created = session.post(
        f"{base}/Users", json=create_body(MappedObject("User", True, values=FULL_USER), "User")
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    assert (
        diff(MappedObject("User", False, values=FULL_USER), session.get(f"{base}/Users/{user_id}").json())
        == []
    )
    desired = MappedObject("User", False, values={**FULL_USER, **UPDATED})
    changes = diff(desired, session.get(f"{base}/Users/{user_id}").json())
    assert {c.path for c in changes} == set(UPDATED)
    patched = session.patch(f"{base}/Users/{user_id}", json=patch_body(changes, dialect))
    assert patched.status_code in (200, 204), patched.text
    assert diff(desired, session.get(f"{base}/Users/{user_id}").json()) == []
    manager = session.post(f"{base}/Users", json={"schemas": [USER_URN], "userName": "boss"}).json()["id"]
    assert session.patch(f"{base}/Users/{user_id}", json=manager_body(manager, dialect)).status_code in (
        200,
        204,
    )
    assert session.patch(f"{base}/Users/{user_id}", json=disable_body(dialect)).status_code in (200, 204)
    return session.get(f"{base}/Users/{user_id}").json()


@pytest.mark.parametrize("dialect", [DEFAULT, FLAG], ids=["default", "aadOptscim062020"])
def test_user_round_trip(scim: Any, dialect: Dialect) -> None:
    final = round_trip(scim, SCIM, dialect)
    assert final["active"] is False
    assert final[ENTERPRISE_URN]["manager"]["value"]


@pytest.mark.parametrize("dialect", [DEFAULT, FLAG], ids=["default", "aadOptscim062020"])
def test_group_round_trip(scim: Any, dialect: Dialect) -> None:
    members = [
        scim.post(f"{SCIM}/Users", json={"schemas": [USER_URN], "userName": f"u{i}"}).json()["id"]
        for i in range(3)
    ]
    group = MappedObject("Group", True, values={"displayName": "Sales", "externalId": "g-1"})
    created = scim.post(f"{SCIM}/Groups", json=create_body(group, "Group"))
    assert created.status_code == 201, created.text
    url = f"{SCIM}/Groups/{created.json()['id']}"
    assert scim.patch(url, json=members_add_body(members, dialect)).status_code in (200, 204)
    assert scim.patch(url, json=members_remove_body(members[:1], dialect)).status_code in (200, 204)
    assert sorted(m["value"] for m in scim.get(url).json()["members"]) == sorted(members[1:])


@pytest.mark.live
def test_user_round_trip_over_a_socket(database_url: str) -> None:
    import requests

    from harness.world import create_scim_app
    from idcore.testing import LiveServer

    app = create_scim_app({"DATABASE_URL": database_url, "TOKEN": TOKEN, "PROFILE": "entra-compatible"})
    with LiveServer(app) as server, requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {TOKEN}"
        assert round_trip(session, f"{server.url}/scim/v2", DEFAULT)["active"] is False
