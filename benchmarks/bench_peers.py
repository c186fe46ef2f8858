"""mockscim beside the SCIM servers a user would pick instead, in one interleaved run: server CPU per request.

    pip install -e ".[bench]"
    python benchmarks/bench_peers.py --users 10000 100000 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench_peers --workers 2 --rounds 3

Starts on loopback: mockscim on a SQLite file (``scimulator serve scim``, werkzeug's threaded server) and, with
``--postgres``, on that database (its mockscim tables are replaced); the same under gunicorn with ``--workers``;
scim2-server 0.8.3 under the same werkzeug server (django-scim2, in the extra too, is not driven yet: it needs a
Django project with a SCIM user model around it). Each is seeded with the same
users (peer_servers.py says how), then every operation runs on every target in turn (A, B, C, A, B, C…) for
``--rounds`` rounds. Printed per operation and target: server CPU ms per request (``/proc/<pid>/stat``; for
PostgreSQL plus the CPU of the database's backends), p50/p95 latency, requests/s, and the CPU ratio to
scim2-server; then each server's RSS. The gunicorn targets serve only the 4-client operation. The machine is
shared: CPU per request and the ratios are the stable figures; print ``uptime`` beside them.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import peer_load as load
import peer_servers as servers

PEER = "scim2-server"


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def operations(users: int, args: argparse.Namespace) -> list[tuple[str, bool, Callable[..., Any]]]:
    """Return (name, parallel only, run(target, round)) for every operation, in the order they run."""
    deep = min(50_000, users // 2)
    n, lists = args.requests, args.list_requests
    return [
        ("filtered GET userName eq", False, lambda t, r: load.filtered(t, users, n, 100 + r)),
        ("GET by id", False, lambda t, r: load.by_id(t, n, 200 + r)),
        ("PATCH displayName", False, lambda t, r: load.patch(t, n, 300 + r)),
        ("POST", False, lambda t, r: load.post(t, n // 2, 400 + r)),
        ("list count=100", False, lambda t, r: load.page(t, lists, 1)),
        (f"deep page startIndex={deep}", False, lambda t, r: load.page(t, lists, deep)),
        ("4 clients filtered GET", True, lambda t, r: load.parallel(t, users, n // 2, 500 + r)),
    ]


def start_targets(users: int, args: argparse.Namespace, workdir: str) -> list[load.Target]:
    """Seed and start every target of one size; the peers seed themselves."""
    targets = []
    databases = [("sqlite", f"sqlite:///{os.path.join(workdir, f'peers-{users}.sqlite')}")]
    if args.postgres:
        databases.append(("pg", args.postgres))
    for label, url in databases:
        began = time.perf_counter()
        servers.seed_mockscim(url, users)
        print(
            f"  seeded mockscim-{label} with {users} users in {time.perf_counter() - began:.1f} s", flush=True
        )
        targets.append(servers.start_mockscim(f"mockscim-{label}", url, free_port()))
        if args.workers > 1:
            name = f"mockscim-{label}-w{args.workers}"
            targets.append(servers.start_mockscim(name, url, free_port(), workers=args.workers))
    for peer in [PEER]:
        began = time.perf_counter()
        targets.append(servers.start_peer(peer, free_port(), users))
        print(f"  started {peer} with {users} users in {time.perf_counter() - began:.1f} s", flush=True)
    return targets


def run_size(users: int, args: argparse.Namespace, workdir: str) -> None:
    """Measure every operation on every target of one size and print the table."""
    print(f"\n== {users} users ==  {uptime()}", flush=True)
    targets = start_targets(users, args, workdir)
    ops = operations(users, args)
    samples: dict[tuple[str, str], list[load.Sample]] = {}
    try:
        for target in targets:  # steady state: lazy indexes and caches (scim2-server's equality index) built
            load.filtered(target, users, 20, 1)
            load.page(target, 1, 1)
        for round_ in range(args.rounds):
            for name, parallel_only, run in ops:
                for target in targets:
                    if "-w" in target.name and not parallel_only:
                        continue
                    sample = load.measured(target, lambda t=target, r=round_, f=run: f(t, r))
                    samples.setdefault((name, target.name), []).append(sample)
            print(f"  round {round_ + 1}/{args.rounds} done  {uptime()}", flush=True)
        report(ops, targets, samples)
        for target in targets:
            print(f"  RSS {target.name:<22} {target.rss():8.0f} MB", flush=True)
    finally:
        for target in targets:
            servers.stop(target)


def report(ops: list[Any], targets: list[load.Target], samples: dict[tuple[str, str], list[Any]]) -> None:
    """Print per operation: CPU ms/request, p50/p95, req/s and the CPU ratio to scim2-server."""
    for name, _parallel, _run in ops:
        print(f"\n  {name}")
        peer = load.summary(samples[(name, PEER)])
        for target in targets:
            if (name, target.name) not in samples:
                continue
            s = load.summary(samples[(name, target.name)])
            print(
                f"    {target.name:<22} cpu {s['cpu']:8.2f} ms/req  ({s['cpu'] / peer['cpu']:5.2f}x {PEER})  "
                f"p50 {s['p50']:8.2f}  p95 {s['p95']:8.2f} ms  {s['rps']:7.0f} req/s "
                f"({s['rps'] / peer['rps']:5.2f}x)",
                flush=True,
            )


def uptime() -> str:
    """Return the load average, as ``uptime`` prints it."""
    return subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> None:
    """Parse flags, then measure each size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, nargs="+", default=[10_000])
    parser.add_argument(
        "--postgres", help="SQLAlchemy URL of a PostgreSQL database to use (its tables replaced)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of the 4-client targets")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300, help="requests per point operation and round")
    parser.add_argument("--list-requests", type=int, default=10, help="requests per list operation and round")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        for users in args.users:
            run_size(users, args, workdir)


if __name__ == "__main__":
    main()
