"""One in-process world for the validator's tests, and each profile's battery run once and shared."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from harness.validate import Endpoint, Report, validate
from harness.world import World, build_world

ENDPOINT = Endpoint(World.SCIM_URL, token=World.SCIM_TOKEN)


@pytest.fixture(scope="session")
def validator_world() -> Iterator[World]:
    """Yield one world (source tenant and mockscim in process) whose mockscim profile the tests switch."""
    world = build_world(users=1, replication_mode="immediate")
    try:
        yield world
    finally:
        world.close()


@pytest.fixture(scope="session")
def battery(validator_world: World) -> Callable[..., Report]:
    """Return ``battery(profile, dialects, judge)``: the whole battery against mockscim in that profile, run once."""
    reports: dict[tuple[str, tuple[str, ...], str], Report] = {}

    def run(profile: str, dialects: tuple[str, ...] = ("default",), judge: str = "entra") -> Report:
        key = (profile, dialects, judge)
        if key not in reports:
            validator_world.control("scim", "POST", "/reset")
            answer = validator_world.control("scim", "POST", "/profile", json={"profile": profile})
            assert answer.status_code == 200, answer.text
            reports[key] = validate(ENDPOINT, dialects=dialects, world=validator_world, judge=judge)
        return reports[key]

    return run


def not_passed(report: Report) -> dict[str, str]:
    """Return ``{check id: status}`` of every failed or warning check (``id@dialect`` with two dialects)."""
    several = len(report.dialects) > 1
    return {
        (f"{r.check.id}@{r.dialect}" if several else r.check.id): r.status
        for r in report.results
        if r.status in ("failed", "warning")
    }
