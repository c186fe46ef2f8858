"""Print how long ``scimulator scenarios run`` takes: the whole catalog against mockscim in process and over sockets.

Usage: ``python benchmarks/bench_scenarios.py [--profile entra-compatible] [--skip-live]``. Each scenario builds its
own world (a seeded mockidp tenant and mockscim), so the figure includes those builds. Wall time depends on how
loaded the machine is; the process's CPU seconds much less. This script is the one place real time is read.
"""

from __future__ import annotations

import argparse
import time

from harness.scenarios import TargetSpec, load_catalog, run_scenarios
from harness.scenarios.report import counts


def measure(spec: TargetSpec) -> str:
    """Play the catalog once against ``spec``; return the figures as one line."""
    catalog = load_catalog()
    started, cpu_started = time.perf_counter(), time.process_time()
    outcomes = run_scenarios(catalog, spec)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    c = counts(outcomes)
    return (
        f"{len(catalog)} scenarios  wall {wall:6.2f} s  CPU {cpu:5.2f} s  "
        f"({wall / len(catalog):.2f} s each)  passed {c['passed']}, failed {c['failed']}, skipped {c['skipped']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="entra-compatible")
    parser.add_argument("--skip-live", action="store_true", help="only the in-process run")
    args = parser.parse_args()
    print(f"in process, {args.profile:<18} {measure(TargetSpec(profile=args.profile))}")
    if not args.skip_live:
        print(f"over sockets, {args.profile:<16} {measure(TargetSpec(profile=args.profile, live=True))}")


if __name__ == "__main__":
    main()
