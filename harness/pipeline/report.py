"""The ProvisioningResult of one on-demand run: started with a change id, the subject filled in, then finished.

Shared by the user run (``harness.pipeline.users``) and the group run (``harness.pipeline.groups``).
"""

from __future__ import annotations

from harness.pipeline.context import RunContext, SourceObject
from harness.result import ProvisioningResult, Step
from idcore.clock import isoformat

__all__ = ["TARGET_USER_TYPE", "describe_subject", "finish", "start_result"]

#: S2: the targetIdentity type of SCIM users in the provisionOnDemand response.
TARGET_USER_TYPE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


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
            "type": _target_type(ctx),
            "system": ctx.target_system,  # "customappsso", or "Azure Active Directory" for an Entra ID target
            "name": ctx.app_name,
        },
    )
    return result


def _target_type(ctx: RunContext) -> str:
    """Return targetIdentity.type: SCIM's enterprise User (S2), or a Graph "User" in an Entra ID target."""
    if ctx.object_type != "User":
        return "Group"
    return "User" if ctx.job.target.type == "entra" else TARGET_USER_TYPE


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
