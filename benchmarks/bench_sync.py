"""Print the figures of a full provisioning cycle at scale, over real sockets, for one run (issue "Scale").

    python benchmarks/bench_sync.py --users 10000 [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                                    [--workers 2] [--threads 4] [--concurrency 8] [--scope all] [--skip-ondemand]

mockidp and mockscim run as ``scimulator serve`` processes (gunicorn when ``--workers`` > 1) on loopback ports, each
on its own database: PostgreSQL databases made beside ``--postgres`` and dropped after, or SQLite files (the
embedded default). The script seeds ``--users`` users, then measures:

- **seed**: ``scimulator seed`` of the directory (users, groups, assignments and HR records);
- **direct write**: the POST bodies the job's mappings give every in-scope user (built before the clock starts by
  the harness's own mapping code), sent straight to a fresh mockscim with ``--concurrency`` parallel clients;
- **initial cycle**: ``scimulator sync`` once into another fresh mockscim with the same concurrency, its ratio to
  the direct write (goal ≤ 1.5×, and under 100 s for 100k users), and the cycle process's peak RSS (goal < 300 MB);
- **incremental cycle**: the next cycle after 1 % of the users changed their job title;
- **on demand**: p50 of one on-demand run at 1,000 and at ``--users`` directory users (``bench_ondemand.py``).

Asserts nothing; a figure that cannot be measured (no engine yet) is printed as such, never estimated.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import requests
from requests.adapters import HTTPAdapter

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks.sync_rig import SCIM_TOKEN, Databases, Graph, Served, child_env, job_dict, seed_directory

Row = tuple[str, str, str]


class Rows(list[Row]):
    """The table's rows, each also printed to stderr as soon as it is measured (a late failure loses nothing)."""

    def append(self, row: Row) -> None:
        """Keep and show one row."""
        print("  ".join(row), file=sys.stderr, flush=True)
        super().append(row)

    def __iadd__(self, rows: Any) -> Self:  # type: ignore[override]
        for row in rows:
            self.append(row)
        return self


def build_bodies(graph: Graph, job: Any, out: Path) -> int:
    """Write every in-scope user's POST body and manager, one JSON line each, as the job's mappings build them."""
    from harness.pipeline import wire
    from harness.pipeline.importer import mapped_source_attributes
    from harness.pipeline.mapping import eval_context, evaluate_mappings
    from harness.pipeline.source_attributes import graph_select, sync_attributes
    from idcore.clock import SystemClock
    from idcore.ids import Randomness

    ctx = eval_context(job, SystemClock().now, Randomness(1).random)
    select = ",".join([*graph_select(mapped_source_attributes(job.users)), "manager"])
    written = 0
    with out.open("w", encoding="utf-8") as sink:
        for page in graph.pages("/users/delta", {"$select": select, "$top": "999"}):
            for user in page:
                if not user.get("accountEnabled", True):
                    continue  # disabled users are not provisioned (never created) by a cycle
                managers = user.pop("manager@delta", None) or []
                attributes = {**sync_attributes(user), "objectId": user["id"], "IsSoftDeleted": False}
                mapped = evaluate_mappings(job.users, attributes, ctx, creating=True, settings=job.settings)
                line = {
                    "id": user["id"],
                    "manager": managers[0]["id"] if managers else None,
                    "body": wire.create_body(mapped, "User", job.settings),
                }
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
                written += 1
    return written


def direct_write(scim_root: str, job: Any, bodies: Path, concurrency: int) -> tuple[float, Counter[str]]:
    """Send the cycle's writes straight to mockscim from ``concurrency`` threads: every POST, then every manager
    PATCH (by the manager's new id, as the engine sends it); return the wall time and the answers by status."""
    from harness.pipeline import wire

    created: dict[str, str] = {}
    managers: list[tuple[str, str]] = []

    def post(line: str) -> tuple[str, int]:
        row = json.loads(line)
        reply = _session().post(
            f"{scim_root}/scim/v2/Users", data=json.dumps(row["body"]).encode(), timeout=600
        )
        if reply.status_code == 201:
            created[row["id"]] = reply.json()["id"]
            if row["manager"]:
                managers.append((row["id"], row["manager"]))
        return "POST", reply.status_code

    dialect, shape = wire.dialect_for(job, on_demand=False), job.settings.manager_value_shape

    def patch(pair: tuple[str, str]) -> tuple[str, int]:
        body = json.dumps(wire.manager_body(created[pair[1]], dialect, shape)).encode()
        reply = _session().patch(f"{scim_root}/scim/v2/Users/{created[pair[0]]}", data=body, timeout=600)
        return "PATCH", reply.status_code

    statuses: Counter[str] = Counter()
    start = time.perf_counter()
    with bodies.open(encoding="utf-8") as source:
        statuses.update(f"{m} {code}" for m, code in _parallel(post, source, concurrency))
    linked = [pair for pair in managers if pair[1] in created]
    statuses.update(f"{m} {code}" for m, code in _parallel(patch, iter(linked), concurrency))
    return time.perf_counter() - start, statuses


