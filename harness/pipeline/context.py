"""What one on-demand run carries from step to step: the request, the job, the clients and the facts so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from harness.clients import GraphClient, RunCache, ScimClient, SuccessFactorsClient, WireLog, WorkdayClient
from harness.clients.graph_target import GraphTargetClient
from harness.clients.retry import RetryPolicy
from harness.jobs.expressions import EvalContext
from harness.result import STEP_TITLES, Step, StepError, StepId
from idcore.clock import Clock
from idcore.ids import Randomness

__all__ = [
    "SOURCE_SYSTEMS",
    "TARGET_SYSTEM",
    "TARGET_TYPES",
    "OnDemandRequest",
    "RunContext",
    "SourceObject",
    "make_step",
]

#: How the logs name each source system (S2 sourceSystem.name).
#: The target system's name in step texts and in Graph's targetSystem (S2; 1Password/scim-examples#82).
TARGET_SYSTEM = "customappsso"
#: The target classes by job ``target.type``; ``harness.pipeline.targets`` and ``harness.pipeline.graph_target``
#: register themselves (imported by the package), so this module imports neither.
TARGET_TYPES: dict[str, Callable[[RunContext], Any]] = {}
SOURCE_SYSTEMS = {"entra": "Azure Active Directory", "workday": "Workday", "successfactors": "SuccessFactors"}


@dataclass(frozen=True)
class OnDemandRequest:
    """The portal's inputs (S1): a user query, or a group with up to five members, or an HR worker id."""

    user: str | None = None
    group: str | None = None
    members: tuple[str, ...] = ()
    worker_id: str | None = None
    person_id_external: str | None = None

    def describe(self) -> str:
        """Return what was asked for, for messages."""
        return (self.user or self.group or self.worker_id or self.person_id_external or "").strip()


@dataclass
class SourceObject:
    """The imported source object: the attribute values mappings read, and where it came from."""

    id: str
    display: str
    attributes: dict[str, Any]
    active: bool = True
    assignments: list[dict[str, Any]] = field(default_factory=list)
    manager: dict[str, Any] | None = None
    hard_deleted: bool = False
    #: ``assignments`` is all there is (a cycle read the app's assignments and the assigned groups' members):
    #: the scope step reads no memberships of its own
    assignments_complete: bool = False


