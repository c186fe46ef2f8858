"""The job's status after a cycle, as Graph's ``synchronizationStatus`` reads (entra-behavior.md §6.1, §6.4).

Fields: ``code`` (NotConfigured | NotRun | Active | Paused | Quarantine), ``countSuccessiveCompleteFailures``,
``escrowsPruned``, ``lastExecution``, ``lastSuccessfulExecution``, ``lastSuccessfulExecutionWithExports``,
``progress`` (pages, as the portal's bar counts them), ``quarantine``, ``steadyStateFirstAchievedTime``,
``steadyStateLastAchievedTime``, ``synchronizedEntryCountByType`` and ``troubleshootingUrl``. The stored status
also keeps what is not Graph's: the watermark, the schedule and a pending "Allow deletes".
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from harness.sync.quarantine import enter_quarantine, escrow_reason, quarantine_expired
from harness.sync.report import CycleReport
from idcore.clock import isoformat

if TYPE_CHECKING:
    from harness.sync.sink import CycleRun

__all__ = ["GRAPH_FIELDS", "after_cycle", "graph_status", "initial_status"]

GRAPH_FIELDS = (
    "code",
    "countSuccessiveCompleteFailures",
    "escrowsPruned",
    "lastExecution",
    "lastSuccessfulExecution",
    "lastSuccessfulExecutionWithExports",
    "progress",
    "quarantine",
    "steadyStateFirstAchievedTime",
    "steadyStateLastAchievedTime",
    "synchronizedEntryCountByType",
    "troubleshootingUrl",
)


def initial_status(interval: float) -> dict[str, Any]:
    """Return the status of a job that never ran."""
    status: dict[str, Any] = dict.fromkeys(GRAPH_FIELDS)
    status.update(
        code="NotRun",
        countSuccessiveCompleteFailures=0,
        escrowsPruned=False,
        progress=[],
        synchronizedEntryCountByType=[],
        schedule={"state": "Active", "interval": _duration(interval)},
        watermark={},
    )
    return status


def graph_status(status: dict[str, Any]) -> dict[str, Any]:
    """Return only Graph's synchronizationStatus fields."""
    return {name: status.get(name) for name in GRAPH_FIELDS}


def after_cycle(
    status: dict[str, Any], run: CycleRun, report: CycleReport, entry_counts: dict[str, int]
) -> dict[str, Any]:
    """Return the status after ``report``'s cycle."""
    now = run.engine.clock.now()
    status = dict(status)
    tally = report.tally
    if run.failed is not None or report.state == "Failed":
        status["countSuccessiveCompleteFailures"] = (
            int(status.get("countSuccessiveCompleteFailures") or 0) + 1
        )
        if run.failed is not None:
            status["quarantine"] = enter_quarantine(
                status.get("quarantine"), "EncounteredQuarantineException", now, report.error
            )
    else:
        status["countSuccessiveCompleteFailures"] = 0
        status["watermark"] = run.watermark
        status["forceDeletes"] = False
        _escrow_verdict(status, run, report, now)
    status["code"] = "Paused" if status.get("code") == "Paused" else "Active"
    if status.get("quarantine"):
        status["code"] = "Quarantine"
        if quarantine_expired(status["quarantine"], now):
            status["schedule"] = {**(status.get("schedule") or {}), "state": "Disabled"}
    entitled = sum(entry_counts.values())
    execution = report.execution(entitled)
    status["lastExecution"] = execution
    if report.state != "Failed":
        status["lastSuccessfulExecution"] = execution
        if tally.exports:
            status["lastSuccessfulExecutionWithExports"] = execution
        if report.kind == "incremental" and tally.events == 0 and not status.get("quarantine"):
            status["steadyStateFirstAchievedTime"] = status.get("steadyStateFirstAchievedTime") or isoformat(
                now
            )
            status["steadyStateLastAchievedTime"] = isoformat(now)
    status["progress"] = [
        {
            "completedUnits": tally.pages,
            "totalUnits": tally.pages,
            "units": "pages",
            "progressObservationDateTime": isoformat(now),
        }
    ]
    status["synchronizedEntryCountByType"] = [{"key": k, "value": v} for k, v in entry_counts.items()]
    return status


def _escrow_verdict(status: dict[str, Any], run: CycleRun, report: CycleReport, now: datetime) -> None:
    """Quarantine, prune escrows or lift quarantine after a cycle that ran (§5.3, §6.4)."""
    failures, references = run.state.escrow_counts(run.key)
    reason = escrow_reason(failures, references, report.tally.events, run.engine.settings.quarantine_scale)
    if run.too_many_deletes:
        error = {
            "code": "TooManyDeletes",
            "message": f"{run.too_many_deletes} disables and deletes exceed the accidental deletions threshold.",
            "tenantActionable": True,
        }
        status["quarantine"] = enter_quarantine(status.get("quarantine"), "TooManyDeletes", now, error)
    elif reason and report.kind == "initial":  # an initial cycle prunes escrows and pauses instead (§6.4)
        run.state.clear_escrows(run.key)
        status.update(escrowsPruned=True, code="Paused", quarantine=None)
    elif reason:
        error = {
            "code": reason,
            "message": f"{failures + references} objects are in escrow.",
            "tenantActionable": True,
        }
        status["quarantine"] = enter_quarantine(status.get("quarantine"), reason, now, error)
    else:
        status["quarantine"] = None


def _duration(seconds: float) -> str:
    """Return seconds as an ISO 8601 duration (2400 → PT40M)."""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = (
        "PT"
        + (f"{hours}H" if hours else "")
        + (f"{minutes}M" if minutes else "")
        + (f"{secs}S" if secs else "")
    )
    return text if text != "PT" else "PT0S"
