"""Scenario fixtures: an in-process world and a small vocabulary to set a scene over the real APIs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from harness.scenarios.stage import user_body
from harness.world import World, build_world

DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000"
DELAY = 180


class Scene:
    """Change the world the way an admin would: through Graph, SCIM and the control API."""

    def __init__(self, world: World) -> None:
        self.world = world
        apps = world.graph(
            "GET", "/servicePrincipals", params={"$filter": f"displayName eq '{World.APP_NAME}'"}
        ).json()["value"]
        self.sp = apps[0]

    # -- directory -------------------------------------------------------------------------------------------
    def user(self, nickname: str, **props: Any) -> dict[str, Any]:
        """Create a directory user with the catalog's defaults (override or drop any with None)."""
        response = self.world.graph("POST", "/users", json=user_body(nickname, **props))
        assert response.status_code == 201, response.text
        return response.json()

    def update(self, user: dict[str, Any], **props: Any) -> None:
        """PATCH a directory user."""
        response = self.world.graph("PATCH", f"/users/{user['id']}", json=props)
        assert response.status_code == 204, response.text

    def set_manager(self, user: dict[str, Any], manager: dict[str, Any]) -> None:
        """Make ``manager`` the manager of ``user``."""
        ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/users/{manager['id']}"}
        response = self.world.graph("PUT", f"/users/{user['id']}/manager/$ref", json=ref)
        assert response.status_code == 204, response.text

    def group(self, name: str, members: list[dict[str, Any]] = ()) -> dict[str, Any]:
        """Create a security group with direct ``members`` (users or groups)."""
        response = self.world.graph(
            "POST",
            "/groups",
            json={
                "displayName": name,
                "mailEnabled": False,
                "mailNickname": name.replace(" ", ""),
                "securityEnabled": True,
            },
        )
        assert response.status_code == 201, response.text
        group = response.json()
        for member in members:
            ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{member['id']}"}
            added = self.world.graph("POST", f"/groups/{group['id']}/members/$ref", json=ref)
            assert added.status_code == 204, added.text
        return group

    def assign(
        self, principal: dict[str, Any], *, replicate: bool = True, role: str = DEFAULT_ACCESS
    ) -> dict[str, Any]:
        """Assign a user or group to the enterprise app; by default wait out the replication delay."""
        response = self.world.graph(
            "POST",
            f"/servicePrincipals/{self.sp['id']}/appRoleAssignedTo",
            json={"principalId": principal["id"], "resourceId": self.sp["id"], "appRoleId": role},
        )
        assert response.status_code == 201, response.text
        if replicate:
            self.world.clock.advance(DELAY + 1)
        return response.json()

    def unassign(self, assignment: dict[str, Any], *, replicate: bool = True) -> None:
        """Remove an assignment; by default wait out the replication delay."""
        response = self.world.graph(
            "DELETE", f"/servicePrincipals/{self.sp['id']}/appRoleAssignedTo/{assignment['id']}"
        )
        assert response.status_code == 204, response.text
        if replicate:
            self.world.clock.advance(DELAY + 1)

    # -- target ----------------------------------------------------------------------------------------------
    def target_users(self, user_name: str | None = None) -> list[dict[str, Any]]:
        """Return the target's users (all, or those with ``user_name``)."""
        params = {"filter": f'userName eq "{user_name}"'} if user_name else {"count": 1000}
        return self.world.scim_request("GET", "/Users", params=params).json().get("Resources", [])

    def target_user(self, **attrs: Any) -> dict[str, Any]:
        """Create a user directly in the target."""
        body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "active": True, **attrs}
        response = self.world.scim_request("POST", "/Users", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def sent(self) -> list[dict[str, Any]]:
        """Return what the target received since the last ``forget``, bodies decoded."""
        entries = self.world.control("scim", "GET", "/requests").json()["requests"]
        for entry in entries:
            entry["json"] = json.loads(entry["body"]) if entry["body"] else None
        return entries

    def forget(self) -> None:
        """Clear the target's request journal."""
        self.world.control("scim", "DELETE", "/requests")

    def fault(self, **rule: Any) -> None:
        """Add a fault rule to the target."""
        response = self.world.control("scim", "POST", "/faults", json=rule)
        assert response.status_code == 200, response.text


@pytest.fixture(params=["wsgi", pytest.param("live", marks=pytest.mark.live)])
def make_world(request: pytest.FixtureRequest) -> Iterator[Callable[..., tuple[World, Scene]]]:
    """Build worlds in process, or (the ``live`` half of every scenario) over real sockets on port 0."""
    built: list[World] = []

    def make(**kwargs: Any) -> tuple[World, Scene]:
        options = {"seed": 11, "users": 5, "replication_delay": DELAY, **kwargs}
        world = build_world(live=request.param == "live", **options)
        built.append(world)
        return world, Scene(world)

    yield make
    for world in built:
        world.close()


@pytest.fixture
def world(make_world: Callable[..., tuple[World, Scene]]) -> World:
    return make_world()[0]


@pytest.fixture
def scene(world: World) -> Scene:
    return Scene(world)
