"""The load of bench_peers.py: one set of user bodies and one request script for every SCIM server measured.

Every target gets the same users (``user_body``), seeded through its own fastest honest path, and the same
requests: a ``userName eq`` filter, a GET by id, a PATCH, a POST, a page of 100, a deep page, and 4 parallel
clients filtering. Server CPU comes from ``/proc/<pid>/stat`` (the server's process tree, plus the PostgreSQL
backends of its database when it has one), read before and after each operation.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import requests

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
TOKEN = "bench-peers-token"
TICK = os.sysconf("SC_CLK_TCK")


def user_name(n: int) -> str:
    """Return the userName of seeded user ``n``."""
    return f"user{n:07d}@bench.example"


def user_body(n: int, prefix: str = "") -> dict[str, Any]:
    """Return the POST body of user ``n`` (the same for every server)."""
    name = f"{prefix}{user_name(n)}"
    return {
        "schemas": [USER_URN],
        "userName": name,
        "externalId": f"ext-{prefix}{n}",
        "name": {"givenName": f"Given{n}", "familyName": f"Family{n}"},
        "displayName": f"User {prefix}{n}",
        "active": True,
        "emails": [{"type": "work", "value": name, "primary": True}],
    }


# -- CPU and memory from /proc ---------------------------------------------------------------------------
def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            text = handle.read()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def process_tree(root: int) -> list[int]:
    """Return ``root`` and every descendant (gunicorn's workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """Return utime+stime of each pid, in seconds."""
    result = {}
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            result[pid] = (int(fields[11]) + int(fields[12])) / TICK
    return result


def rss_mb(pids: Iterable[int]) -> float:
    """Return the summed resident set of ``pids`` in MB (shared pages of forked workers count once each)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


@dataclass
class Target:
    """A running server: its SCIM base URL, its root pid, and how to list its database's backend pids."""

    name: str
    base: str
    pid: int
    db_pids: Callable[[], list[int]] = field(default=list)
    ids: list[str] = field(default_factory=list)
    created: int = 0

    def pids(self) -> list[int]:
        """Return the pids whose CPU is the server's: its process tree and its database backends."""
        return process_tree(self.pid) + self.db_pids()

    def rss(self) -> float:
        """Return the server's resident memory (MB), database excluded."""
        return rss_mb(process_tree(self.pid))


@dataclass
class Sample:
    """What one run of one operation on one target measured."""

    cpu: float  # server CPU seconds
    requests: int
    wall: float
    latencies: list[float]


def measured(target: Target, run: Callable[[], tuple[int, list[float]]]) -> Sample:
    """Run ``run`` (returns request count and latencies) and measure the target's CPU meanwhile."""
    before = cpu_seconds(target.pids())
    start = time.perf_counter()
    count, latencies = run()
    wall = time.perf_counter() - start
    after = cpu_seconds(target.pids())
    cpu = sum(value - before.get(pid, 0.0) for pid, value in after.items())
    return Sample(cpu, count, wall, latencies)


# -- the requests ----------------------------------------------------------------------------------------
def _headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/scim+json"}


def _timed(http: requests.Session, method: str, url: str, expect: tuple[int, ...], **kw: Any) -> Any:
    start = time.perf_counter()
    response = http.request(method, url, headers=_headers(), timeout=120, **kw)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code not in expect:
        raise RuntimeError(f"{method} {url}: {response.status_code} {response.text[:300]}")
    return elapsed, response


def filtered(target: Target, users: int, count: int, seed: int) -> tuple[int, list[float]]:
    """GET /Users?filter=userName eq "…" for random seeded users; keep the ids for the next operations."""
    rnd = random.Random(seed)
    latencies = []
    with requests.Session() as http:
        for _ in range(count):
            params = {"filter": f'userName eq "{user_name(rnd.randrange(users))}"'}
            ms, response = _timed(http, "GET", f"{target.base}/Users", (200,), params=params)
            body = response.json()
            if body["totalResults"] != 1:
                raise RuntimeError(f"{target.name}: filter found {body['totalResults']}")
            target.ids.append(body["Resources"][0]["id"])
            latencies.append(ms)
    return count, latencies


def by_id(target: Target, count: int, seed: int) -> tuple[int, list[float]]:
    """GET /Users/{id} for ids the filter found."""
    rnd = random.Random(seed)
    with requests.Session() as http:
        return count, [
            _timed(http, "GET", f"{target.base}/Users/{rnd.choice(target.ids)}", (200,))[0]
            for _ in range(count)
        ]


def patch(target: Target, count: int, seed: int) -> tuple[int, list[float]]:
    """PATCH replace displayName on users the filter found."""
    rnd = random.Random(seed)
    latencies = []
    with requests.Session() as http:
        for n in range(count):
            body = {
                "schemas": [PATCH_URN],
                "Operations": [{"op": "replace", "path": "displayName", "value": f"Patched {seed} {n}"}],
            }
            url = f"{target.base}/Users/{rnd.choice(target.ids)}"
            latencies.append(_timed(http, "PATCH", url, (200, 204), json=body)[0])
    return count, latencies


def post(target: Target, count: int, seed: int) -> tuple[int, list[float]]:
    """POST new users (the seeded bodies, under a fresh prefix)."""
    latencies = []
    with requests.Session() as http:
        for _ in range(count):
            target.created += 1
            body = user_body(target.created, prefix=f"new{seed}-")
            latencies.append(_timed(http, "POST", f"{target.base}/Users", (201,), json=body)[0])
    return count, latencies


def page(target: Target, count: int, start_index: int) -> tuple[int, list[float]]:
    """GET /Users?startIndex=…&count=100."""
    params = {"startIndex": str(start_index), "count": "100"}
    with requests.Session() as http:
        latencies = []
        for _ in range(count):
            ms, response = _timed(http, "GET", f"{target.base}/Users", (200,), params=params)
            if len(response.json().get("Resources", [])) != 100:
                raise RuntimeError(f"{target.name}: a page of 100 came back short")
            latencies.append(ms)
    return count, latencies


def _client(job: tuple[str, int, int, int]) -> list[float]:
    base, users, count, seed = job
    probe = Target("client", base, 0)
    return filtered(probe, users, count, seed)[1]


def parallel(target: Target, users: int, count: int, seed: int, clients: int = 4) -> tuple[int, list[float]]:
    """``clients`` processes filtering at once, ``count`` requests each."""
    jobs = [(target.base, users, count, seed * 10 + n) for n in range(clients)]
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.map(_client, jobs)
    return clients * count, [ms for result in results for ms in result]


def percentile(values: list[float], fraction: float) -> float:
    """Return the ``fraction`` percentile of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else 0.0


def summary(samples: list[Sample]) -> dict[str, float]:
    """Return CPU ms per request, p50/p95 latency and requests per second over every round."""
    requests_ = sum(s.requests for s in samples)
    latencies = [ms for s in samples for ms in s.latencies]
    return {
        "cpu": 1000 * sum(s.cpu for s in samples) / requests_,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "rps": requests_ / sum(s.wall for s in samples),
    }