_local = threading.local()


def _session() -> requests.Session:
    """Return this thread's session: one kept-alive connection, the target's token and content type."""
    if not hasattr(_local, "session"):
        session = requests.Session()
        session.mount("http://", HTTPAdapter(pool_maxsize=1))
        session.headers.update(
            {"Authorization": f"Bearer {SCIM_TOKEN}", "Content-Type": "application/scim+json; charset=utf-8"}
        )
        _local.session = session
    return _local.session


def _parallel(
    work: Callable[[Any], tuple[str, int]], items: Iterator[Any], workers: int
) -> list[tuple[str, int]]:
    """Run ``work`` over ``items`` on ``workers`` threads pulling from one iterator (never all items queued)."""
    lock, answers = threading.Lock(), []

    def worker() -> None:
        while True:
            with lock:
                item = next(items, None)
            if item is None:
                return
            answer = work(item)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def engine_available() -> str | None:
    """Return None when ``scimulator sync`` exists in this tree, else why not."""
    try:
        from harness.cli import cli
    except ImportError as exc:
        return f"harness.cli: {exc}"
    return None if "sync" in getattr(cli, "commands", {}) else "no `scimulator sync` command in this tree yet"


@dataclass
class CycleRun:
    """One ``scimulator sync`` child: wall and CPU seconds, peak RSS, what it printed, its one-line summary."""

    seconds: float
    cpu: float
    rss_kib: int
    output: str

    @property
    def summary(self) -> str:
        """Return the counts the cycle reported (its JSON), or its last line."""
        try:
            data = json.loads(self.output)
        except ValueError:
            return self.output.strip().splitlines()[-1][:80] if self.output.strip() else ""
        cycles = data.get("cycles") if isinstance(data, dict) else None
        counts = cycles[-1].get("counts") if isinstance(cycles, list) and cycles else None
        if isinstance(counts, dict):
            return ", ".join(f"{k} {v:,}" for k, v in counts.items() if v)
        return ""


def run_cycle(job_file: Path, concurrency: int, state: Path) -> CycleRun:
    """Run ``scimulator sync --job FILE --cycles 1 --json`` as a child process and measure it."""
    command = [sys.executable, "-m", "harness.cli", "sync", "--job", str(job_file), "--cycles", "1", "--json"]
    command += ["--concurrency", str(concurrency)]
    env = {**child_env(), "SCIMULATOR_HOME": str(state)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if process.returncode:
        raise RuntimeError(f"scimulator sync exited {process.returncode}:\n{(text + errors)[-3000:]}")
    return CycleRun(elapsed, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss), text)


def change_users(graph: Graph, fraction: float) -> int:
    """Change the job title of every 1/fraction-th enabled user over Graph; return how many changed."""
    step = max(1, round(1 / fraction))
    changed = 0
    index = 0
    for page in graph.pages("/users", {"$select": "id,accountEnabled", "$top": "999"}):
        for user in page:
            if user.get("accountEnabled", True):
                if index % step == 0:
                    graph.patch_user(user["id"], {"jobTitle": f"Changed {index}"})
                    changed += 1
                index += 1
    return changed


def ondemand_rows(users: int, databases: Databases) -> list[Row]:
    """Return the on-demand p50 rows (create, update, skip) at 1,000 and ``users`` directory users."""
    try:
        from benchmarks.bench_ondemand import measure_ondemand
    except ImportError as exc:
        return [("on-demand p50", "not available", f"benchmarks/bench_ondemand.py: {exc}")]
    small = measure_ondemand(1000, databases.new("ondemand_1k"))
    large = measure_ondemand(users, databases.new("ondemand_n"))
    rows: list[Row] = []
    for kind in ("create", "update", "skip"):
        p50_small, p50_large = float(small[kind]["p50_ms"]), float(large[kind]["p50_ms"])
        note = f"{p50_small:.1f} ms at 1,000; ratio {p50_large / p50_small:.2f}× (goal ≤ 1.5×)"
        rows.append((f"on-demand {kind} p50 at {users:,}", f"{p50_large:.1f} ms", note))
    return rows


