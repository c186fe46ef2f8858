"""Escrow: a failed object is retried in later cycles with backoff; a success takes it out (§2.9, §6.4)."""

from __future__ import annotations

import pytest

from tests.harness.sync.conftest import target

ADA = "ada@contoso.onmicrosoft.com"
MANAGER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


@pytest.fixture
def ada(scene):
    user = scene.user("ada")
    scene.assign(user)
    return user


def _posts(scene):
    return [e for e in scene.sent() if e["method"] == "POST"]


def test_a_failed_create_is_escrowed_with_the_retry_sentence(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=400, detail="Unsupported attribute")
    world.sync()
    [record] = world.logs.list(status="failure")
    reason = record["provisioningStatusInfo"]["errorInformation"]["reason"]
    assert reason.endswith(
        "This operation was retried 0 times. It will be retried again after this date: 2026-01-05T09:43:01Z"
    )


def test_escrow_backs_off_doubling_per_failure(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=400)
    scene.forget()
    world.sync(cycles=4)  # cycles at +0, +40, +80 and +120 minutes; retries due at +40 and +120 (40 + 80)
    assert len(_posts(scene)) == 3


def test_a_retry_that_succeeds_takes_the_object_out_of_escrow(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=400, times=1)
    engine = world.sync_engine()
    engine.run(cycles=2)
    assert (target(scene, ADA) is not None, engine.state.escrow_counts(engine.key)) == (True, (0, 0))


def test_restart_with_escrows_stops_the_retries(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=400)
    engine = world.sync_engine()
    engine.run_cycle()
    engine.restart("Escrows")
    assert engine.state.escrow_counts(engine.key) == (0, 0)


def test_a_failed_manager_link_is_retried_by_the_next_due_cycle(world, scene):
    ada, bob = scene.user("ada"), scene.user("bob")
    scene.set_manager(bob, ada)
    scene.assign(bob, replicate=False)
    scene.assign(ada)
    scene.fault(method="PATCH", path="/scim/v2/Users/*", status=400, times=1)
    engine = world.sync_engine()
    engine.run(cycles=2)
    manager = target(scene, "bob@contoso.onmicrosoft.com").get(MANAGER, {}).get("manager", {})
    assert (manager.get("value"), engine.state.escrow_counts(engine.key)) == (
        target(scene, ADA)["id"],
        (0, 0),
    )


def test_a_failed_member_update_is_retried_with_every_member(world, scene, ada):
    ops = scene.group("Ops", [ada])
    scene.assign(ops)
    scene.fault(method="PATCH", path="/scim/v2/Groups/*", status=500, times=4)  # the four tries of one PATCH
    engine = world.sync_engine()
    engine.run(cycles=2)
    [group] = world.scim_request("GET", "/Groups").json()["Resources"]
    assert ([m["value"] for m in group["members"]], engine.state.escrow_counts(engine.key)) == (
        [target(scene, ADA)["id"]],
        (0, 0),
    )
