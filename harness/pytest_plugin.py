"""Fixtures for other people's suites: an in-process world, a SCIM target, a manual clock and a provision helper.

Enable it with ``-p harness.pytest_plugin`` or through the ``pytest11`` entry point ``scimulator``. Every fixture
is function-scoped and builds its own apps on in-memory databases, so tests never share state and run in any
order, in parallel. docs/pytest.md has a worked example (a create, the replication delay moved by the clock, a
duplicate match) that the project's tests run as written. Configure a fixture with a marker on the test::

    @pytest.mark.scim_world(seed=0, users=10, profile="entra-compatible", quirks=["hide-inactive"])
    def test_create(scim_world, provision):
        from harness.cli import first_assigned_user

        scim_world.clock.advance(181)                      # past the replication delay
        result = provision(user=first_assigned_user(scim_world))
        assert result.action == "Create"

    def test_cycles(scim_world, sync):
        [initial] = sync()                                 # the initial cycle over every assigned user
        assert sync.status()["code"] == "Active"

    @pytest.mark.scim_target(profile="strict-rfc", quirks=["patch-204"])
    def test_my_client(scim_target):
        assert scim_target.request("GET", "/Users").status_code == 200
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from harness.validate.plugin import (  # noqa: F401 — the validator's --scim-url/--scim-token and scim_check
    pytest_addoption,
    pytest_generate_tests,
    scim_check,
    scim_validation,
)
from idcore.clock import ManualClock

__all__ = [
    "SCIM_TARGET_URL",
    "ScimTarget",
    "SyncRunner",
    "manual_clock",
    "provision",
    "scim_target",
    "scim_world",
    "sync",
]

#: Where the ``scim_target`` fixture mounts mockscim in process.
SCIM_TARGET_URL = "http://scim-target.local/scim/v2"


def pytest_configure(config: pytest.Config) -> None:
    """Register the plugin's markers."""
    config.addinivalue_line(
        "markers", "scim_world(**options): options of the scim_world fixture (build_world)"
    )
    config.addinivalue_line(
        "markers", "scim_target(profile=, quirks=, token=, config=): the scim_target fixture"
    )


def _marker_kwargs(request: pytest.FixtureRequest, name: str) -> dict[str, Any]:
    marker = request.node.get_closest_marker(name)
    return dict(marker.kwargs) if marker is not None else {}


@pytest.fixture
def manual_clock() -> ManualClock:
    """Return a fresh ManualClock at the fixed epoch (2026-01-05T09:00:00Z)."""
    return ManualClock()


@pytest.fixture
def scim_world(request: pytest.FixtureRequest, manual_clock: ManualClock) -> Iterator[Any]:
    """Yield an in-process World (mockidp + mockscim + harness on ``manual_clock``); see ``@mark.scim_world``."""
    from harness.world import build_world

    options = {"seed": 0, "users": 25, **_marker_kwargs(request, "scim_world")}
    options.setdefault("clock", manual_clock)
    world = build_world(**options)
    try:
        yield world
    finally:
        world.close()


@dataclass
class ScimTarget:
    """A mockscim app mounted on a requests session, with its URL, bearer token and clock."""

    app: Any
    http: requests.Session
    clock: ManualClock
    token: str
    url: str = SCIM_TARGET_URL
    headers: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call ``url`` + ``path`` with the bearer token (and ``application/scim+json`` for bodies)."""
        headers = {"Authorization": f"Bearer {self.token}", **self.headers, **kwargs.pop("headers", {})}
        if "json" in kwargs:
            headers.setdefault("Content-Type", "application/scim+json")
        return self.http.request(method, f"{self.url}{path}", headers=headers, **kwargs)


@pytest.fixture
def scim_target(request: pytest.FixtureRequest, manual_clock: ManualClock) -> Iterator[ScimTarget]:
    """Yield a mockscim app on an in-memory database, reachable through ``.http`` at ``.url``."""
    from harness.world import create_scim_app
    from idcore.testing import mount

    options = _marker_kwargs(request, "scim_target")
    token = options.get("token", "scimulator-token")
    config = {
        "DATABASE_URL": "sqlite://",
        "TOKEN": token,
        "PROFILE": options.get("profile", "entra-compatible"),
        "QUIRKS": list(options.get("quirks", ())),
        "CONTROL_TOKEN": "scimulator-control",
        **options.get("config", {}),
    }
    app = create_scim_app(config, clock=manual_clock)
    with requests.Session() as http:
        mount(http, SCIM_TARGET_URL.rsplit("/scim/v2", 1)[0], app)
        yield ScimTarget(app=app, http=http, clock=manual_clock, token=token)


@pytest.fixture
def provision(scim_world: Any) -> Callable[..., Any]:
    """Return ``provision(job=None, **request)``: one on-demand run in ``scim_world`` (user=, group=, members=…)."""

    def run(job: Any = None, **request_fields: Any) -> Any:
        return scim_world.provision(job, **request_fields)

    return run


class SyncRunner:
    """``sync(job=None, cycles=None, until_idle=False, concurrency=1)``: provisioning cycles in ``scim_world``.

    Each call runs cycles of the job's one engine state (the first an initial cycle, later ones incremental),
    waiting between cycles on the world's manual clock, and returns the cycle reports; ``status()`` is the job's
    synchronizationStatus.
    """

    def __init__(self, world: Any) -> None:
        self.world = world
        self.job: Any = None

    def __call__(
        self, job: Any = None, cycles: int | None = None, *, until_idle: bool = False, **options: Any
    ) -> Any:
        self.job = job or self.job
        return self.world.sync(self.job, cycles, until_idle=until_idle, **options)

    def status(self) -> dict[str, Any]:
        """Return Graph's synchronizationStatus of the job the last call ran."""
        return dict(self.world.sync_engine(self.job).status())


@pytest.fixture
def sync(scim_world: Any) -> SyncRunner:
    """Return ``sync(job=None, cycles=None, until_idle=False, **options)``: provisioning cycles in ``scim_world``."""
    return SyncRunner(scim_world)
