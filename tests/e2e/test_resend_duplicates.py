"""A create sent again after a time-out: the harness looks again, and never reports Success over a duplicate.

The scene (entra-behavior.md §2.9 "possible duplicate requests on timeouts"): the first POST is stored but its
answer is lost (drop after handling); the re-match that follows gets no answer in time (latency on the clock), so
the user is not found and the POST is sent again. Without userName uniqueness the target now holds two users.
"""

from __future__ import annotations

import pytest

TIMEOUT = 30


def lose_the_first_create(scene, upn: str) -> None:
    """Store the first POST but drop its answer; let the re-match queries (2nd to 5th) time out."""
    scene.fault(method="POST", path="/scim/v2/Users", drop="after", times=1)
    for nth in range(2, 6):  # the Match step's query is the 1st; the re-match is tried 1 + max_retries times
        scene.fault(
            method="GET",
            path="/scim/v2/Users",
            query_contains=f'userName eq "{upn}"',
            nth=nth,
            latency=TIMEOUT + 1,
        )


@pytest.fixture
def ada(make_world):
    def build(*quirks: str):
        world, scene = make_world(quirks=list(quirks))
        user = scene.user("ada")
        scene.assign(user)
        lose_the_first_create(scene, user["userPrincipalName"])
        return world, scene, user

    return build


def test_a_resent_create_that_duplicated_the_user_is_a_duplicate_failure(ada):
    world, scene, user = ada("no-uniqueness")
    result = world.provision(user=user["userPrincipalName"])
    assert len(scene.target_users(user["userPrincipalName"])) == 2
    assert (result.result, result.action) == ("Failure", "Create")
    assert result.error is not None and result.error.code == "DuplicateTargetEntries"
    message = result.error.message
    assert f"2 users in the target system match '{user['userPrincipalName']}' on userName" in message
    assert "sent again after the first attempt timed out" in message


def test_the_duplicate_failure_lists_both_target_users(ada):
    world, scene, user = ada("no-uniqueness")
    result = world.provision(user=user["userPrincipalName"])
    ids = {u["id"] for u in scene.target_users(user["userPrincipalName"])}
    assert set(result.step("action").details["Duplicates"]) == ids


def test_a_resent_create_refused_by_a_unique_target_is_the_first_create(ada):
    world, scene, user = ada()
    result = world.provision(user=user["userPrincipalName"])
    [stored] = scene.target_users(user["userPrincipalName"])
    assert [r.status for r in result.requests if r.method == "POST"] == [None, 409]
    assert (result.result, result.action) == ("Success", "Create")
    assert result.target["id"] == stored["id"]
