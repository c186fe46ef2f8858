"""Sync fixtures: an empty world (in process, or over real sockets for ``live``) and a scene to set it up."""

from __future__ import annotations

import pytest

from tests.harness.pipeline import conftest as pipeline

world, scene = pipeline.world, pipeline.scene  # the pipeline's fixtures: an empty world and its scene


@pytest.fixture
def people(scene):
    """Three assigned users: ada manages bob; cy is assigned through the group Ops."""
    ada, bob, cy = scene.user("ada"), scene.user("bob"), scene.user("cy")
    scene.set_manager(bob, ada)
    scene.assign(ada, replicate=False)
    scene.assign(bob, replicate=False)
    ops = scene.group("Ops", [cy, bob])
    scene.assign(ops)
    return {"ada": ada, "bob": bob, "cy": cy, "ops": ops}


def target(scene, upn):
    """Return the target user with ``upn`` (None when absent)."""
    found = scene.target_users(upn)
    return found[0] if found else None
