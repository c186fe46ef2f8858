"""One in-process world for the validator's tests, and each profile's battery run once and shared."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from harness.validate import Endpoint, Report, validate
from harness.world import World, build_world

ENDPOINT = Endpoint(World.SCIM_URL, token=World.SCIM_TOKEN)
#: what a spec-minded server (mockscim strict-rfc, scim2-server) warns about: the manager forms Entra is only observed
#: to send, the ADSCIM group schema, and group names that may repeat (uniqueness is Entra's need, not SCIM's)
SPEC_MINDED_WARNINGS = frozenset(
    {
        "users.manager-string",
        "groups.adscim-schema",
        "groups.duplicate-displayname",
        "corpus.17-set-the-manager-as-a-plain-string-id",
        "corpus.19-remove-the-manager-by-a-value-filter-on-the-bare-name",
        "corpus.21-set-the-manager-as-a-one-item-array-with-ref-on-the-bare-nam",
        "corpus.23-remove-the-manager-again-set-from-the-array",
        "corpus.26-remove-the-manager-set-from-the-object",
        "corpus.39-create-the-group-with-the-adscim-schema-and-no-members",
        "corpus.40-create-a-group-with-the-same-displayname-conflict",
        "corpus.51-create-a-second-group-to-delete",
    }
)


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
