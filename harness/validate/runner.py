"""Run the battery: pick the checks, run them in order per dialect, clean up, and return a report.

``validate(Endpoint(url, token=…), dialects=("default",))`` builds an in-process seeded source tenant (unless a
``World`` is given, whose session must reach the endpoint), runs every selected check and deletes what it created —
also when a check raises or the run is interrupted — unless ``keep``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.validate.checks_corpus import corpus_checks
from harness.validate.checks_endpoint import CONNECTION_CHECKS, END_CHECKS, VALIDATOR_CHECKS
from harness.validate.checks_groups import GROUP_CHECKS
from harness.validate.checks_user_changes import CHANGE_CHECKS
from harness.validate.checks_users import PAGING_CHECKS, USER_CHECKS, USER_END_CHECKS
from harness.validate.model import DIALECTS, Check, CheckResult, Failed, NonRfc, Skipped, Warned
from harness.validate.run import Endpoint, Run
from harness.world import World, build_world

__all__ = ["JUDGES", "Report", "catalog", "select", "validate"]

Progress = Callable[[CheckResult], None]
#: how a documented non-RFC Entra form the endpoint handles as RFC 7644 requires is reported (harness.validate.rfc)
JUDGES = ("entra", "rfc")


def catalog() -> list[Check]:
    """Return every check, in the order they run."""
    return [
        *CONNECTION_CHECKS,
        *USER_CHECKS,
        *CHANGE_CHECKS,
        *USER_END_CHECKS,
        *VALIDATOR_CHECKS,
        *GROUP_CHECKS,
        *PAGING_CHECKS,
        *corpus_checks(),
        *END_CHECKS,
    ]


def select(
    checks: Iterable[Check], tags: Sequence[str] = (), exclude_tags: Sequence[str] = ()
) -> list[Check]:
    """Keep the checks carrying any of ``tags`` (all when none) and none of ``exclude_tags``; ids count as tags."""

    def labels(check: Check) -> set[str]:
        return {*check.tags, check.id, check.id.split(".", 1)[0]}

    return [
        check
        for check in checks
        if (not tags or labels(check) & set(tags)) and not labels(check) & set(exclude_tags)
    ]


@dataclass
class Report:
    """Everything one validation found."""

    target: str
    dialects: list[str]
    results: list[CheckResult] = field(default_factory=list)
    prefix: str = ""
    cleanup_problems: list[str] = field(default_factory=list)
    kept: bool = False
    judge: str = "entra"

    def count(self, status: str) -> int:
        """Return how many results have ``status``."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        """Return True when a check failed."""
        return self.count("failed") > 0

    def to_dict(self) -> dict[str, Any]:
        """Return the ``--json`` document."""
        return {
            "target": self.target,
            "dialects": self.dialects,
            "prefix": self.prefix,
            "judge": self.judge,
            "checks": [result.to_dict() for result in self.results],
            "summary": {
                "passed": self.count("passed"),
                "failed": self.count("failed"),
                "warnings": self.count("warning"),
                "skipped": self.count("skipped"),
            },
        }


def run_check(run: Run, check: Check) -> CheckResult:
    """Run one check and turn its outcome into a result with the exchanges it caused."""
    if run.dialect_name not in check.dialects:
        return CheckResult(
            check, run.dialect_name, "skipped", f"runs with --dialect {' or '.join(check.dialects)}"
        )
    run.take_exchanges()
    try:
        note = check.run(run)
        status, detail = "passed", note or ""
    except NonRfc as exc:
        status, detail = ("warning" if run.judge == "rfc" else "failed"), str(exc)
    except Failed as exc:
        status, detail = "failed", str(exc)
    except Warned as exc:
        status, detail = "warning", str(exc)
    except Skipped as exc:
        status, detail = "skipped", str(exc)
    return CheckResult(check, run.dialect_name, status, detail, run.take_exchanges())  # type: ignore[arg-type]


def validate(
    endpoint: Endpoint,
    *,
    dialects: Sequence[str] = ("default",),
    tags: Sequence[str] = (),
    exclude_tags: Sequence[str] = (),
    keep: bool = False,
    world: World | None = None,
    progress: Progress | None = None,
    seed: int | None = None,
    judge: str = "entra",
) -> Report:
    """Run the selected checks against ``endpoint`` in each dialect and return the report.

    ``judge`` "rfc" reports an endpoint's RFC-literal handling of Entra's documented non-RFC forms as warnings
    (``harness.validate.rfc``); "entra" (the default) as the failures they are for Entra.
    """
    if judge not in JUDGES:
        raise ValueError(f"unknown judge {judge!r}")
    checks = select(catalog(), tags, exclude_tags)
    own_world = world is None
    world = world or build_world(seed=seed or 0, users=1, replication_mode="immediate")
    run_id = world.rng.uuid()[:6]
    report = Report(
        target=endpoint.base_url, dialects=list(dialects), prefix=f"scimv-{run_id}-", kept=keep, judge=judge
    )
    try:
        for dialect in dialects:
            if dialect not in DIALECTS:
                raise ValueError(f"unknown dialect {dialect!r}")
            run = Run(
                world, endpoint, dialect, f"{report.prefix}{'d' if dialect == 'default' else 'f'}-", judge
            )
            try:
                for check in checks:
                    result = run_check(run, check)
                    report.results.append(result)
                    if progress is not None:
                        progress(result)
            finally:
                if not keep:
                    report.cleanup_problems += run.cleanup()
                run.close()
    finally:
        if own_world:
            world.close()
    return report
