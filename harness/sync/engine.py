"""The provisioning job as a running service: cycles on the clock, its status, restart (entra-behavior.md §6).

``SyncEngine(job, http=…, clock=…, rng=…)`` runs cycles against the job's URLs: ``run_cycle()`` one cycle
(initial without a watermark, incremental after), ``run(cycles=N | until_idle=True)`` several, each waiting its
turn on the injected clock (the fixed interval, PT40M, or the quarantine's next attempt), ``restart(reset_scope)``
Graph's restart options, ``status()`` Graph's synchronizationStatus. ``run_cycles(job, …)`` is the one-call form.
State (status, watermark, escrows) lives in a ``SyncStore`` and links in a ``LinkStore``; both default to
memory, the CLI keeps them in ``$SCIMULATOR_HOME``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

import requests

from harness.clients import GraphError, RunCache
from harness.errors import UserError
from harness.logs.links import LinkStore, job_key
from harness.sync.cycle import run_phases
from harness.sync.report import CycleReport, ProgressEvent
from harness.sync.sink import CycleRun
from harness.sync.staging import send_held
from harness.sync.state import SyncStore
from harness.sync.status import after_cycle, graph_status, initial_status
from harness.sync.workers import widen_pool
from idcore.clock import Clock, isoformat, parse_iso
from idcore.ids import Randomness

__all__ = ["RESET_SCOPES", "SyncEngine", "run_cycles"]

#: Graph restartCriteria.resetScope values (S33); empty = the portal's "Restart provisioning".
RESET_SCOPES = (
    "None",
    "ConnectorDataStore",
    "Escrows",
    "Watermark",
    "QuarantineState",
    "Full",
    "ForceDeletes",
)
_PORTAL_RESTART = frozenset({"QuarantineState", "Watermark", "Escrows"})
_FULL = frozenset({"ConnectorDataStore", "Escrows", "Watermark", "QuarantineState"})
#: ``until_idle`` gives up after this many cycles.
MAX_CYCLES = 100


class SyncEngine:
    """Run a job's provisioning cycles."""

    def __init__(
        self,
        job: Any,
        *,
        http: requests.Session,
        clock: Clock,
        rng: Randomness,
        links: LinkStore | None = None,
        logs: Any = None,
        state: SyncStore | None = None,
        concurrency: int = 1,
        progress: Callable[[ProgressEvent], None] | None = None,
        cache: RunCache | None = None,
        interval: float | None = None,
    ) -> None:
        if concurrency < 1:
            raise UserError("--concurrency must be at least 1.")
        if job.source.type != "entra":
            raise UserError(
                f"Provisioning cycles read Entra ID through Graph delta; a {job.source.type} source is not "
                "supported by sync (use provision for one worker on demand)."
            )
        if job.state != "running":
            raise UserError(
                "The job is stopped (state: stopped): a stopped job runs no cycles; set state: running."
            )
        self.job, self.http, self.clock, self.rng = job, http, clock, rng
        self.links = links or LinkStore.in_memory()
        self.logs = logs
        self.state = state or SyncStore.in_memory()
        self.concurrency = concurrency
        self.progress = progress
        self.cache = cache or RunCache()
        self.key = job_key(job)
        self.settings = job.settings
        self.interval = float(self.settings.sync_interval if interval is None else interval)
        self.job_id = ""
        self.on_wait: Callable[[Any], None] | None = None  # told when the engine waits for the next cycle
        widen_pool(http, concurrency)

    # -- status ----------------------------------------------------------------------------------------------

    def stored(self) -> dict[str, Any]:
        """Return the job's stored status (Graph's fields, the watermark and the schedule)."""
        return self.state.status(self.key) or initial_status(self.interval)

    def status(self) -> dict[str, Any]:
        """Return Graph's synchronizationStatus of the job."""
        return graph_status(self.stored())

    @property
    def force_deletes(self) -> bool:
        """Return True when a restart allowed the staged deletes (ForceDeletes)."""
        return bool(self.stored().get("forceDeletes"))

    # -- cycles ----------------------------------------------------------------------------------------------

    def run_cycle(self) -> CycleReport:
        """Run one cycle now and return its report; the status is saved after it."""
        status = self.stored()
        kind = "incremental" if status.get("watermark") else "initial"
        run = CycleRun(self, kind, self.rng.uuid(), status.get("watermark") or {})
        began, started = isoformat(self.clock.now()), time.perf_counter()
        error = None
        try:
            if self.force_deletes:
                send_held(run)
            run_phases(run)
        except GraphError as exc:  # the source could not be read: the cycle fails, the watermark stays
            error = {"code": "SourceReadFailure", "message": str(exc), "tenantActionable": True}
        finally:
            run.flush()
        if run.failed is not None and run.failed.error is not None:
            error = {
                "code": run.failed.error.code,
                "message": run.failed.error.message,
                "tenantActionable": True,
            }
        state = "Failed" if error else ("EntryLevelErrors" if run.tally.results["Failure"] else "Succeeded")
        report = CycleReport(run.id, kind, began, isoformat(self.clock.now()), run.tally, state, error)
        report.seconds = time.perf_counter() - started
        counts = {kind: self.links.count(self.key, kind) for kind in ("User", "Group")}
        status = after_cycle(status, run, report, counts)
        self.state.save_status(self.key, status)
        report.status = graph_status(status)
        return report

    def run(self, cycles: int | None = None, *, until_idle: bool = False) -> list[CycleReport]:
        """Run ``cycles`` cycles (default 1), or until an incremental cycle finds nothing to do."""
        wanted = cycles if cycles is not None else (MAX_CYCLES if until_idle else 1)
        reports: list[CycleReport] = []
        while len(reports) < wanted and self.runnable():
            if reports or self.stored().get("quarantine"):
                self.wait_turn()
            report = self.run_cycle()
            reports.append(report)
            if until_idle and self._idle(report):
                break
        return reports

    def runnable(self) -> bool:
        """Return False when no cycle runs without a person: disabled, paused, or too many deletes."""
        status = self.stored()
        if (status.get("schedule") or {}).get("state") == "Disabled" or status.get("code") == "Paused":
            return False
        return (status.get("quarantine") or {}).get("reason") != "TooManyDeletes"

    def next_run(self) -> Any:
        """Return when the next cycle is due: the quarantine's next attempt, or the interval after the last one."""
        status = self.stored()
        quarantine = status.get("quarantine") or {}
        if quarantine.get("nextAttempt"):
            return parse_iso(quarantine["nextAttempt"])
        last = (status.get("lastExecution") or {}).get("timeEnded")
        return parse_iso(last) + timedelta(seconds=self.interval) if last else self.clock.now()

    def wait_turn(self) -> None:
        """Wait on the clock until the next cycle is due (told to ``on_wait`` first)."""
        due = self.next_run()
        delay = (due - self.clock.now()).total_seconds()
        if delay > 0:
            if self.on_wait is not None:
                self.on_wait(due)
            self.clock.sleep(delay)

    def _idle(self, report: CycleReport) -> bool:
        if not self.runnable() or report.status.get("code") == "Quarantine":
            return True
        return (
            report.kind == "incremental"
            and report.tally.events == 0
            and self.state.escrow_counts(self.key) == (0, 0)
        )

    # -- restart ---------------------------------------------------------------------------------------------

    def restart(self, reset_scope: str | Iterable[str] = "") -> None:
        """Restart the job with Graph's ``resetScope`` (empty: the portal's Restart provisioning)."""
        scopes = _scopes(reset_scope)
        status = self.stored()
        if "Watermark" in scopes or "ConnectorDataStore" in scopes:
            status["watermark"] = {}
        if "Escrows" in scopes:
            self.state.clear_escrows(self.key)
        if "QuarantineState" in scopes:
            status.update(quarantine=None, escrowsPruned=False, countSuccessiveCompleteFailures=0)
            status["schedule"] = {**(status.get("schedule") or {}), "state": "Active"}
        if "ConnectorDataStore" in scopes:
            self.links.forget_job(self.key)
            self.state.forget_job(self.key)
        if "ForceDeletes" in scopes:
            status["forceDeletes"] = True
            if (status.get("quarantine") or {}).get("reason") == "TooManyDeletes":
                status["quarantine"] = None
        else:
            self.state.clear_pending(self.key, "staged")
        status["code"] = "Quarantine" if status.get("quarantine") else "Active"
        self.state.save_status(self.key, status)


def _scopes(reset_scope: str | Iterable[str]) -> set[str]:
    names = [n.strip() for n in (reset_scope.split(",") if isinstance(reset_scope, str) else reset_scope)]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in RESET_SCOPES]
    if unknown:
        raise UserError(
            f"Unknown reset scope {unknown[0]!r}: use {', '.join(RESET_SCOPES)} (comma-separated)."
        )
    scopes = set(names) - {"None"}
    if not names:
        return set(_PORTAL_RESTART)
    if "Full" in scopes:
        scopes |= _FULL
    return scopes


def run_cycles(
    job: Any,
    *,
    http: requests.Session | None = None,
    clock: Clock | None = None,
    rng: Randomness | None = None,
    cycles: int | None = None,
    until_idle: bool = False,
    **options: Any,
) -> list[CycleReport]:
    """Run a job's cycles in one call (a plain session and the system clock unless given); return the reports."""
    from idcore.clock import SystemClock

    engine = SyncEngine(
        job,
        http=http or requests.Session(),
        clock=clock or SystemClock(),
        rng=rng or Randomness(0),
        **options,
    )
    return engine.run(cycles, until_idle=until_idle)
