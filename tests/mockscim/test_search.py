"""POST /.search at the root (RFC 7644 §3.4.3): Users then Groups, filtered and paged in SQL."""

from __future__ import annotations

import pytest

SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"


@pytest.fixture
def world(scim):
    users = [scim.user(f"user{i}", displayName=f"Person {i}") for i in range(3)]
    groups = [scim.group(f"Group {i}", members=[users[0]["id"]]) for i in range(2)]
    return scim, users, groups


def search(scim, **body):
    response = scim.post("/.search", {"schemas": [SEARCH], **body})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    "start, count, expected",
    [
        (1, None, ["user0", "user1", "user2", "Group 0", "Group 1"]),
        (1, 2, ["user0", "user1"]),
        (2, 3, ["user1", "user2", "Group 0"]),
        (3, 2, ["user2", "Group 0"]),
        (4, 10, ["Group 0", "Group 1"]),
        (5, 1, ["Group 1"]),
        (6, 5, []),
        (1, 0, []),
    ],
)
def test_pages_run_across_users_then_groups(world, start, count, expected):
    scim, _, _ = world
    body = search(scim, startIndex=start, **({} if count is None else {"count": count}))
    names = [r.get("userName") or r.get("displayName") for r in body.get("Resources", [])]
    assert (names, body["totalResults"], body["startIndex"]) == (expected, 5, start)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('displayName sw "group"', ["Group 0", "Group 1"]),
        ('displayName eq "Person 1"', ["Person 1"]),
        ('displayName co "1"', ["Person 1", "Group 1"]),
        ('meta.resourceType eq "Group"', ["Group 0", "Group 1"]),
    ],
)
def test_filter_applies_to_both_types(world, text, expected):
    scim, _, _ = world
    body = search(scim, filter=text)
    assert [r["displayName"] for r in body["Resources"]] == expected
    assert body["totalResults"] == len(expected)


def test_excluded_members_and_attributes(world):
    scim, _, _ = world
    body = search(scim, filter='displayName sw "group"', excludedAttributes="members")
    assert all("members" not in r for r in body["Resources"])
    body = search(scim, filter='displayName eq "Person 0"', attributes=["userName"])
    assert set(body["Resources"][0]) == {"schemas", "id", "userName"}


@pytest.mark.parametrize("body", [[], "x", {"schemas": [SEARCH], "filter": "userName eq"}])
def test_bad_search_bodies_are_400(scim, body):
    response = scim.post("/.search", body)
    assert response.status_code == 400 and response.json()["status"] == "400"


# totalResults comes from the page itself when the page is not full, from a COUNT otherwise.
@pytest.mark.parametrize(
    "query, total, names",
    [
        ("count=2", 3, ["user0", "user1"]),
        ("count=10", 3, ["user0", "user1", "user2"]),
        ("startIndex=3&count=1", 3, ["user2"]),
        ("startIndex=3&count=5", 3, ["user2"]),
        ("startIndex=9&count=5", 3, []),
        ('filter=userName eq "user1"', 1, ["user1"]),
        ('filter=userName eq "nobody"', 0, []),
        ('filter=userName eq "user1"&startIndex=2', 1, []),
        ("count=0", 3, []),
    ],
)
def test_total_results_with_or_without_a_count(world, query, total, names):
    scim = world[0]
    body = scim.get(f"/Users?{query}").json()
    assert (body["totalResults"], [r["userName"] for r in body.get("Resources", [])]) == (total, names)
