"""Print what the harness reports under injected faults: users created, duplicates, runs reported Success.

Usage: ``python benchmarks/bench_faults.py [--users 200] [--rate 0.1] [--seed 7]``. Each user is provisioned once
(a create) against two targets — one with userName uniqueness (entra-compatible) and one without (quirk
``no-uniqueness``) — with the re-match before a re-sent create on (the default) and off (``rematch_before_resend:
false``, a create re-sent blindly as §2.9 says Entra may), while mockscim injects, each with probability ``rate`` and its own seed: a POST /Users stored
but its answer dropped, a GET /Users answered only after the time-out (latency on the clock), a PATCH answered
500. Figures are counts, deterministic for a seed; docs/reliability.md ("Harness under faults") quotes them.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from harness.world import World, build_world

DELAY = 180
TIMEOUT = 30.0  # Settings.request_timeout's default


def prepare(world: World, count: int) -> list[str]:
    """Create ``count`` users over Graph, assign each to the app, wait out the replication delay once."""
    sp = world.graph(
        "GET", "/servicePrincipals", params={"$filter": f"displayName eq '{World.APP_NAME}'"}
    ).json()["value"][0]
    role = next(r["id"] for r in sp["appRoles"] if r["value"] == "User")
    upns = []
    for index in range(count):
        nick = f"fault{index:05d}"
        body = {
            "accountEnabled": True,
            "displayName": f"Fault {index:05d}",
            "mailNickname": nick,
            "userPrincipalName": f"{nick}@contoso.onmicrosoft.com",
            "passwordProfile": {"password": "Scim-ulat0r!", "forceChangePasswordNextSignIn": False},
        }
        user = world.graph("POST", "/users", json=body).json()
        assigned = world.graph(
            "POST",
            f"/servicePrincipals/{sp['id']}/appRoleAssignedTo",
            json={"principalId": user["id"], "resourceId": sp["id"], "appRoleId": role},
        )
        assert assigned.status_code == 201, assigned.text
        upns.append(user["userPrincipalName"])
    world.clock.advance(DELAY + 1)
    return upns


def inject(world: World, rate: float, seed: int) -> None:
    """Add the three seeded fault rules to the target."""
    rules: list[dict[str, Any]] = [
        {"method": "POST", "path": "/scim/v2/Users", "drop": "after"},
        {"method": "GET", "path": "/scim/v2/Users", "latency": TIMEOUT + 1},
        {"method": "PATCH", "path": "/scim/v2/Users/*", "status": 500},
    ]
    for offset, rule in enumerate(rules):
        answer = world.control(
            "scim", "POST", "/faults", json={**rule, "probability": rate, "seed": seed + offset}
        )
        assert answer.status_code == 200, answer.text


def run(
    label: str, quirks: list[str], rematch: bool, *, users: int, rate: float, seed: int
) -> dict[str, Any]:
    """Provision every user once under faults; return the figures of one target."""
    world = build_world(seed=seed, users=0, replication_delay=DELAY, quirks=quirks)
    try:
        upns = prepare(world, users)
        job = world.default_job(settings={"rematch_before_resend": rematch})
        inject(world, rate, seed)
        results = {upn: world.provision(job, user=upn) for upn in upns}
        world.control("scim", "DELETE", "/faults")
        stored = Counter(
            u["userName"].lower()
            for u in world.scim_request("GET", "/Users", params={"count": 10 * users}).json()["Resources"]
        )
    finally:
        world.close()
    doubled = {name for name, count in stored.items() if count > 1}
    return {
        "target": label,
        "re-match": "on" if rematch else "off",
        "created": sum(stored.values()),
        "duplicates": sum(stored[name] - 1 for name in doubled),
        "success": sum(1 for r in results.values() if r.result == "Success"),
        "success over a duplicate": sum(
            1 for upn, r in results.items() if r.result == "Success" and upn.lower() in doubled
        ),
        "DuplicateTargetEntries": sum(
            1 for r in results.values() if r.error is not None and r.error.code == "DuplicateTargetEntries"
        ),
        "other failures": sum(
            1
            for r in results.values()
            if r.result != "Success" and (r.error is None or r.error.code != "DuplicateTargetEntries")
        ),
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the flags, run both targets and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="users provisioned per target (default 200)")
    parser.add_argument("--rate", type=float, default=0.1, help="probability of each fault (default 0.1)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows = [
        run(label, quirks, rematch, users=args.users, rate=args.rate, seed=args.seed)
        for rematch in (True, False)
        for label, quirks in (("unique userName", []), ("no uniqueness", ["no-uniqueness"]))
    ]
    print(f"{args.users} users, one create each, faults at {args.rate:.0%} (seed {args.seed})")
    columns = list(rows[0])
    print("  ".join(f"{c:>{max(len(c), 8)}}" for c in columns))
    for row in rows:
        print("  ".join(f"{row[c]!s:>{max(len(c), 8)}}" for c in columns))


if __name__ == "__main__":
    main()
