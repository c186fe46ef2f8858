"""Print how long ``scimulator validate`` takes: the whole battery against mockscim in process and over loopback.

Usage: ``python benchmarks/bench_validate.py [--rounds 3] [--dialect default|aadOptscim062020|both]
[--skip-http]``. Issue #10 asks for the whole battery under 10 s in process and under 30 s over loopback. In
process, the source tenant and mockscim are reached through the WSGI adapter; over loopback, mockscim is served on a
real socket on port 0 (the source tenant stays in process, as it does for ``scimulator validate --url``). Each
round builds nothing new: one world, the battery run ``--rounds`` times. Wall time depends on how loaded the
machine is; the CPU seconds of the process (both apps run in it) much less. This script is the one place real
time is read.
"""

from __future__ import annotations

import argparse
import statistics
import time

from harness.validate import Endpoint, validate
from harness.world import World, build_world
from idcore.testing import LiveServer


def rounds(
    endpoint: Endpoint, world: World, dialects: tuple[str, ...], count: int
) -> tuple[list[float], str]:
    """Run the battery ``count`` times; return the wall times and the last summary (with its CPU seconds)."""
    times, summary = [], ""
    for _ in range(count):
        started, cpu_started = time.perf_counter(), time.process_time()
        report = validate(endpoint, dialects=dialects, world=world)
        times.append(time.perf_counter() - started)
        cpu = time.process_time() - cpu_started
        summary = ", ".join(f"{k} {v}" for k, v in report.to_dict()["summary"].items())
        sent = sum(len(r.exchanges) for r in report.results)
        summary += f" ({len(report.results)} results, {sent} requests to the endpoint, {cpu:.2f} s CPU)"
    return times, summary


def line(label: str, times: list[float], summary: str) -> str:
    """Format one figure: median and worst of the rounds."""
    return f"{label:<34} median {statistics.median(times):6.2f} s   max {max(times):6.2f} s   {summary}"


def main() -> None:
    """Time the battery in process, then over loopback."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dialect", choices=("default", "aadOptscim062020", "both"), default="default")
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    dialects = ("default", "aadOptscim062020") if args.dialect == "both" else (args.dialect,)

    started = time.perf_counter()
    world = build_world(users=1, replication_mode="immediate")
    print(f"{'world (source tenant + mockscim)':<34} built in {time.perf_counter() - started:.2f} s")
    endpoint = Endpoint(World.SCIM_URL, token=World.SCIM_TOKEN)
    print(line(f"in process, {'+'.join(dialects)}", *rounds(endpoint, world, dialects, args.rounds)))
    if not args.skip_http:
        server = LiveServer(world.scim).start()
        try:
            live = Endpoint(f"{server.url}/scim/v2", token=World.SCIM_TOKEN)
            print(line(f"over loopback, {'+'.join(dialects)}", *rounds(live, world, dialects, args.rounds)))
        finally:
            server.stop()
    world.close()


if __name__ == "__main__":
    main()
