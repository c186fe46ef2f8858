"""Print how much memory mockidp's request journal holds after many large unauthenticated requests.

Usage: ``python benchmarks/bench_journal.py [--requests 3000] [--kib 64]``. Each configuration runs in its own
process: a mockidp app on in-memory SQLite takes ``requests`` POSTs of ``kib`` KiB to ``/v1.0/users`` without a
token (each answered 400/401), through the in-process WSGI adapter. The figures are the process's resident set
before and after, and the bytes the journal's entries hold (their body text). Configurations:

- ``before``: the journal as it was until issue #8 — always on, 10,000 entries, 64 KiB of each body
  (``JOURNAL_SIZE=10000``, ``JOURNAL_BODY_BYTES=65536``, control API on, which the old journal ignored);
- ``defaults, control on``: today's bounds (1,000 entries, 4 KiB of each body);
- ``defaults, control off``: no ``CONTROL_TOKEN``, so nothing is recorded.

docs/reliability.md ("Bad input and limits") quotes the output.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from typing import Any

CONFIGS: dict[str, dict[str, Any]] = {
    "before (always on, 10000 entries x 64 KiB)": {
        "CONTROL_TOKEN": "ctl",
        "JOURNAL_SIZE": 10_000,
        "JOURNAL_BODY_BYTES": 65_536,
    },
    "defaults, control on (1000 entries x 4 KiB)": {"CONTROL_TOKEN": "ctl"},
    "defaults, control off": {"CONTROL_TOKEN": None},
}


def rss_mib() -> float:
    """Return this process's resident set size in MiB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(config: dict[str, Any], requests_count: int, kib: int) -> dict[str, Any]:
    """Send the requests to one app and return the memory figures."""
    import gc

    import requests as http_requests

    from idcore.clock import ManualClock
    from idcore.journal import get_journal
    from idcore.testing import mount
    from mockidp import create_app

    app = create_app({"DATABASE_URL": "sqlite://", **config}, clock=ManualClock())
    http = mount(http_requests.Session(), "http://idp.test", app)
    body = b"x" * (kib * 1024)
    http.post("http://idp.test/v1.0/users", data=body)
    gc.collect()
    before = rss_mib()
    statuses: set[int] = set()
    for _ in range(requests_count):
        statuses.add(http.post("http://idp.test/v1.0/users", data=body).status_code)
    gc.collect()
    entries = get_journal(app).entries()
    return {
        "rss_before": before,
        "rss_after": rss_mib(),
        "entries": len(entries),
        "journal_body_mib": sum(len(entry.body) for entry in entries) / 2**20,
        "statuses": sorted(statuses),
    }


def main() -> None:
    """Run every configuration in a fresh interpreter and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--kib", type=int, default=64)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one configuration, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(CONFIGS[args.one], args.requests, args.kib)))
        return
    print(f"{args.requests} unauthenticated POST /v1.0/users of {args.kib} KiB each, mockidp in process")
    print(
        "| configuration | RSS before (MiB) | RSS after (MiB) | growth | entries kept | body text kept (MiB) |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for name in CONFIGS:
        command = [
            sys.executable,
            __file__,
            "--one",
            name,
            "--requests",
            str(args.requests),
            "--kib",
            str(args.kib),
        ]
        out = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        growth = out["rss_after"] - out["rss_before"]
        print(
            f"| {name} | {out['rss_before']:.0f} | {out['rss_after']:.0f} | {growth:+.0f} | {out['entries']} "
            f"| {out['journal_body_mib']:.1f} |"
        )


if __name__ == "__main__":
    main()
