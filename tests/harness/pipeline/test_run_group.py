"""Group on demand (issue #5): one group, up to five chosen members, in-scope members added by PATCH."""

from __future__ import annotations

import pytest


@pytest.fixture
def team(scene):
    members = [scene.user(f"t{i}") for i in range(3)]
    group = scene.group("Team", members)
    scene.assign(group)
    return group, members


def run(world, members, job=None):
    return world.provision(job, group="Team", members=[m["userPrincipalName"] for m in members])


def test_group_is_created_empty_then_members_added_by_target_id(world, team):
    _, members = team
    result = run(world, members)
    assert (result.result, result.action) == ("Success", "Create")
    [post] = [r for r in result.requests if r.method == "POST"]
    assert "members" not in post.body and post.body["displayName"] == "Team"
    [patch] = [r for r in result.requests if r.method == "PATCH"]
    added = [v["value"] for v in patch.body["Operations"][0]["value"]]
    assert patch.body["Operations"][0]["op"] == "Add"
    assert sorted(added) == sorted(m.target["id"] for m in result.members)


def test_each_member_is_provisioned_as_its_own_user_run(world, team):
    _, members = team
    result = run(world, members)
    assert [m.action for m in result.members] == ["Create"] * 3
    assert result.step("import").title == "Import group"


def test_out_of_scope_members_are_not_added(world, team):
    _, members = team
    job = world.default_job(
        users={
            "scoping_filters": [
                {
                    "title": "Not t0",
                    "clauses": [{"attribute": "mailNickname", "operator": "NOT EQUALS", "value": "t0"}],
                }
            ]
        }
    )
    result = run(world, members, job)
    [patch] = [r for r in result.requests if r.method == "PATCH"]
    assert len(patch.body["Operations"][0]["value"]) == 2
    assert result.step("action").details["Members not added (out of scope or failed)"] == [
        members[0]["userPrincipalName"]
    ]


def test_group_lookups_exclude_members(world, team):
    _, members = team
    result = run(world, members)
    lookups = [r.url for r in result.requests if r.method == "GET" and "/Groups" in r.url]
    assert lookups and all("excludedAttributes=members" in url for url in lookups)


def test_a_member_not_in_the_group_fails_import(world, scene, team):
    stranger = scene.user("stranger")
    result = run(world, [stranger])
    assert result.result == "Failure" and "'stranger@contoso.onmicrosoft.com' is not a direct member" in (
        result.error.message
    )


@pytest.fixture
def crew(scene):
    people = [
        scene.user("olma", displayName="Olma Ruiz", givenName="Olma", surname="Ruiz"),
        scene.user("adele", displayName="Adèle Vance", givenName="Adèle", surname="Vance"),
        scene.user(
            "nicklas.dossantos", displayName="Nicklas Dos Santos", givenName="Nicklas", surname="Dos Santos"
        ),
        scene.user("margaret", displayName="Margaret Lee", givenName="Margaret", surname="Lee"),
        scene.user("marcus", displayName="Marcus Lee", givenName="Marcus", surname="Lee"),
    ]
    scene.assign(scene.group("Crew", people))
    return people


@pytest.mark.parametrize(
    ("text", "nickname"),
    [
        ("Olma", "olma"),
        ("margaret", "margaret"),
        ("nicklas.dossantos", "nicklas.dossantos"),
        ("Adele", "adele"),
    ],
)
def test_members_are_searched_like_users(world, crew, text, nickname):
    result = world.provision(group="Crew", members=[text])
    assert result.result == "Success", result.error
    assert [m.subject["identifier"] for m in result.members] == [f"{nickname}@contoso.onmicrosoft.com"]


def test_an_ambiguous_member_lists_the_candidates(world, crew):
    result = world.provision(group="Crew", members=["Lee"])
    assert result.result == "Failure"
    message = result.error.message
    assert "'Lee' matches several members" in message
    assert "marcus@contoso.onmicrosoft.com, margaret@contoso.onmicrosoft.com" in message


def test_an_unassigned_group_is_skipped(world, scene):
    member = scene.user("solo")
    scene.group("Lonely", [member])
    result = world.provision(group="Lonely", members=[member["userPrincipalName"]])
    assert result.result == "Skipped" and result.members == []


def test_member_runs_do_not_repeat_the_test_connection(world, team):
    _, members = team
    result = run(world, members)
    probes = [
        r
        for m in result.members
        for r in m.requests
        if "/Users?filter=userName" in r.url and r.url.endswith("%22") and "contoso" not in r.url
    ]
    assert probes == []


def test_a_member_beyond_the_first_page_of_members_is_found(world, scene):
    members = [scene.user(f"p{i:03d}") for i in range(101)]
    group = scene.group("Big", members)
    scene.assign(group)
    first_page = world.graph("GET", f"/groups/{group['id']}/members").json()["value"]
    [last] = [m for m in members if m["id"] not in {p["id"] for p in first_page}]
    result = world.provision(group="Big", members=[last["userPrincipalName"]])
    assert result.step("import").status == "Success", result.step("import").description