@dataclass
class RunContext:
    """The request, the job, the clients, the clock and randomness of one run."""

    job: Any
    request: OnDemandRequest
    http: requests.Session
    clock: Clock
    rng: Randomness
    object_type: str = "User"
    log: WireLog = field(default_factory=WireLog)
    cache: dict[str, Any] = field(default_factory=dict)
    connection_checked: bool = False
    links: Any = None  # a harness.logs.links.LinkStore: the job's source → target links (None: none kept)
    shared: RunCache | None = None  # what the caller lets repeated runs reuse (tokens, the enterprise app)
    progress: Callable[[str], None] | None = None  # told of each retry and its wait (the CLI prints them)
    on_demand: bool = True  # False in a provisioning cycle (harness.sync): the URL's flags apply, roles flow
    #: a cycle's accidental-deletions check: told of each disable or delete about to be sent, True holds it
    stage_deprovision: Callable[[SourceObject, str, str | None], bool] | None = None

    def dialect(self) -> Any:
        """Return the PATCH dialect of this run (``harness.pipeline.wire.dialect_for``)."""
        from harness.pipeline.wire import dialect_for

        return dialect_for(self.job, self.on_demand)

    def __post_init__(self) -> None:
        self.log.on_retry = self.progress

    @property
    def settings(self) -> Any:
        """Return the job's UNSURE knobs."""
        return self.job.settings

    @property
    def mapping(self) -> Any:
        """Return the object mapping (users or groups) this run applies."""
        return self.job.groups if self.object_type == "Group" else self.job.users

    @property
    def app_name(self) -> str:
        """Return the target app's name as logs show it."""
        return str(self.job.name or "customappsso")

    @property
    def target_system(self) -> str:
        """Return the target system's name as step texts show it (S2: "Retrieved '<upn>' from customappsso";
        an Entra ID target is "Azure Active Directory", as S2's EntryExportUpdate step names it)."""
        return str(self.target.system)

    @property
    def target(self) -> Any:
        """Return the run's target (``harness.pipeline.targets``): the SCIM app or the Entra ID tenant."""
        if "target" not in self.cache:
            self.cache["target"] = TARGET_TYPES[self.job.target.type](self)
        return self.cache["target"]

    @property
    def graph_target(self) -> GraphTargetClient:
        """Return the Graph client of an Entra ID target (one per run, sharing the wire log)."""
        if "graph_target" not in self.cache:
            self.cache["graph_target"] = GraphTargetClient(
                self.http, self.clock, self.settings, self.job.target, self.log, retry=self.retry_policy()
            )
        return self.cache["graph_target"]

    @property
    def source_system(self) -> str:
        """Return the source system's display name."""
        return SOURCE_SYSTEMS.get(self.job.source.type, str(self.job.source.type))

    def eval_context(self) -> EvalContext:
        """Return the expression context: the run's clock and seeded randomness, the job's settings."""
        return EvalContext(
            now=self.clock.now,
            random=self.rng.random,
            default_domain=self._default_domain(),
            settings=self.settings.eval_settings(),
        )

    def _default_domain(self) -> str:
        """Return what DefaultDomain() gives: an Entra ID target's default verified domain (GET /organization,
        read only when a mapping calls it), else the source's."""
        if self.job.target.type == "entra" and any(
            "DefaultDomain" in str(m.expression or "") for m in self.mapping.mappings
        ):
            return str(self.target.target_domain())
        return str(getattr(self.job.source, "domain", "") or "")

    def retry_policy(self) -> RetryPolicy:
        """Return the retry policy from the job's settings."""
        return RetryPolicy.from_settings(self.settings)

    @property
    def scim(self) -> ScimClient:
        """Return the target's SCIM client (one per run, sharing the wire log)."""
        if "scim" not in self.cache:
            self.cache["scim"] = ScimClient(
                self.http, self.clock, self.settings, self.job.target, self.log, retry=self.retry_policy()
            )
        return self.cache["scim"]

    @property
    def graph(self) -> GraphClient:
        """Return the directory client."""
        if "graph" not in self.cache:
            self.cache["graph"] = GraphClient(
                self.http,
                self.clock,
                self.settings,
                self.job.source,
                self.log,
                retry=self.retry_policy(),
                cache=self.shared,
            )
        return self.cache["graph"]

    @property
    def workday(self) -> WorkdayClient:
        """Return the Workday client."""
        if "workday" not in self.cache:
            self.cache["workday"] = WorkdayClient(
                self.http, self.clock, self.settings, self.job.source, self.log, retry=self.retry_policy()
            )
        return self.cache["workday"]

    @property
    def successfactors(self) -> SuccessFactorsClient:
        """Return the SuccessFactors client."""
        if "successfactors" not in self.cache:
            self.cache["successfactors"] = SuccessFactorsClient(
                self.http, self.clock, self.settings, self.job.source, self.log, retry=self.retry_policy()
            )
        return self.cache["successfactors"]

    def service_principal(self) -> dict[str, Any] | None:
        """Return the enterprise app whose assignments decide scope (read once per run, or once per cache)."""
        if "sp" not in self.cache:
            source = self.job.source
            key = (str(source.url).rstrip("/"), str(source.tenant), str(source.app))
            found = self.shared.service_principals.get(key) if self.shared is not None else None
            if found is None:
                found = self.graph.service_principal(str(source.app))
                if found is not None and self.shared is not None:
                    self.shared.service_principals[key] = found
            self.cache["sp"] = found
        return self.cache["sp"]

    def for_member(self, user: str) -> RunContext:
        """Return a context for provisioning one group member as a user run (its own wire log)."""
        return RunContext(
            self.job,
            OnDemandRequest(user=user),
            self.http,
            self.clock,
            self.rng,
            "User",
            connection_checked=True,
            links=self.links,
            shared=self.shared,
            progress=self.progress,
            on_demand=self.on_demand,
        )


def make_step(
    ctx: RunContext,
    step_id: StepId,
    status: str,
    description: str,
    details: dict[str, Any] | None = None,
    error: StepError | None = None,
) -> Step:
    """Return a Step titled with the portal's words for this object type."""
    return Step(
        id=step_id,
        title=STEP_TITLES[ctx.object_type][step_id],
        status=status,  # type: ignore[arg-type]
        description=description,
        details=details or {},
        error=error,
    )
