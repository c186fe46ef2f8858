"""One running cycle's state and what happens after each object: log it, escrow or release it, count it.

``CycleRun`` is handed to the phases (``harness.sync.cycle``): it makes each object's ``RunContext`` (a cycle's,
not on demand: the URL's flags apply and links are read by target id), and ``done(result)`` does the bookkeeping
on the caller's thread: the provisioning log (in batches), the escrow (with the retry sentence in the error),
the scope marker, the counts and the progress event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from harness.pipeline import OnDemandRequest
from harness.pipeline.context import RunContext, SourceObject
from harness.result import ProvisioningResult, Step
from harness.sync.cds import BufferedLinks
from harness.sync.quarantine import backoff, retry_text
from harness.sync.report import ProgressEvent, Tally
from harness.sync.source import Assignments
from harness.sync.state import Escrow

__all__ = ["CycleRun"]

#: How many results are written to the log store per transaction.
LOG_BATCH = 200


class CycleRun:
    """The state of one cycle while it runs; ``engine`` is the ``harness.sync.engine.SyncEngine`` running it."""

    def __init__(self, engine: Any, kind: str, cycle_id: str, watermark: dict[str, str]) -> None:
        self.engine = engine
        self.job = engine.job
        self.key = engine.key
        self.state = engine.state
        self.kind = kind
        self.id = cycle_id
        self.watermark = dict(watermark)
        self.concurrency = engine.concurrency
        self.cds = BufferedLinks(engine.links, engine.state, engine.key, engine.clock.now)
        self.tally = Tally()
        self.phase = "users"
        self.total: int | None = None
        self.seen: set[str] = set()
        self.failed: Step | None = None
        self.staging = engine.settings.deletion_threshold > 0 and not engine.force_deletes
        self.too_many_deletes = 0  # how many disables and deletes were staged over the threshold
        self._logs: list[ProvisioningResult] = []
        self._pending: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        self._escrowed = {
            (e.object_type, e.source_id) for e in engine.state.due_escrows(engine.key, _far(engine))
        }

    # -- contexts --------------------------------------------------------------------------------------------

    def context(self, object_type: str) -> RunContext:
        """Return a fresh run context for one object of the cycle."""
        engine = self.engine
        return RunContext(
            self.job,
            OnDemandRequest(),
            engine.http,
            engine.clock,
            engine.rng,
            object_type,
            connection_checked=True,
            links=self.cds,
            shared=engine.cache,
            on_demand=False,
            stage_deprovision=self._stage if self.staging else None,
        )

    def _stage(self, source: SourceObject, action: str, target_id: str | None) -> bool:
        return True  # every disable and delete waits for the end of the cycle (harness.sync.staging)

    # -- reading ---------------------------------------------------------------------------------------------

    def page_read(self, count: int) -> None:
        """Count a page of the source and its objects."""
        self.tally.pages += 1
        self.tally.imported += count
        self.emit()

    def due_escrows(self) -> list[Escrow]:
        """Return the escrowed objects whose retry time has come."""
        return self.state.due_escrows(self.key, self.engine.clock.now())

    def remember_assignments(self, assignments: Assignments) -> None:
        """Keep the assignments this cycle read, for the next incremental cycle to compare."""
        before, now = self.state.assigned(self.key), assignments.principals()
        added = {p: t for p, t in now.items() if before.get(p) != t}
        self.state.save_assigned(self.key, added, [p for p in before if p not in now or p in added])

    # -- after each object -----------------------------------------------------------------------------------

    def done(self, result: ProvisioningResult, *, reference: bool = False) -> None:
        """Log, escrow and count one object's result."""
        object_type = str(result.subject.get("type") or "User")
        source_id = str(result.subject.get("id") or result.subject.get("query") or "")
        if result.action == "StagedDelete":
            self._hold("staged", (object_type, source_id, {"target": result.target.get("id")}))
            self.tally.staged += 1
            self.emit()
            return
        scope = result.step("scope")
        if scope is not None:
            self.cds.mark_scope(object_type, source_id, scope.status == "Success")
        escrow_type = f"{object_type}Reference" if reference else object_type
        if result.result == "Failure":
            self._escrow(result, escrow_type, source_id, reference)
        elif result.result == "Warning" and result.error is not None:  # created, but its manager link failed
            self._escrow(result, f"{object_type}Reference", source_id, True)
        else:  # a success; a whole object's run also settles its references (the update links the manager)
            settled = [escrow_type] if reference else [object_type, f"{object_type}Reference"]
            for kind in settled:
                if (kind, source_id) in self._escrowed:
                    self.state.release(self.key, kind, source_id)
                    self._escrowed.discard((kind, source_id))
        self.tally.add(result, reference=reference)
        self._logs.append(result)
        if len(self._logs) >= LOG_BATCH:
            self.flush()
        self.emit()

    def _escrow(self, result: ProvisioningResult, object_type: str, source_id: str, reference: bool) -> None:
        engine = self.engine
        earlier = engine.state.escrow(self.key, object_type, source_id)
        failures = (earlier.failures if earlier else 0) + 1
        when = engine.clock.now() + timedelta(seconds=backoff(engine.settings, failures))
        step = next((s for s in reversed(result.steps) if s.error is not None), None)
        code = step.error.code if step is not None and step.error is not None else "Unknown"
        if step is not None and step.error is not None:
            step.error = replace(step.error, message=f"{step.error.message} {retry_text(failures, when)}")
            step.description = step.error.message
        engine.state.put_escrow(
            self.key,
            Escrow(
                object_type=object_type,
                source_id=source_id,
                failures=failures,
                next_attempt=when,
                error_code=code,
                reference=reference,
            ),
        )
        self._escrowed.add((object_type, source_id))

    def log_only(self, result: ProvisioningResult) -> None:
        """Log a result without counting it as an object of the cycle (a staged deletion)."""
        self._logs.append(result)

    def pending_manager(self, user_id: str, manager_id: str) -> None:
        """Hold a manager reference for the reference pass (written with the next flush)."""
        self._hold("manager", ("User", user_id, {"manager": manager_id}))

    def pending_members(self, group_id: str, added: list[str], removed: list[str]) -> None:
        """Hold a group's member changes for the reference pass (written with the next flush)."""
        if added or removed:
            self._hold("members", ("Group", group_id, {"add": added, "remove": removed}))

    def _hold(self, kind: str, row: tuple[str, str, dict[str, Any]]) -> None:
        self._pending.setdefault(kind, []).append(row)
        if sum(len(rows) for rows in self._pending.values()) >= LOG_BATCH:
            self.flush()

    def connection_failed(self, step: Step) -> None:
        """Remember that the cycle's test connection failed (nothing was read)."""
        self.failed = step

    def flush(self) -> None:
        """Write the buffered links, scope markers, held references and log entries (a transaction each)."""
        self.cds.flush()
        pending, self._pending = self._pending, {}
        for kind, rows in pending.items():
            self.state.add_pending(self.key, kind, rows)
        logs, self._logs = self._logs, []
        if logs and self.engine.logs is not None:
            self.engine.logs.append_many(logs, cycle_id=self.id, job_id=self.engine.job_id)

    def emit(self) -> None:
        """Tell the progress listener where the cycle is."""
        listener: Callable[[ProgressEvent], None] | None = self.engine.progress
        if listener is not None:
            tally = self.tally
            listener(
                ProgressEvent(
                    self.kind,
                    self.phase,
                    tally.pages,
                    tally.events,
                    self.total,
                    tally.counts(),
                    tally.failures + tally.reference_failures,
                )
            )


def _far(engine: Any) -> Any:
    return engine.clock.now() + timedelta(days=3650)
