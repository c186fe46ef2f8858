"""Print mockidp's figures: time to seed N users, p50 of a UPN lookup and of a 100-user page.

Usage: ``python benchmarks/bench_mockidp.py [--sizes 10000 100000] [--postgres URL]``. SQLite runs on a file in a
temporary folder; with ``--postgres`` (e.g. postgresql://postgres@127.0.0.1:5432/postgres) the script creates a
scratch database, runs there and drops it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from urllib.parse import quote

import requests
from sqlalchemy import create_engine, text

import mockidp.seed
from idcore.clock import ManualClock
from idcore.testing import mount
from mockidp import create_app
from mockidp.seed import seed_tenant

BASE = "http://idp.bench"


def p50(action: Callable[[], None], runs: int = 200) -> float:
    """Return the median wall time of ``action`` in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bench(url: str, size: int, label: str) -> None:
    """Seed ``size`` users on ``url`` and print the figures."""
    app = create_app({"DATABASE_URL": url, "CLOCK": "manual"}, clock=ManualClock())
    hr_time = [0.0]
    hr_seed = mockidp.seed._seed_hr

    def timed_hr(*args: object) -> None:
        begin = time.perf_counter()
        hr_seed(*args)  # type: ignore[arg-type]
        hr_time[0] += time.perf_counter() - begin

    mockidp.seed._seed_hr = timed_hr  # time the HR systems' share of seeding separately
    start, cpu = time.perf_counter(), time.process_time()
    seed_tenant(app, 1, size)
    seeded, seed_cpu = time.perf_counter() - start, time.process_time() - cpu
    mockidp.seed._seed_hr = hr_seed
    http = mount(requests.Session(), BASE, app)
    token = http.post(
        f"{BASE}/contoso/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "scimulator-harness",
            "client_secret": "scimulator-secret",
            "scope": "https://graph.microsoft.com/.default",
        },
    ).json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"
    page = http.get(f"{BASE}/v1.0/users", params={"$top": 100, "$select": "userPrincipalName"}).json()
    upns = [u["userPrincipalName"] for u in page["value"]]
    middle = http.get(page["@odata.nextLink"]).json()["@odata.nextLink"]
    state = {"i": 0}

    def lookup() -> None:
        state["i"] += 1
        assert http.get(f"{BASE}/v1.0/users/{quote(upns[state['i'] % len(upns)])}").status_code == 200

    def one_page() -> None:
        assert len(http.get(middle).json()["value"]) == 100

    def search() -> None:
        http.get(
            f"{BASE}/v1.0/users",
            headers={"ConsistencyLevel": "eventual"},
            params={
                "$search": '"displayName:jos" OR "surname:jos" OR "userPrincipalName:jos"',
                "$filter": "accountEnabled eq true",
            },
        )

    print(
        f"{label:8} {size:>7} users  seed {seeded:6.1f} s (HR {hr_time[0]:5.1f} s, this process's CPU "
        f"{seed_cpu:5.1f} s)   UPN lookup p50 {p50(lookup):6.2f} ms   "
        f"100-user page p50 {p50(one_page, 100):6.2f} ms   portal search p50 {p50(search, 50):6.2f} ms",
        flush=True,
    )


def main() -> None:
    """Run the benchmark at each size on SQLite (and PostgreSQL if asked)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--postgres", default=None, help="admin URL of a PostgreSQL server")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            bench(f"sqlite:///{folder}/bench.sqlite", size, "sqlite")
        if args.postgres:
            bench_postgres(args.postgres, size)


def bench_postgres(admin_url: str, size: int) -> None:
    """Run one size in a scratch PostgreSQL database, then drop it."""
    name = f"mockidp_bench_{size}"
    admin = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        bench(admin_url.rsplit("/", 1)[0] + f"/{name}", size, "postgres")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
