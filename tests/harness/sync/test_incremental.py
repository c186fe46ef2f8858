"""Incremental cycles: only the watermark's changes, assignment changes and group membership changes."""

from __future__ import annotations

from tests.harness.sync.conftest import target

ADA = "ada@contoso.onmicrosoft.com"


def _ref(user):
    return {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user['id']}"}


def _exports(scene):
    """Return what the target received, less the cycle's test connection (a random userName)."""
    return [(e["method"], e["path"]) for e in scene.sent() if "userName+eq" not in (e["query"] or "")]


def test_nothing_changed_sends_nothing_but_the_connection_test(world, scene, people):
    world.sync()
    scene.forget()
    [report] = world.sync()
    assert (report.kind, report.tally.events, _exports(scene)) == ("incremental", 0, [])


def test_a_cycle_with_nothing_to_do_is_steady_state(world, people):
    world.sync()
    [report] = world.sync()
    assert world.sync_engine().status()["steadyStateLastAchievedTime"] == report.ended


def test_a_changed_user_is_read_by_its_target_id_and_patched(world, scene, people):
    world.sync()
    scene.forget()
    scene.update(people["ada"], jobTitle="Chief")
    [report] = world.sync()
    sent = _exports(scene)
    ada_id = target(scene, ADA)["id"]
    assert sent == [("GET", f"/scim/v2/Users/{ada_id}"), ("PATCH", f"/scim/v2/Users/{ada_id}")]
    assert (report.tally.counts()["updated"], target(scene, ADA)["title"]) == (1, "Chief")


def test_cycles_wait_the_interval_on_the_clock(world, people):
    began = world.clock.now()
    world.sync(cycles=3)
    assert (world.clock.now() - began).total_seconds() == 2 * 2400


def test_a_new_assignment_is_created_once_replicated(world, scene, people):
    world.sync()
    dan = scene.user("dan")
    scene.assign(dan, replicate=False)
    world.sync()
    assert target(scene, "dan@contoso.onmicrosoft.com") is None
    world.clock.advance(200)
    world.sync()
    assert target(scene, "dan@contoso.onmicrosoft.com") is not None


def test_a_member_added_to_an_assigned_group_is_created_and_added(world, scene, people):
    world.sync()
    dan = scene.user("dan")
    world.graph("POST", f"/groups/{people['ops']['id']}/members/$ref", json=_ref(dan))
    world.sync()
    [group] = world.scim_request("GET", "/Groups").json()["Resources"]
    assert target(scene, "dan@contoso.onmicrosoft.com")["id"] in {m["value"] for m in group["members"]}


def test_a_member_removed_from_the_group_is_removed_in_the_target(world, scene, people):
    world.sync()
    world.graph("DELETE", f"/groups/{people['ops']['id']}/members/{people['bob']['id']}/$ref")
    world.sync()
    [group] = world.scim_request("GET", "/Groups").json()["Resources"]
    assert {m["value"] for m in group["members"]} == {target(scene, "cy@contoso.onmicrosoft.com")["id"]}


def test_a_linked_object_gone_from_the_target_is_invalid_anchor(world, scene, people):
    world.sync()
    world.scim_request("DELETE", f"/Users/{target(scene, ADA)['id']}")
    scene.update(people["ada"], jobTitle="Chief")
    [report] = world.sync()
    [record] = world.logs.list(status="failure")
    assert (
        report.tally.counts()["failed"],
        record["provisioningStatusInfo"]["errorInformation"]["errorCode"],
    ) == (
        1,
        "InvalidAnchor",
    )


def test_invalid_anchor_rematch_setting_creates_it_again(world, scene, people):
    job = world.default_job(settings={"invalid_anchor": "rematch"})
    world.sync(job)
    world.scim_request("DELETE", f"/Users/{target(scene, ADA)['id']}")
    scene.update(people["ada"], jobTitle="Chief")
    [report] = world.sync(job)
    assert (report.tally.counts()["created"], target(scene, ADA)["title"]) == (1, "Chief")
