"""A cycle over real sockets: both apps on port 0, a plain session, parallel writers."""

from __future__ import annotations

import pytest
import requests

from harness.jobs.model import Job
from harness.sync import run_cycles
from harness.world import build_world
from tests.e2e.conftest import Scene

pytestmark = pytest.mark.live


@pytest.fixture
def live_world():
    built = build_world(seed=7, users=0, live=True)
    yield built
    built.close()


def test_parallel_cycle_over_sockets_creates_everyone_then_goes_idle(live_world):
    scene = Scene(live_world)
    for n in range(20):
        scene.assign(scene.user(f"p{n:02d}"), replicate=False)
    live_world.clock.advance(200)
    job = Job.from_dict(live_world.job_dict(), origin="<live>")
    with requests.Session() as session:
        reports = run_cycles(job, http=session, clock=live_world.clock, cycles=2, concurrency=4)
    assert [(r.kind, r.tally.counts()["created"], r.tally.counts()["failed"]) for r in reports] == [
        ("initial", 20, 0),
        ("incremental", 0, 0),
    ]
    assert len(scene.target_users()) == 20
