"""A helper the scenario modules share: a user already provisioned."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Scene


def provisioned(world: Any, scene: Scene, nickname: str = "ada", **props: Any) -> tuple[dict, dict]:
    """Create, assign and provision a user, then clear the target's journal; return the user and assignment."""
    user = scene.user(nickname, **props)
    assignment = scene.assign(user)
    first = world.provision(user=user["userPrincipalName"])
    assert first.action == "Create", first.to_dict()
    scene.forget()
    return user, assignment
