"""Quarantine: the escrow thresholds (scaled for tests), credential failures, the retry schedule (§6.4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from harness.sync.quarantine import enter_quarantine, escrow_reason
from idcore.clock import isoformat

SCALE = {"quarantine_scale": 0.001}  # thresholds 5 / 40 / 60 failures


@pytest.mark.parametrize(
    ("failures", "references", "events", "reason"),
    [
        (4_000, 0, 4_000, None),
        (45_000, 0, 45_000, "EncounteredBaseEscrowThreshold"),
        (30_000, 0, 35_000, "EncounteredEscrowProportionThreshold"),
        (20_000, 0, 120_000, None),
        (40_000, 21_000, 200_000, "EncounteredTotalEscrowThreshold"),
    ],
)
def test_escrow_thresholds_are_microsofts_examples(failures, references, events, reason):
    assert escrow_reason(failures, references, events, 1.0) == reason


@pytest.mark.parametrize(("count", "hours"), [(1, 6), (2, 12), (3, 24), (4, 48), (5, 72)])
def test_retries_come_6_12_24_hours_after_the_first_failure_then_daily(count, hours):
    began = datetime(2026, 1, 5, 9, tzinfo=UTC)
    current = None
    for n in range(count):
        current = enter_quarantine(
            current, "EncounteredQuarantineException", began + timedelta(minutes=n), None
        )
    assert current["nextAttempt"] == isoformat(began + timedelta(hours=hours))


@pytest.fixture
def six(scene):
    users = [scene.user(f"q{n}") for n in range(6)]
    for user in users:
        scene.assign(user, replicate=False)
    scene.world.clock.advance(200)
    return users


def _break_updates(world, scene, six):
    world.sync(world.default_job(settings=SCALE))
    scene.fault(method="PATCH", path="/scim/v2/Users/*", status=400)
    for user in six:
        scene.update(user, jobTitle="Changed")


def test_too_many_failures_in_an_incremental_cycle_quarantine_the_job(world, scene, six):
    _break_updates(world, scene, six)
    [report] = world.sync(world.default_job(settings=SCALE))
    quarantine = report.status["quarantine"]
    assert (report.status["code"], quarantine["reason"], quarantine["seriesCount"]) == (
        "Quarantine",
        "EncounteredEscrowProportionThreshold",
        1,
    )
    assert quarantine["nextAttempt"] == isoformat(world.clock.now() + timedelta(hours=6))


def test_a_quarantined_job_waits_for_its_next_attempt_and_a_success_lifts_it(world, scene, six):
    _break_updates(world, scene, six)
    engine = world.sync_engine(world.default_job(settings=SCALE))
    engine.run_cycle()
    world.control("scim", "DELETE", "/faults")
    before = world.clock.now()
    engine.run(cycles=1)
    assert (world.clock.now() - before, engine.status()["code"], engine.status()["quarantine"]) == (
        timedelta(hours=6),
        "Active",
        None,
    )


def test_an_initial_cycle_over_the_threshold_prunes_escrows_and_pauses(world, scene, six):
    scene.fault(method="POST", path="/scim/v2/Users", status=400)
    engine = world.sync_engine(world.default_job(settings=SCALE))
    engine.run(cycles=3)
    status = engine.status()
    assert (status["code"], status["escrowsPruned"], engine.state.escrow_counts(engine.key)) == (
        "Paused",
        True,
        (0, 0),
    )
    assert engine.runnable() is False


def test_refused_credentials_quarantine_regardless_of_counts(world, scene, six):
    job = world.default_job(target={"auth": {"type": "bearer", "token": "wrong"}})
    [report] = world.sync(job)
    status = report.status
    assert (report.state, status["quarantine"]["reason"], status["countSuccessiveCompleteFailures"]) == (
        "Failed",
        "EncounteredQuarantineException",
        1,
    )
    assert status["lastExecution"]["error"]["code"] and status["lastSuccessfulExecution"] is None


def test_four_weeks_in_quarantine_disable_the_job(world, scene, six):
    job = world.default_job(target={"auth": {"type": "bearer", "token": "wrong"}})
    engine = world.sync_engine(job)
    engine.run(cycles=40)
    assert (engine.runnable(), engine.stored()["schedule"]["state"]) == (False, "Disabled")
    elapsed = world.clock.now() - datetime(2026, 1, 5, 9, 3, 1, tzinfo=UTC)
    assert timedelta(days=28) < elapsed <= timedelta(days=29, minutes=1)
