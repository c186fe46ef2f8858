"""Print the harness's figures: p50 and p95 of one on-demand user run, in process and over loopback HTTP.

Usage: ``python benchmarks/bench_harness.py [--runs 200] [--users 50] [--seed 7] [--skip-http]``. Issue #5 asks
for an in-process p50 under 20 ms and an HTTP p50 under 50 ms (Entra documents up to 30 s). Three runs are timed
per user: a create (a freshly assigned user, nothing in the target), an update (the department changed over
Graph) and a skip (provisioned again, nothing to change). This script is the one place real time is read.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable
from typing import Any

from harness.world import World, build_world

DELAY = 180
DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000"


def percentile(samples: list[float], fraction: float) -> float:
    """Return the ``fraction`` quantile of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Return the wall time of ``action`` in milliseconds and its result."""
    start = time.perf_counter()
    value = action()
    return (time.perf_counter() - start) * 1000, value


def prepare(world: World, runs: int) -> list[dict[str, Any]]:
    """Create ``runs`` users over Graph, assign each to the app and wait out the replication delay once."""
    sp = world.graph(
        "GET", "/servicePrincipals", params={"$filter": f"displayName eq '{World.APP_NAME}'"}
    ).json()["value"][0]
    users = []
    for i in range(runs):
        nick = f"bench{i:05d}"
        response = world.graph(
            "POST",
            "/users",
            json={
                "accountEnabled": True,
                "displayName": f"Bench {i:05d}",
                "givenName": "Bench",
                "surname": f"U{i:05d}",
                "mailNickname": nick,
                "userPrincipalName": f"{nick}@contoso.onmicrosoft.com",
                "mail": f"{nick}@contoso.com",
                "department": "Sales",
                "jobTitle": "Engineer",
                "employeeId": f"B{i:05d}",
                "passwordProfile": {"password": "Scim-ulat0r!", "forceChangePasswordNextSignIn": False},
            },
        )
        assert response.status_code == 201, response.text
        user = response.json()
        assigned = world.graph(
            "POST",
            f"/servicePrincipals/{sp['id']}/appRoleAssignedTo",
            json={"principalId": user["id"], "resourceId": sp["id"], "appRoleId": DEFAULT_ACCESS},
        )
        assert assigned.status_code == 201, assigned.text
        users.append(user)
    world.clock.advance(DELAY + 1)
    return users


def measure(world: World, runs: int) -> dict[str, list[float]]:
    """Time a create, an update and a skip for each of ``runs`` fresh users."""
    users = prepare(world, runs)
    samples: dict[str, list[float]] = {"create": [], "update": [], "skip": []}
    expected = {"create": "Create", "update": "Update", "skip": "Skip"}
    for user in users:
        upn = user["userPrincipalName"]
        for kind in ("create", "update", "skip"):
            if kind == "update":
                changed = world.graph("PATCH", f"/users/{user['id']}", json={"department": "Marketing"})
                assert changed.status_code == 204, changed.text
            elapsed, result = timed(functools.partial(world.provision, user=upn))
            if result.action != expected[kind]:
                raise SystemExit(
                    f"{kind} of {upn} gave {result.result}/{result.action}, not {expected[kind]}"
                )
            samples[kind].append(elapsed)
    return samples


def bench(label: str, *, seed: int, users: int, runs: int, live: bool) -> list[tuple[str, str, float, float]]:
    """Build a world, measure it and return table rows."""
    world = build_world(seed=seed, users=users, replication_delay=DELAY, live=live)
    try:
        world.provision(user=world.assigned_users()[0]["userPrincipalName"])  # warm caches and imports
        samples = measure(world, runs)
    finally:
        world.close()
    return [
        (label, kind, statistics.median(values), percentile(values, 0.95)) for kind, values in samples.items()
    ]


def main(argv: list[str] | None = None) -> None:
    """Parse the flags, run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="users provisioned per transport (default 200)")
    parser.add_argument("--users", type=int, default=50, help="seeded directory size (default 50)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-http", action="store_true", help="measure in process only")
    args = parser.parse_args(argv)
    rows = bench("in process", seed=args.seed, users=args.users, runs=args.runs, live=False)
    if not args.skip_http:
        rows += bench("HTTP loopback", seed=args.seed, users=args.users, runs=args.runs, live=True)
    print(f"one on-demand user run, {args.runs} runs each, {args.users} seeded users")
    print(f"{'transport':<14} {'run':<7} {'p50 ms':>8} {'p95 ms':>8}")
    for label, kind, p50, p95 in rows:
        print(f"{label:<14} {kind:<7} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
