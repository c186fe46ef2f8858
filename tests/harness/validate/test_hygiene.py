"""Nothing of the vendor's is touched: an interrupted run still deletes what it made, --keep leaves it, and a run
against an endpoint that already holds users leaves those alone."""

from __future__ import annotations

import pytest

from harness.validate import validate
from tests.harness.validate.conftest import ENDPOINT


def totals(world):
    """Return how many users and groups mockscim holds."""
    users = world.scim_request("GET", "/Users").json()["totalResults"]
    groups = world.scim_request("GET", "/Groups").json()["totalResults"]
    return users, groups


@pytest.fixture
def world(validator_world):
    """Reset the shared world's mockscim to entra-compatible and empty, before and after the test."""
    validator_world.control("scim", "POST", "/reset")
    validator_world.control("scim", "POST", "/profile", json={"profile": "entra-compatible"})
    yield validator_world
    validator_world.control("scim", "POST", "/reset")


def test_an_interrupted_run_deletes_what_it_created(world):
    seen = []

    def interrupt(result):
        seen.append(result)
        if result.check.id == "groups.add-member":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        validate(ENDPOINT, world=world, progress=interrupt)
    assert seen[-1].check.id == "groups.add-member"
    assert totals(world) == (0, 0)


def test_keep_leaves_the_prefixed_objects(world):
    report = validate(ENDPOINT, world=world, keep=True, tags=["users.create", "groups.create"])
    users = world.scim_request("GET", "/Users").json()["Resources"]
    assert users and all(u["userName"].startswith(report.prefix) for u in users)
    assert totals(world)[1] == 1


def test_the_vendors_own_users_are_left_alone(world):
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "vendor@example.com"}
    assert world.scim_request("POST", "/Users", json=body).status_code == 201
    report = validate(ENDPOINT, world=world, exclude_tags=["corpus"])
    assert report.count("failed") == 0
    left = world.scim_request("GET", "/Users").json()["Resources"]
    assert [u["userName"] for u in left] == ["vendor@example.com"]
