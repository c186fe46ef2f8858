"""The accidental-deletions threshold (§5.3) and restart with Graph's reset options (§6.4)."""

from __future__ import annotations

import pytest

from harness.errors import UserError
from tests.harness.sync.conftest import target

THRESHOLD = {"deletion_threshold": 2}


@pytest.fixture
def three(scene):
    users = [scene.user(name) for name in ("ann", "ben", "cat")]
    assignments = [scene.assign(user, replicate=False) for user in users]
    scene.world.clock.advance(200)
    return assignments


def _active(scene):
    return sorted(u["userName"].split("@")[0] for u in scene.target_users() if u["active"])


def _unassign(scene, assignments):
    for assignment in assignments:
        scene.unassign(assignment, replicate=False)
    scene.world.clock.advance(200)


def test_over_the_threshold_nothing_is_disabled_and_the_job_is_quarantined(world, scene, three):
    engine = world.sync_engine(world.default_job(settings=THRESHOLD))
    engine.run_cycle()
    _unassign(scene, three)
    report = engine.run_cycle()
    staged = world.logs.list(action="stageddelete")
    assert (_active(scene), len(staged), report.status["quarantine"]["reason"]) == (
        ["ann", "ben", "cat"],
        3,
        "TooManyDeletes",
    )
    assert engine.runnable() is False


def test_within_the_threshold_the_disables_are_sent(world, scene, three):
    engine = world.sync_engine(world.default_job(settings=THRESHOLD))
    engine.run_cycle()
    _unassign(scene, three[:2])
    engine.run_cycle()
    assert _active(scene) == ["cat"]


def test_allow_deletes_sends_the_staged_disables(world, scene, three):
    engine = world.sync_engine(world.default_job(settings=THRESHOLD))
    engine.run_cycle()
    _unassign(scene, three)
    engine.run_cycle()
    engine.restart("ForceDeletes")
    report = engine.run_cycle()
    assert (_active(scene), report.status["code"], report.tally.counts()["disabled"]) == ([], "Active", 3)


def test_restart_clears_the_watermark_and_keeps_the_links(world, scene, three):
    engine = world.sync_engine()
    engine.run_cycle()
    engine.restart()
    scene.forget()
    report = engine.run_cycle()
    queried = [e for e in scene.sent() if e["method"] == "GET" and "filter=externalId" in (e["query"] or "")]
    assert (report.kind, queried, len(scene.target_users())) == ("initial", [], 3)


def test_a_connector_data_store_reset_matches_everything_again(world, scene, three):
    engine = world.sync_engine()
    engine.run_cycle()
    engine.restart("ConnectorDataStore")
    assert world.links.count(engine.key) == 0
    report = engine.run_cycle()
    assert (report.kind, report.tally.counts()["created"], world.links.count(engine.key, "User")) == (
        "initial",
        0,
        3,
    )


def test_an_unknown_reset_scope_is_refused(world):
    with pytest.raises(UserError, match="Unknown reset scope 'Everything'"):
        world.sync_engine().restart("Everything")


def test_quarantine_state_reset_lifts_the_quarantine(world, scene, three):
    engine = world.sync_engine(world.default_job(target={"auth": {"type": "bearer", "token": "wrong"}}))
    engine.run_cycle()
    engine.restart("QuarantineState")
    assert (engine.status()["code"], engine.status()["quarantine"]) == ("Active", None)


def test_restart_after_too_many_deletes_stages_them_again(world, scene, three):
    engine = world.sync_engine(world.default_job(settings=THRESHOLD))
    engine.run_cycle()
    _unassign(scene, three)
    engine.run_cycle()
    engine.restart()
    engine.run_cycle()
    assert (
        target(scene, "ann@contoso.onmicrosoft.com")["active"],
        engine.status()["quarantine"]["reason"],
    ) == (
        True,
        "TooManyDeletes",
    )
