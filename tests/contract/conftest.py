"""Print how many schemathesis cases each app answered (the figures docs/reliability.md quotes)."""

from __future__ import annotations

from typing import Any

from tests.contract.schemathesis_run import CASES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Report the schemathesis cases of this process (with xdist, of each worker)."""
    if CASES:
        counts = ", ".join(f"{app} {count}" for app, count in sorted(CASES.items()))
        terminalreporter.write_line(f"schemathesis cases: {counts}")
