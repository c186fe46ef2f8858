"""Print what one on-demand run costs in a small and a large directory: p50/p95 of create, update and skip runs.

Usage: ``python benchmarks/bench_ondemand.py [--sizes 1000 100000] [--runs 25] [--postgres URL]``. Each size is a
freshly seeded mockidp (SQLite in a temporary folder; with ``--postgres``, e.g.
postgresql://postgres@127.0.0.1:5432/postgres, also a scratch PostgreSQL database, dropped afterwards) and an
in-process mockscim; the runs go through ``World.provision`` as ``scimulator provision`` does. For each of
``--runs`` assigned users: a create (the target is empty), an update (after a PATCH of its job title in the
directory) and a skip (nothing changed). The last line is the ratio large/small of each p50.

``measure_ondemand(users, database_url)`` is the function ``bench_sync.py`` calls.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import create_engine, text

from harness.world import World, build_world

KINDS = ("create", "update", "skip")
EXPECTED = {"create": "Create", "update": "Update", "skip": "Skip"}


def measure_ondemand(users: int, database_url: str | None = None, runs: int = 25) -> dict[str, Any]:
    """Seed ``users`` directory users on ``database_url`` (None: a SQLite file) and time on-demand runs.

    Returns ``{"users", "seed_s", "create": {"p50_ms", "p95_ms", "runs"}, "update": ..., "skip": ...}``.
    """
    if database_url is None:
        with tempfile.TemporaryDirectory() as folder:
            return _measure(users, f"sqlite:///{folder}/ondemand.sqlite", runs)
    return _measure(users, database_url, runs)


def _measure(users: int, url: str, runs: int) -> dict[str, Any]:
    start = time.perf_counter()
    world = build_world(seed=1, users=users, replication_delay=0, idp_database_url=url)
    seeded = time.perf_counter() - start
    try:
        upns = _assigned_upns(world, runs + 3)
        for upn in upns[:3]:  # warm-up: tokens, the app's first requests
            _run(world, upn, "create")
        samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for upn in upns[3:]:
            samples["create"].append(_timed(lambda u=upn: _run(world, u, "create")))
            _set_title(world, upn)
            samples["update"].append(_timed(lambda u=upn: _run(world, u, "update")))
            samples["skip"].append(_timed(lambda u=upn: _run(world, u, "skip")))
    finally:
        world.close()
    figures: dict[str, Any] = {"users": users, "seed_s": round(seeded, 2)}
    for kind, values in samples.items():
        figures[kind] = {
            "p50_ms": _percentile(values, 50),
            "p95_ms": _percentile(values, 95),
            "runs": len(values),
        }
    return figures


def _assigned_upns(world: World, count: int) -> list[str]:
    """Return the UPNs of ``count`` enabled members assigned directly to the app (the seed assigns a fifth)."""
    app = world.graph("GET", "/servicePrincipals", params={"$top": 1}).json()["value"][0]
    assigned = world.graph(
        "GET", f"/servicePrincipals/{app['id']}/appRoleAssignedTo", params={"$top": 999}
    ).json()["value"]
    found: list[str] = []
    for assignment in assigned:
        if assignment.get("principalType") != "User":
            continue
        user = world.graph(
            "GET",
            f"/users/{assignment['principalId']}",
            params={"$select": "userPrincipalName,accountEnabled,userType,employeeId"},
        )
        body = user.json() if user.status_code == 200 else {}
        if body.get("accountEnabled") and body.get("userType") == "Member" and body.get("employeeId"):
            found.append(body["userPrincipalName"])
        if len(found) == count:
            return found
    raise RuntimeError(f"only {len(found)} assigned enabled members among the first 999 assignments")


def _run(world: World, upn: str, kind: str) -> None:
    result = world.provision(user=upn)
    if result.action != EXPECTED[kind]:
        raise RuntimeError(f"{kind} run for {upn} was {result.result}/{result.action}: {result.error}")


def _set_title(world: World, upn: str) -> None:
    reply = world.graph("PATCH", f"/users/{upn}", json={"jobTitle": f"Benchmark {time.perf_counter_ns()}"})
    if reply.status_code != 204:
        raise RuntimeError(f"PATCH {upn}: {reply.status_code} {reply.text[:200]}")


def _timed(action: Callable[[], None]) -> float:
    begin = time.perf_counter()
    action()
    return (time.perf_counter() - begin) * 1000


def _percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return round(values[0], 2) if values else 0.0
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1], 2)


def _print(label: str, figures: dict[str, Any]) -> None:
    parts = [
        f"{kind} p50 {figures[kind]['p50_ms']:7.2f} ms p95 {figures[kind]['p95_ms']:7.2f} ms"
        for kind in KINDS
    ]
    print(
        f"{label:8} {figures['users']:>7} users  seed {figures['seed_s']:6.1f} s   " + "   ".join(parts),
        flush=True,
    )


def _ratios(label: str, small: dict[str, Any], large: dict[str, Any]) -> None:
    parts = [f"{kind} {large[kind]['p50_ms'] / small[kind]['p50_ms']:.2f}x" for kind in KINDS]
    print(f"{label:8} p50 ratio {large['users']}/{small['users']} users: " + "   ".join(parts), flush=True)


def _postgres(admin_url: str, size: int, runs: int) -> dict[str, Any]:
    """Measure one size in a scratch PostgreSQL database, then drop it."""
    name = f"ondemand_bench_{size}"
    admin = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = admin_url.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}"
        return measure_ondemand(size, url, runs)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    """Measure each size on SQLite (and PostgreSQL if asked); print the figures and the large/small ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--postgres", default=None, help="admin URL of a PostgreSQL server")
    args = parser.parse_args()
    engines: list[tuple[str, Callable[[int], dict[str, Any]]]] = [
        ("sqlite", lambda size: measure_ondemand(size, None, args.runs))
    ]
    if args.postgres:
        engines.append(("postgres", lambda size: _postgres(args.postgres, size, args.runs)))
    for label, measure in engines:
        figures = [measure(size) for size in args.sizes]
        for found in figures:
            _print(label, found)
        if len(figures) > 1:
            _ratios(label, figures[0], figures[-1])


if __name__ == "__main__":
    main()
