"""The app lacks a permission: the directory answers 403 and the import step fails saying so."""

from __future__ import annotations

import pytest


@pytest.fixture
def unprivileged(make_world):
    world, scene = make_world()
    user = scene.user("ada")
    scene.assign(user)
    world.clock.advance(181)
    response = world.control("idp", "POST", "/permissions", json={"roles": ["Application.Read.All"]})
    assert response.status_code == 200, response.text
    return world, scene, user


def test_without_user_read_the_import_fails_with_insufficient_rights(unprivileged):
    world, scene, user = unprivileged
    result = world.provision(world.default_job(), user=user["userPrincipalName"])
    step = result.step("import")
    assert (result.result, step.status) == ("Failure", "Failure")
    assert step.error.code == "InsufficientRights"
    assert "403" in step.description and "Insufficient privileges" in step.description
    assert "User.Read.All" in " ".join(step.error.tips)
    assert scene.target_users(user["userPrincipalName"]) == []
