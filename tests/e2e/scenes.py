"""Small helpers the scenario modules share: what the target was sent, and a user already provisioned."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Scene

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def writes(scene: Scene) -> list[dict]:
    """Return the requests the target received that were not GETs."""
    return [e for e in scene.sent() if e["method"] != "GET"]


def ops(entry: dict) -> list[dict]:
    """Return the Operations of a journaled PATCH."""
    return entry["json"]["Operations"]


def provisioned(world: Any, scene: Scene, nickname: str = "ada", **props: Any) -> tuple[dict, dict]:
    """Create, assign and provision a user, then clear the target's journal; return the user and assignment."""
    user = scene.user(nickname, **props)
    assignment = scene.assign(user)
    first = world.provision(user=user["userPrincipalName"])
    assert first.action == "Create", first.to_dict()
    scene.forget()
    return user, assignment
