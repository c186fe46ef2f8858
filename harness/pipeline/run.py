"""One on-demand run: the five steps in the portal's order, assembled into a ProvisioningResult (S1, S2).

Test connection → Import → Scope → Match → Action. A failing step ends the run; test connection appears only when
it failed. Requests refused before anything is sent (a sixth group member, an OAuth job that is running, S1 FAQ)
raise ``OnDemandRefused``.
"""

from __future__ import annotations

from typing import Any

import requests

from harness.clients import RunCache
from harness.pipeline.action import delete_at_target, perform_action
from harness.pipeline.connection import test_connection
from harness.pipeline.context import TARGET_SYSTEM, OnDemandRequest, RunContext, SourceObject
from harness.pipeline.errors import OnDemandRefused
from harness.pipeline.importer import import_user
from harness.pipeline.match import match_object
from harness.pipeline.scope import determine_scope
from harness.result import ProvisioningResult, Step
from idcore.clock import Clock, isoformat
from idcore.ids import Randomness

__all__ = ["MAX_GROUP_MEMBERS", "TARGET_USER_TYPE", "check_request", "provision_on_demand", "provision_user"]

#: S1: "updates up to 5 members at a time"; the API accepts a single group with at most 5 members.
MAX_GROUP_MEMBERS = 5
#: S2: the targetIdentity type of SCIM users in the provisionOnDemand response.
TARGET_USER_TYPE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def check_request(job: Any, request: OnDemandRequest) -> None:
    """Raise OnDemandRefused for what the portal refuses before sending anything."""
    if job.target.auth.type == "oauth" and job.state == "running":
        raise OnDemandRefused(
            "This application is authorized with OAuth: stop the provisioning job before using "
            "on-demand provisioning (S1 FAQ), then start it again afterwards."
        )
    if request.members and not request.group:
        raise OnDemandRefused("Members can only be chosen together with a group (--group).")
    if len(request.members) > MAX_GROUP_MEMBERS:
        raise OnDemandRefused(
            f"On-demand provisioning takes one group with at most {MAX_GROUP_MEMBERS} members; "
            f"{len(request.members)} were chosen."
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
) -> ProvisioningResult:
    """Provision one user (or one group with up to five members) on demand and return the step report.

    ``cache`` lets repeated runs of one caller reuse the directory token and the enterprise app (the service
    keeps both between objects); without it the run reads everything itself. ``links`` (a
    ``harness.links.LinkStore``) records each created or matched object, so a hard-deleted one can be deleted.
    """
    check_request(job, request)
    if request.group:
        from harness.pipeline.groups import provision_group

        return provision_group(RunContext(job, request, http, clock, rng, "Group", shared=cache, links=links))
    return provision_user(RunContext(job, request, http, clock, rng, "User", shared=cache, links=links))


def provision_user(ctx: RunContext) -> ProvisioningResult:
    """Run the five steps for one user and assemble the result."""
    result = start_result(ctx)
    steps = result.steps
    failed = None if ctx.connection_checked else test_connection(ctx)
    if failed is not None:
        return finish(ctx, result, [failed], "Failure", "Other")
    step, source = import_user(ctx)
    steps.append(step)
    if source is None:
        return finish(ctx, result, steps, "Failure", "Other")
    describe_subject(result, source)
    if source.hard_deleted:  # S6: nothing left to scope or match on; the job's link names the target object
        link_steps, outcome = delete_at_target(ctx, source)
        steps += link_steps
        result.modified_properties, result.target["id"] = outcome.modified, outcome.target_id
        return finish(ctx, result, steps, outcome.result, outcome.action)
    step, verdict = determine_scope(ctx, source)
    steps.append(step)
    if verdict.failed:
        return finish(ctx, result, steps, "Failure", "Other")
    step, match = match_object(ctx, source.attributes, source.display, in_scope=verdict.in_scope)
    steps.append(step)
    if match.error is not None:
        return finish(ctx, result, steps, "Failure", "Other")
    step, outcome = perform_action(ctx, source, verdict, match)
    steps.append(step)
    result.modified_properties = outcome.modified
    if outcome.target_id:
        result.target["id"] = outcome.target_id
    return finish(ctx, result, steps, outcome.result, outcome.action)


def start_result(ctx: RunContext) -> ProvisioningResult:
    """Return an empty result stamped with a change id and the start time."""
    job = ctx.job
    result = ProvisioningResult(
        subject={"type": ctx.object_type, "query": ctx.request.describe()},
        result="Success",
        action="Other",
        change_id=ctx.rng.uuid(),
        start_time=isoformat(ctx.clock.now()),
        job={
            "name": job.name,
            "source": job.source.type,
            "sourceSystem": ctx.source_system,
            "target": job.target.base_url,
            "flags": sorted(job.target.flags),
            "scope": job.scope,
            "state": job.state,
        },
        target={
            "id": None,
            "type": TARGET_USER_TYPE if ctx.object_type == "User" else "Group",
            "system": TARGET_SYSTEM,
            "name": ctx.app_name,
        },
    )
    return result


def describe_subject(result: ProvisioningResult, source: SourceObject) -> None:
    """Fill the subject with the imported object's identity."""
    attrs = source.attributes
    result.subject.update(
        {
            "id": source.id,
            "displayName": attrs.get("displayName") or source.display,
            "identifier": source.display,
        }
    )


def finish(
    ctx: RunContext, result: ProvisioningResult, steps: list[Step], status: str, action: str
) -> ProvisioningResult:
    """Stamp the end time, the verdict and the wire log."""
    result.steps = steps
    result.result = status  # type: ignore[assignment]
    result.action = action  # type: ignore[assignment]
    result.requests = list(ctx.log.records)
    result.end_time = isoformat(ctx.clock.now())
    return result
