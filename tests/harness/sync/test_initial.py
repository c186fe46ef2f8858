"""The initial cycle: every assigned user, then groups, then references; links, logs and the watermark."""

from __future__ import annotations

import pytest

from tests.harness.sync.conftest import target

MANAGER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def test_initial_cycle_creates_every_assigned_user(world, scene, people):
    [report] = world.sync()
    names = sorted(u["userName"] for u in scene.target_users())
    assert (report.kind, names) == ("initial", [f"{n}@contoso.onmicrosoft.com" for n in ("ada", "bob", "cy")])


def test_unassigned_users_are_not_evaluated(world, scene, people):
    scene.user("dan")
    world.sync()
    assert target(scene, "dan@contoso.onmicrosoft.com") is None
    assert {r["sourceIdentity"]["displayName"] for r in world.logs.list()} >= {"Ada Tester"}
    assert "Dan Tester" not in {r["sourceIdentity"]["displayName"] for r in world.logs.list()}


def test_created_users_are_linked(world, scene, people):
    world.sync()
    link = world.links.get(world.sync_engine().key, "User", people["ada"]["id"])
    assert link.target_id == target(scene, "ada@contoso.onmicrosoft.com")["id"]


def test_manager_is_linked_by_target_id(world, scene, people):
    world.sync()
    ada, bob = target(scene, "ada@contoso.onmicrosoft.com"), target(scene, "bob@contoso.onmicrosoft.com")
    assert bob[MANAGER]["manager"]["value"] == ada["id"]


def test_group_is_created_with_its_in_scope_members(world, scene, people):
    scene.user("eve", accountEnabled=False)
    world.sync()
    [group] = world.scim_request("GET", "/Groups").json()["Resources"]
    members = {m["value"] for m in group["members"]}
    expected = {target(scene, f"{n}@contoso.onmicrosoft.com")["id"] for n in ("bob", "cy")}
    assert (group["displayName"], members) == ("Ops", expected)


def test_disabled_member_of_an_assigned_group_is_skipped_and_not_added(world, scene, people):
    eve = scene.user("eve", accountEnabled=False)
    world.graph(
        "POST",
        f"/groups/{people['ops']['id']}/members/$ref",
        json={"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{eve['id']}"},
    )
    [report] = world.sync()
    [group] = world.scim_request("GET", "/Groups").json()["Resources"]
    assert (report.tally.counts()["skipped"], len(group["members"])) == (1, 2)
    assert target(scene, "eve@contoso.onmicrosoft.com") is None


def test_every_object_is_logged_with_the_cycle_id(world, people):
    [report] = world.sync()
    records = world.logs.list()
    assert {r["cycleId"] for r in records} == {report.id}
    creates = [r for r in records if r["provisioningAction"] == "create"]
    assert sorted(r["sourceIdentity"]["identityType"] for r in creates) == ["Group", "User", "User", "User"]


def test_watermark_is_the_delta_links(world, people):
    world.sync()
    watermark = world.sync_engine().stored()["watermark"]
    assert sorted(watermark) == ["groups", "users"]
    assert all("$deltatoken=" in link for link in watermark.values())


def test_status_after_the_initial_cycle(world, people):
    [report] = world.sync()
    status = world.sync_engine().status()
    counts = {c["key"]: c["value"] for c in status["synchronizedEntryCountByType"]}
    assert (status["code"], status["lastExecution"]["activityIdentifier"], counts) == (
        "Active",
        report.id,
        {"User": 3, "Group": 1},
    )


def test_cycles_use_the_flagged_dialect(world, scene, people):
    job = world.default_job(target={"url": world.scim_url + "?aadOptscim062020"})
    world.sync(job)
    scene.forget()
    scene.update(people["ada"], jobTitle="Chief")
    world.sync(job)
    [patch] = [e for e in scene.sent() if e["method"] == "PATCH"]
    assert patch["json"]["Operations"][0]["op"] == "replace"


@pytest.mark.parametrize("concurrency", [1, 4])
def test_concurrent_writers_give_the_same_target(world, scene, people, concurrency):
    for n in range(12):
        scene.assign(scene.user(f"u{n:02d}"), replicate=False)
    world.clock.advance(200)
    [report] = world.sync(concurrency=concurrency)
    assert (len(scene.target_users()), report.tally.counts()["failed"]) == (15, 0)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"state": "stopped"}, "a stopped job runs no cycles"),
        ({"source": {"type": "workday"}}, "a workday source is not supported by sync"),
    ],
)
def test_jobs_that_run_no_cycles_are_refused(world, overrides, message):
    from harness.errors import UserError

    with pytest.raises(UserError, match=message):
        world.sync_engine(world.default_job(**overrides))
