"""One on-demand request: refused up front, or handed to the user run or the group run (S1, S2).

The steps themselves (Test connection → Import → Scope → Match → Action) run in ``harness.pipeline.users`` and
``harness.pipeline.groups``. Requests refused before anything is sent (a sixth group member, an OAuth job that is
running, S1 FAQ) raise ``OnDemandRefused``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from harness.clients import RunCache
from harness.pipeline.context import OnDemandRequest, RunContext
from harness.pipeline.errors import OnDemandRefused
from harness.pipeline.groups import provision_group
from harness.pipeline.users import provision_user
from harness.result import ProvisioningResult
from idcore.clock import Clock
from idcore.ids import Randomness

__all__ = ["MAX_GROUP_MEMBERS", "check_request", "provision_on_demand"]

#: S1: "updates up to 5 members at a time"; the API accepts a single group with at most 5 members.
MAX_GROUP_MEMBERS = 5


def check_request(job: Any, request: OnDemandRequest) -> None:
    """Raise OnDemandRefused for what the portal refuses before sending anything."""
    if job.target.auth.type == "oauth" and job.state == "running":
        raise OnDemandRefused(
            "This application is authorized with OAuth: stop the provisioning job before using "
            "on-demand provisioning (Microsoft Learn “On-demand provisioning”, FAQ), then start it again afterwards."
        )
    if request.members and not request.group:
        raise OnDemandRefused("Members can only be chosen together with a group (--group).")
    if len(request.members) > MAX_GROUP_MEMBERS:
        raise OnDemandRefused(
            f"On-demand provisioning takes one group with at most {MAX_GROUP_MEMBERS} members; "
            f"{len(request.members)} were chosen."
        )
    if request.group and getattr(job, "cross_tenant", False):
        raise OnDemandRefused(
            "Group provisioning on demand is not supported for cross-tenant synchronization (Microsoft Learn "
            "“On-demand provisioning”, known limitations); provision the group's users one at a time."
        )
    if request.group and job.source.type != "entra":
        raise OnDemandRefused(f"Group provisioning on demand is not supported for {job.source.type} sources.")
    if request.group and not job.groups.enabled:
        raise OnDemandRefused("Group provisioning is disabled in this job's mappings.")
    if not (request.user or request.group or request.worker_id or request.person_id_external):
        raise OnDemandRefused(
            "Name a user, a group, a Workday worker id or a SuccessFactors personIdExternal."
        )


def provision_on_demand(
    job: Any,
    request: OnDemandRequest,
    *,
    http: requests.Session,
    clock: Clock,
    rng: Randomness,
    cache: RunCache | None = None,
    links: Any = None,
    progress: Callable[[str], None] | None = None,
) -> ProvisioningResult:
    """Provision one user (or one group with up to five members) on demand and return the step report.

    ``cache`` lets repeated runs of one caller reuse the directory token and the enterprise app (the service
    keeps both between objects); without it the run reads everything itself. ``links`` (a
    ``harness.logs.links.LinkStore``) records each created or matched object, so a hard-deleted one can be deleted.
    ``progress`` is told of each retry as it waits ("…; retrying in 4 s (try 3 of 4)").
    """
    check_request(job, request)
    kind = "Group" if request.group else "User"
    ctx = RunContext(job, request, http, clock, rng, kind, shared=cache, links=links, progress=progress)
    return provision_group(ctx) if request.group else provision_user(ctx)
