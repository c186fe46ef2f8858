"""Pipeline fixtures: an empty seeded world (on the per-test database) and an assigned user in it."""

from __future__ import annotations

import pytest

from harness.world import build_world
from tests.e2e.conftest import Scene


@pytest.fixture
def world(database_url):
    built = build_world(seed=5, users=0, idp_database_url=database_url)
    yield built
    built.close()


@pytest.fixture
def scene(world):
    return Scene(world)


@pytest.fixture
def ada(scene):
    user = scene.user("ada")
    scene.assign(user)
    return user
