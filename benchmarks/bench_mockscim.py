"""Benchmark mockscim: `userName eq` lookups (p50/p95), creates/s and PATCHes/s at 1k, 10k and 100k users.

Each size is bulk-loaded with direct SQL inserts, then measured in process (the WSGI adapter) and over HTTP
under gunicorn with 2 workers, against SQLite (a file) and PostgreSQL (127.0.0.1:5432, user postgres, database
``bench_mockscim`` created and dropped here). Prints figures; asserts nothing.

    python benchmarks/bench_mockscim.py --sizes 1000,10000 --skip-http --skip-pg
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import requests
from sqlalchemy import create_engine, text

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import mockscim
from idcore.testing import mount
from mockscim.control import _reset_sequences
from mockscim.models import EmailRow, UserRow
from mockscim.state import state

TOKEN = "bench-token"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_mockscim"


def bulk_load(app: Any, size: int, chunk: int = 5000) -> list[str]:
    """Insert ``size`` users (and one email each) with executemany; return their userNames."""
    db = state(app).store.db
    db.reset()
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    rnd = random.Random(size)
    names = [f"user{n:07d}@bench.example" for n in range(size)]
    with db.engine.begin() as conn:
        for start in range(0, size, chunk):
            users, emails = [], []
            for n in range(start, min(start + chunk, size)):
                name = names[n]
                body = {
                    "userName": name,
                    "active": True,
                    "displayName": f"User {n}",
                    "emails": [{"type": "work", "value": name, "primary": True}],
                }
                users.append(
                    {
                        "pk": n + 1,
                        "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                        "tenant": "default",
                        "user_name": name,
                        "user_name_ci": name,
                        "user_name_key": name,
                        "external_id": None,
                        "display_name_ci": f"user {n}",
                        "employee_number_ci": None,
                        "active": True,
                        "created": now,
                        "last_modified": now,
                        "version": 1,
                        "body": body,
                    }
                )
                emails.append(
                    {
                        "user_pk": n + 1,
                        "value_ci": name,
                        "type_ci": "work",
                        "primary": True,
                        "display_ci": None,
                    }
                )
            conn.execute(UserRow.__table__.insert(), users)
            conn.execute(EmailRow.__table__.insert(), emails)
        _reset_sequences(conn, db)
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return names


def measure(call: Callable[[], Any], count: int) -> list[float]:
    """Return the durations (ms) of ``count`` calls."""
    durations = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def percentile(values: list[float], fraction: float) -> float:
    """Return the ``fraction`` percentile of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_workload(
    http: requests.Session, base: str, names: list[str], lookups: int, writes: int, label: str
) -> dict[str, float]:
    """Measure lookups, creates and PATCHes through ``http``; print and return the figures."""
    rnd = random.Random(7)
    headers = {"Authorization": f"Bearer {TOKEN}"}

    def lookup() -> None:
        name = rnd.choice(names)
        response = http.get(f"{base}/Users", params={"filter": f'userName eq "{name}"'}, headers=headers)
        assert response.status_code == 200 and response.json()["totalResults"] == 1, response.text

    lookup_ms = measure(lookup, lookups)
    created: list[str] = []
    tag = "-".join(label.split())

    def create() -> None:
        body = {
            "schemas": [USER_SCHEMA],
            "userName": f"new-{tag}-{len(created)}@bench.example",
            "active": True,
        }
        response = http.post(f"{base}/Users", json=body, headers=headers)
        assert response.status_code == 201, response.text
        created.append(response.json()["id"])

    create_s = sum(measure(create, writes)) / 1000

    def patch() -> None:
        body = {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Replace", "path": "title", "value": str(rnd.random())}],
        }
        response = http.patch(f"{base}/Users/{rnd.choice(created)}", json=body, headers=headers)
        assert response.status_code in (200, 204), response.text

    patch_s = sum(measure(patch, writes)) / 1000
    figures = {
        "p50": statistics.median(lookup_ms),
        "p95": percentile(lookup_ms, 0.95),
        "creates": writes / create_s,
        "patches": writes / patch_s,
    }
    print(
        f"{label:<44} lookup p50 {figures['p50']:7.2f} ms  p95 {figures['p95']:7.2f} ms  "
        f"creates {figures['creates']:7.1f}/s  patches {figures['patches']:7.1f}/s",
        flush=True,
    )
    return figures


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(url: str) -> Iterator[str]:
    """Run mockscim under gunicorn with 2 workers on ``url``'s database; yield its SCIM base URL."""
    port = free_port()
    env = {**os.environ, "MOCKSCIM_DATABASE_URL": url, "MOCKSCIM_TOKEN": TOKEN}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "mockscim:create_app()",
        ],
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if requests.get(f"{base}/scim/v2/ServiceProviderConfig", timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        yield f"{base}/scim/v2"
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def backend(name: str, workdir: str) -> Iterator[str]:
    """Yield a database URL for ``name`` ("sqlite" or "postgresql"), dropping what it created afterwards."""
    if name == "sqlite":
        yield f"sqlite:///{os.path.join(workdir, 'bench_mockscim.sqlite')}"
        return
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS bench_mockscim"))
        conn.execute(text("CREATE DATABASE bench_mockscim"))
    try:
        yield PG_URL
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS bench_mockscim WITH (FORCE)"))
        admin.dispose()


def main(argv: list[str] | None = None) -> None:
    """Parse flags and print the figures for every backend, size and transport."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    backends = [b for b, skip in (("sqlite", args.skip_sqlite), ("postgresql", args.skip_pg)) if not skip]
    with tempfile.TemporaryDirectory() as workdir:
        for name in backends:
            with backend(name, workdir) as url:
                for size in sizes:
                    app = mockscim.create_app({"DATABASE_URL": url, "TOKEN": TOKEN})
                    start = time.perf_counter()
                    names = bulk_load(app, size)
                    print(f"[{name}] loaded {size} users in {time.perf_counter() - start:.1f} s", flush=True)
                    http = mount(requests.Session(), "http://bench.local", app)
                    run_workload(
                        http,
                        "http://bench.local/scim/v2",
                        names,
                        args.lookups,
                        args.writes,
                        f"{name} {size:>6} in-process",
                    )
                    state(app).store.db.engine.dispose()
                    if not args.skip_http:
                        with gunicorn(url) as base:
                            run_workload(
                                requests.Session(),
                                base,
                                names,
                                args.lookups,
                                args.writes,
                                f"{name} {size:>6} http gunicorn -w 2",
                            )


if __name__ == "__main__":
    main()
