"""What one cycle did: its counts as the portal's progress view and Graph's task execution report them.

``Tally`` is filled as each object's result comes back; ``CycleReport`` is what ``run_cycle`` returns and what
``scimulator sync --json`` prints per cycle; ``execution()`` renders Graph's ``synchronizationTaskExecution``
(activityIdentifier, countEntitled, countExported, countEscrowed, … state, timeBegan, timeEnded).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from harness.result import ProvisioningResult

__all__ = ["CycleReport", "ProgressEvent", "Tally"]

#: The actions that change the target (Graph's countExported).
EXPORTS = frozenset({"Create", "Update", "Disable", "Delete"})
#: How many error lines a report keeps.
MAX_ERRORS = 20


@dataclass
class Tally:
    """Counts of one cycle so far."""

    pages: int = 0
    imported: int = 0
    events: int = 0
    exports: int = 0
    failures: int = 0
    reference_failures: int = 0
    staged: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    results: Counter[str] = field(default_factory=Counter)
    failed_actions: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, result: ProvisioningResult, *, reference: bool = False) -> None:
        """Count one object's result."""
        self.events += 1
        self.actions[result.action] += 1
        self.results[result.result] += 1
        if result.action in EXPORTS and result.result in ("Success", "Warning"):
            self.exports += 1
        if result.result == "Failure":
            self.failed_actions[result.action] += 1
            if reference:
                self.reference_failures += 1
            else:
                self.failures += 1
            if len(self.errors) < MAX_ERRORS:
                self.errors.append(
                    f"{result.subject.get('identifier') or result.subject.get('query')}: {_reason(result)}"
                )

    def counts(self) -> dict[str, int]:
        """Return the portal's counts: created, updated, disabled, deleted, skipped, staged, failed."""
        return {
            "created": self.actions["Create"] - _failed(self, "Create"),
            "updated": self.actions["Update"] - _failed(self, "Update"),
            "disabled": self.actions["Disable"] - _failed(self, "Disable"),
            "deleted": self.actions["Delete"] - _failed(self, "Delete"),
            "skipped": self.results["Skipped"] - self.actions["StagedDelete"],
            "staged": self.staged,
            "failed": self.results["Failure"],
        }


def _failed(tally: Tally, action: str) -> int:
    return tally.failed_actions[action]


def _reason(result: ProvisioningResult) -> str:
    for step in reversed(result.steps):
        if step.error is not None:
            return f"{step.error.code}: {step.error.message}"
    return result.result


@dataclass
class ProgressEvent:
    """What the progress bar shows: the cycle, its phase, pages read, objects done and the counts."""

    cycle: str
    phase: str
    pages: int
    done: int
    total: int | None
    counts: dict[str, int]
    errors: int


@dataclass
class CycleReport:
    """One cycle: its id, kind, times, counts and errors, and the job's status afterwards."""

    id: str
    kind: str
    began: str
    ended: str
    tally: Tally
    state: str = "Succeeded"
    error: dict[str, Any] | None = None
    status: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0  # wall time of the cycle (time.perf_counter), for benchmarks and the CLI

    def execution(self, entitled: int) -> dict[str, Any]:
        """Return Graph's synchronizationTaskExecution for this cycle."""
        tally = self.tally
        return {
            "activityIdentifier": self.id,
            "countEntitled": entitled,
            "countEntitledForProvisioning": entitled,
            "countEscrowed": tally.failures + tally.reference_failures,
            "countEscrowedRaw": tally.failures + tally.reference_failures,
            "countExported": tally.exports,
            "countExports": tally.exports,
            "countImported": tally.imported,
            "countImportedDeltas": tally.imported if self.kind == "incremental" else 0,
            "countImportedReferenceDeltas": 0,
            "error": self.error,
            "state": self.state,
            "timeBegan": self.began,
            "timeEnded": self.ended,
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the report as ``scimulator sync --json`` prints it."""
        return {
            "id": self.id,
            "type": self.kind,
            "began": self.began,
            "ended": self.ended,
            "state": self.state,
            "seconds": round(self.seconds, 3),
            "pages": self.tally.pages,
            "objects": self.tally.events,
            "counts": self.tally.counts(),
            "errors": list(self.tally.errors),
            "error": self.error,
            "status": self.status,
        }
