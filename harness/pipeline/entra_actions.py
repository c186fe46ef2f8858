"""Actions in an Entra ID target that a SCIM app has no counterpart for: soft delete and restore (cross-tenant).

Kept beside ``harness.pipeline.action``, which calls them for ``target.type: entra`` jobs (and hands the restore its
update step, so this module never imports the action module).
"""

from __future__ import annotations

from collections.abc import Callable

from harness.jobs.defaults import CTS_MATCHING_ATTRIBUTE
from harness.logs.links import job_key
from harness.pipeline.context import RunContext, SourceObject, make_step
from harness.pipeline.errors import NOT_EFFECTIVELY_ENTITLED
from harness.pipeline.match import MatchOutcome
from harness.pipeline.outcome import ActionOutcome
from harness.pipeline.outcome import entitlement_details as _entitlement_details
from harness.pipeline.outcome import export_failure as _export_error
from harness.pipeline.outcome import failed_step as _failed
from harness.pipeline.outcome import modified_details as _modified_details
from harness.pipeline.scope import ScopeVerdict
from harness.result import ModifiedProperty, Step
from idcore.clock import isoformat

__all__ = ["deprovision_in_entra", "match_after_soft_delete", "restore_soft_deleted"]


def deprovision_in_entra(
    ctx: RunContext, source: SourceObject, scope: ScopeVerdict, target_id: str | None
) -> tuple[Step, ActionOutcome]:
    """Deprovision in an Entra ID target: cross-tenant soft-deletes the B2B user, others block sign-in.

    "What is cross-tenant synchronization?": a user deleted, unassigned or out of scope in the source is soft
    deleted in the target; SkipOutOfScopeDeletions has no effect on cross-tenant synchronization (Microsoft Learn
    "Skip deletion of user accounts that go out of scope").
    """
    noun = ctx.object_type.lower()
    skip = None
    if target_id is None:
        skip = f"The {noun} is not in scope and does not exist in the target: nothing to do."
    elif not ctx.job.cross_tenant and ctx.job.skip_out_of_scope_deletions:
        skip = "SkipOutOfScopeDeletions is set: users that leave scope are not disabled (Microsoft Learn “Skip deletion of user accounts that go out of scope”)."
    if skip is not None:
        details = {"SkipReason": NOT_EFFECTIVELY_ENTITLED, **_entitlement_details(scope)}
        description = scope.decision.description.strip() if scope.decision else skip
        step = make_step(
            ctx, "action", "Skipped", description, {**details, "Note": skip} if target_id else details
        )
        return step, ActionOutcome("Skipped", "Skip", [], target_id)
    reply, action, change = ctx.target.deprovision(target_id or "")
    modified = [ModifiedProperty(name, None, value) for name, value in change.items()]
    if not reply.ok:
        error = _export_error(ctx, reply, action.lower(), source)
        return _failed(ctx, action, error, modified, reply), ActionOutcome(
            "Failure", action, modified, target_id
        )
    if action == "Delete" and ctx.links is not None:
        key = job_key(ctx.job)
        ctx.links.mark_soft_deleted(key, ctx.object_type, source.id, str(target_id), ctx.clock.now())
        ctx.links.forget(key, ctx.object_type, source.id)
    done = "soft deleted" if action == "Delete" else "disabled (sign-in blocked)"
    description = (
        f"User '{source.display}' was {done} in {ctx.target_system} (it is no longer in provisioning scope)"
    )
    step = make_step(ctx, "action", "Success", description, _modified_details(modified))
    return step, ActionOutcome("Success", action, modified, target_id)


def restore_soft_deleted(
    ctx: RunContext, source: SourceObject, update: Callable[..., tuple[Step, ActionOutcome]]
) -> tuple[Step, ActionOutcome] | None:
    """Restore the user's soft-deleted B2B user instead of creating one, when the job's setting says so.

    On demand this is off by default: restoring a soft-deleted target user "isn't supported" and a soft delete on
    demand followed by a restore "can result in duplicate users" (Microsoft Learn "Configure cross-tenant
    synchronization", troubleshooting). With ``restore_soft_deleted`` the run does what the service's cycles do
    within 30 days ("What is cross-tenant synchronization?"): restore, then update.
    """
    if not (ctx.job.cross_tenant and ctx.settings.restore_soft_deleted):
        return None
    deleted = ctx.target.deleted_match(source)
    if deleted is None:
        return None
    reply = ctx.target.restore(str(deleted["id"]))
    if not reply.ok:
        error = _export_error(ctx, reply, "restore", source)
        return _failed(ctx, "Update", error, [], reply), ActionOutcome("Failure", "Update", [])
    again = ctx.target.query("Users", CTS_MATCHING_ATTRIBUTE, source.id)
    found = ctx.target.found(again)
    step, outcome = update(ctx, source, found[0] if len(found) == 1 else {"id": deleted["id"]})
    step.description = (
        f"User '{source.display}' was restored from the recycle bin of {ctx.target_system}. "
        + (step.description)
    )
    step.details["Restored target id"] = str(deleted["id"])
    if outcome.action == "Skip":
        outcome = ActionOutcome("Success", "Update", outcome.modified, outcome.target_id)
        step.status = "Success"  # type: ignore[assignment]
    return step, outcome


def match_after_soft_delete(ctx: RunContext, source: SourceObject) -> tuple[Step, MatchOutcome] | None:
    """Run Match for a user whose target user this job soft-deleted: the service does not look again.

    Its connector data store holds the deletion, so it exports a new user; once someone restores the old one the
    target tenant holds two (Microsoft Learn "Configure cross-tenant synchronization", troubleshooting: "If you
    try to soft delete a user with on-demand provisioning and then restore the user, it can result in duplicate
    users"). With ``restore_soft_deleted`` the run matches as usual and restores instead.
    """
    if not ctx.job.cross_tenant or ctx.links is None or ctx.settings.restore_soft_deleted:
        return None
    deleted = ctx.links.soft_deleted(job_key(ctx.job), ctx.object_type, source.id)
    if deleted is None:
        return None
    message = (
        f"This job soft deleted the user '{deleted.target_id}' linked to '{source.display}' in "
        f"{ctx.target_system}; restoring a soft-deleted user is not supported on demand, so a new user will be "
        "created (a duplicate if the old one was restored meanwhile)."
    )
    details = {"Soft-deleted target id": deleted.target_id, "Soft deleted": isoformat(deleted.last_seen)}
    return make_step(ctx, "match", "Success", message, details), MatchOutcome()