def measure(args: argparse.Namespace) -> list[Row]:
    """Run every phase and return the table's rows."""
    from harness.jobs.model import Job

    rows = Rows()
    with Databases(args.postgres) as databases, tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        idp_db = databases.new("idp")
        seconds = seed_directory(idp_db, args.users)
        rows.append(("seed", f"{seconds:.1f} s", f"{args.users:,} users with HR records"))
        with Served("idp", idp_db, args.workers, "--users", "0", *_threads(args)) as idp:
            graph = Graph(idp.root)
            with Served(
                "scim", databases.new("scim_direct"), args.workers, "--token", SCIM_TOKEN, *_threads(args)
            ) as scim:
                job = Job.from_dict(job_dict(idp.root, scim.root, args.scope))
                bodies = folder / "bodies.jsonl"
                count = build_bodies(graph, job, bodies)
                server, client = scim.cpu_seconds(), time.process_time()
                direct, statuses = direct_write(scim.root, job, bodies, args.concurrency)
                server, client = scim.cpu_seconds() - server, time.process_time() - client
            codes = ", ".join(f"{n:,} {code}" for code, n in sorted(statuses.items(), reverse=True))
            writes = sum(statuses.values())
            rows.append(("direct write", f"{direct:.1f} s", f"{codes}; {writes / direct:.0f} writes/s"))
            rows.append(("  in-scope users", f"{count:,}", "enabled users: the cycle creates the same"))
            rows.append(("  its CPU", f"{server:.1f} s", f"mockscim; the clients {client:.1f} s"))
            rows += cycle_rows(args, databases, idp, graph, folder, direct)
        if not args.skip_ondemand:
            rows += ondemand_rows(args.users, databases)
    rows.append(("bench process peak RSS", f"{_own_peak_mib():.0f} MiB", "this script, not the harness"))
    return rows


def cycle_rows(
    args: argparse.Namespace, databases: Databases, idp: Served, graph: Graph, folder: Path, direct: float
) -> list[Row]:
    """Return the initial and incremental cycle rows, or one line saying the engine is not available."""
    missing = engine_available()
    if missing:
        return [("initial cycle", "engine not available", missing)]
    rows: list[Row] = []
    with Served(
        "scim", databases.new("scim_cycle"), args.workers, "--token", SCIM_TOKEN, *_threads(args)
    ) as scim:
        job_file = folder / "job.json"
        job_file.write_text(json.dumps(job_dict(idp.root, scim.root, args.scope)), encoding="utf-8")
        state = folder / "state"
        before = idp.cpu_seconds(), scim.cpu_seconds()
        run = run_cycle(job_file, args.concurrency, state)
        cpu = (
            f"mockidp {idp.cpu_seconds() - before[0]:.1f} s, mockscim {scim.cpu_seconds() - before[1]:.1f} s"
        )
        rows.append(("initial cycle", f"{run.seconds:.1f} s", f"{run.summary}; goal < 100 s at 100k"))
        rows.append(("  its CPU", f"{run.cpu:.1f} s", f"the harness; {cpu}"))
        rows.append(("cycle / direct write", f"{run.seconds / direct:.2f}×", "goal ≤ 1.5×"))
        rows.append(
            ("harness peak RSS", f"{run.rss_kib / 1024:.0f} MiB", "initial cycle; goal < 300 MB at 100k")
        )
        changed = change_users(graph, 0.01)
        run = run_cycle(job_file, args.concurrency, state)
        rows.append(
            ("incremental cycle", f"{run.seconds:.1f} s", f"{changed:,} users changed (1 %); {run.summary}")
        )
    return rows


def _threads(args: argparse.Namespace) -> list[str]:
    return ["--threads", str(args.threads)] if args.workers > 1 else []


def _own_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Parse the options, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--postgres", help="a PostgreSQL URL; databases are made beside it (default: SQLite)")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers per app (1: threaded server)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--concurrency", type=int, default=8, help="parallel writes, direct and in the cycle")
    parser.add_argument("--scope", choices=["all", "assigned"], default="all")
    parser.add_argument("--skip-ondemand", action="store_true")
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    load = os.getloadavg()
    rows = measure(args)
    store = "PostgreSQL" if args.postgres else "SQLite files"
    print(
        f"bench_sync {started}: {args.users:,} users, {store}, {args.workers} workers × {args.threads} threads per app, "
        f"concurrency {args.concurrency}, scope {args.scope}; load before {load[0]:.2f} {load[1]:.2f}"
    )
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:>20}  {note}")
    after = os.getloadavg()
    print(f"  load after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")


if __name__ == "__main__":
    main()
