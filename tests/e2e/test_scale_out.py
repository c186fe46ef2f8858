"""Two server processes of each app on one database behind a round-robin balancer serve one tenant as one does.

Each app runs twice as ``scimulator serve`` (two processes, as two hosts would run it) on one shared database: a
PostgreSQL schema per app when ``SCIMULATOR_TEST_DATABASE_URL`` is set (CI's storage pass), else one SQLite file
per app. A SQLite file is enough to prove the point on one machine: the two processes share nothing but the
database, exactly as on two hosts; only the network between them and PostgreSQL is missing, which the storage pass
adds. Every request the harness sends goes to the next process of the app it is meant for (``RoundRobin``), so
the requests of one cycle (token, delta pages, queries, POSTs, PATCHes) alternate between the processes. The
result is compared with the same cycle against one process of each app (the in-process world, same seed).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import create_engine, text

from harness.jobs.model import Job
from harness.sync import SyncEngine
from harness.world import World, build_world, job_data
from idcore.clock import SystemClock
from idcore.ids import Randomness
from idcore.testing import ServerProcess

pytestmark = [pytest.mark.live, pytest.mark.storage]

ROOT = Path(__file__).resolve().parents[2]
CONTROL = "scale-out-control"
USERS = 24


class RoundRobin(HTTPAdapter):
    """A load balancer in the client: a request for any process of an app goes to that app's next process."""

    def __init__(self, groups: list[list[int]]) -> None:
        super().__init__()
        self._next = {port: itertools.cycle(group) for group in groups for port in group}
        self._lock = threading.Lock()
        self.served: Counter[int] = Counter()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Send ``request`` to the next process of its app."""
        parts = urlsplit(str(request.url))
        if parts.port in self._next:
            with self._lock:
                port = next(self._next[parts.port])
                self.served[port] += 1
            request.url = urlunsplit(parts._replace(netloc=f"127.0.0.1:{port}"))
        return super().send(request, **kwargs)


@pytest.fixture(scope="module")
def shared_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Yield one database URL per app that several processes can share: a PostgreSQL schema, or a SQLite file."""
    base = os.environ.get("SCIMULATOR_TEST_DATABASE_URL")
    if not base:
        folder = tmp_path_factory.mktemp("scale-out")
        yield {app: f"sqlite:///{folder}/{app}.sqlite" for app in ("idp", "scim")}
        return
    schemas = {app: f"scale_{app}_{os.getpid()}_{uuid.uuid4().hex[:8]}" for app in ("idp", "scim")}
    admin = create_engine(base)
    separator = "&" if "?" in base else "?"
    try:
        with admin.begin() as conn:
            for schema in schemas.values():
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield {app: f"{base}{separator}options=-csearch_path%3D{schema}" for app, schema in schemas.items()}
    finally:
        with admin.begin() as conn:
            for schema in schemas.values():
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _serve(app: str, db: str, *options: str, join: bool) -> ServerProcess:
    command = [
        sys.executable,
        "-m",
        "harness.cli",
        "serve",
        app,
        "--port",
        "{port}",
        "--db",
        db,
        "--seed",
        "1",
    ]
    env = {"PYTHONPATH": str(ROOT), f"MOCK{app.upper()}_CONTROL_STATE": "join" if join else "own"}
    return ServerProcess([*command, "--control-token", CONTROL, *options], env)


@pytest.fixture(scope="module")
def cluster(shared_databases: dict[str, str]) -> Iterator[dict[str, list[ServerProcess]]]:
    """Seed the directory, then start two processes of mockidp and two of mockscim; yield them by app."""
    seed = [sys.executable, "-m", "harness.cli", "seed", "--db", shared_databases["idp"], "--seed", "1"]
    subprocess.run([*seed, "--users", str(USERS)], check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    options = {"idp": ("--users", "0"), "scim": ("--token", World.SCIM_TOKEN)}
    started: dict[str, list[ServerProcess]] = {"idp": [], "scim": []}
    try:
        for app in ("idp", "scim"):
            for join in (False, True):
                started[app].append(_serve(app, shared_databases[app], *options[app], join=join).start())
        yield started
    finally:
        for process in started["idp"] + started["scim"]:
            process.stop()


def _balanced(cluster: dict[str, list[ServerProcess]]) -> tuple[requests.Session, RoundRobin]:
    balancer = RoundRobin([[p.port for p in cluster[app]] for app in ("idp", "scim")])
    session = requests.Session()
    session.mount("http://127.0.0.1:", balancer)
    return session, balancer


def _job(cluster: dict[str, list[ServerProcess]]) -> Any:
    """Return the default job naming the first process of each app (the balancer spreads its requests)."""
    return Job.from_dict(job_data(cluster["idp"][0].url, f"{cluster['scim'][0].url}/scim/v2"))


def _target(get: Any) -> dict[str, Any]:
    """Return what a SCIM target holds: its userNames, and each group's members by userName."""
    users = get("/Users", {"count": "1000"}).json()["Resources"]
    names = {user["id"]: user["userName"] for user in users}
    groups = get("/Groups", {"count": "1000"}).json()["Resources"]
    return {
        "users": sorted(names.values()),
        "groups": {g["displayName"]: sorted(names[m["value"]] for m in g.get("members", [])) for g in groups},
    }


def _over_http(process: ServerProcess) -> Any:
    headers = {"Authorization": f"Bearer {World.SCIM_TOKEN}"}
    return lambda path, params: requests.get(
        f"{process.url}/scim/v2{path}", params=params, headers=headers, timeout=60
    )


def _one_process_result() -> dict[str, Any]:
    """Return what the same cycle leaves in the target when each app is one process (in process, same seed)."""
    world = build_world(seed=1, users=USERS)
    world.sync()
    return _target(lambda path, params: world.scim_request("GET", path, params=params))


def test_a_cycle_through_two_processes_of_each_app_leaves_what_one_process_does(cluster):
    session, balancer = _balanced(cluster)
    engine = SyncEngine(
        _job(cluster), http=session, clock=SystemClock(), rng=Randomness(1), concurrency=4, interval=0
    )
    initial, again = engine.run(2)
    first, second = (_target(_over_http(process)) for process in cluster["scim"])
    assert first == second == _one_process_result()
    assert (initial.tally.counts()["created"], again.tally.counts()["created"]) == (
        len(first["users"]) + len(first["groups"]),
        0,
    )
    for app in ("idp", "scim"):  # the requests of each app alternated between its two processes
        one, two = (balancer.served[p.port] for p in cluster[app])
        assert min(one, two) >= 5 and abs(one - two) <= 1, balancer.served


def test_control_state_set_through_one_process_holds_in_the_other(cluster):
    one, two = cluster["scim"]
    headers = {"Authorization": f"Bearer {CONTROL}"}
    before = requests.get(f"{two.url}/_control/clock", headers=headers, timeout=60).json()["offset"]
    requests.post(f"{one.url}/_control/clock", json={"advance": 3600}, headers=headers, timeout=60)
    rule = {"method": "GET", "path": "/scim/v2/Users*", "status": 503, "times": 1}
    requests.post(f"{two.url}/_control/faults", json=rule, headers=headers, timeout=60)
    after = requests.get(f"{two.url}/_control/clock", headers=headers, timeout=60).json()["offset"]
    scim = {"Authorization": f"Bearer {World.SCIM_TOKEN}"}
    answers = [
        requests.get(f"{p.url}/scim/v2/Users", headers=scim, timeout=60).status_code for p in (one, two)
    ]
    assert (after - before, answers) == (3600.0, [503, 200])
