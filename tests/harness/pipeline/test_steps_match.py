"""Steps 3 and 4 through the real apps: scope verdicts and matching in precedence order."""

from __future__ import annotations

import pytest

from harness.world import build_world
from tests.e2e.conftest import Scene

TWO_MATCHING = [
    {"target": "userName", "source": "userPrincipalName", "match": 1},
    {"target": "externalId", "source": "mailNickname", "match": 2},
    {"target": "displayName", "source": "displayName"},
]


@pytest.fixture
def make(database_url):
    built = []

    def make(**kwargs):
        world = build_world(seed=8, users=0, idp_database_url=database_url, **kwargs)
        built.append(world)
        return world, Scene(world)

    yield make
    for world in built:
        world.close()


def assigned(scene, nickname="ada", **props):
    user = scene.user(nickname, **props)
    scene.assign(user)
    return user


def test_no_match_lists_each_attribute_tried(make):
    world, scene = make()
    user = assigned(scene)
    result = world.provision(
        world.default_job(users={"mappings": TWO_MATCHING}), user=user["userPrincipalName"]
    )
    details = result.step("match").details
    assert list(details) == [f'userName eq "{user["userPrincipalName"]}"', 'externalId eq "ada"']
    assert set(details.values()) == {"No match"} and result.action == "Create"


def test_the_first_attribute_that_matches_stops_the_search(make):
    world, scene = make()
    user = assigned(scene)
    scene.target_user(userName=user["userPrincipalName"], externalId="other")
    result = world.provision(
        world.default_job(users={"mappings": TWO_MATCHING}), user=user["userPrincipalName"]
    )
    assert len(result.step("match").details) == 1 and result.action == "Update"


def test_a_target_ignoring_the_filter_makes_duplicates(make):
    world, scene = make(quirks=["filterable=id", "ignore-filter"])
    user = assigned(scene)
    for name in ("x@contoso.com", "y@contoso.com"):
        scene.target_user(userName=name)
    result = world.provision(user=user["userPrincipalName"])
    assert result.error.code == "DuplicateTargetEntries"
    [found] = result.step("match").details.values()
    assert {u["userName"] for u in found} == {"x@contoso.com", "y@contoso.com"}


def test_a_case_sensitive_target_misses_a_differently_cased_user_name(make):
    world, scene = make(quirks=["case-sensitive-username"])
    user = assigned(scene)
    scene.target_user(userName=user["userPrincipalName"].upper())
    assert world.provision(user=user["userPrincipalName"]).step("match").details == {
        f'userName eq "{user["userPrincipalName"]}"': "No match"
    }


def test_scope_details_follow_the_portal_and_the_graph_keys(make):
    world, scene = make()
    user = assigned(scene)
    details = world.provision(user=user["userPrincipalName"]).step("scope").details
    assert details["Active in source system"] is True and details["Assigned to application"] is True
    assert details["Scope sync all"] is False and details["IsEffectivelyEntitledForProvisioning"] == "True"


def test_an_unassigned_user_gets_the_not_effectively_entitled_text(make):
    world, scene = make()
    user = scene.user("bob")
    step = world.provision(user=user["userPrincipalName"]).step("scope")
    assert step.status == "Skipped" and "not assigned to the application" in step.description
    assert "SkipReason: NotEffectivelyEntitled" in step.description
