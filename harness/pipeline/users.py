"""One user on demand: test connection, import, scope, match and action, in the portal's order (S1).

A failing step ends the run; test connection appears only when it failed. A hard-deleted source object skips
scope and match: the job's link names the target object to delete.
"""

from __future__ import annotations

from harness.pipeline.action import delete_at_target, perform_action
from harness.pipeline.context import RunContext, SourceObject
from harness.pipeline.entra_actions import match_after_soft_delete
from harness.pipeline.importer import import_user
from harness.pipeline.match import match_linked, match_object
from harness.pipeline.report import describe_subject, finish, start_result
from harness.pipeline.scope import determine_scope
from harness.result import ProvisioningResult, Step

__all__ = ["provision_source", "provision_user"]


def provision_user(ctx: RunContext) -> ProvisioningResult:
    """Run the five steps for one user and assemble the result."""
    result = start_result(ctx)
    steps = result.steps
    failed = None if ctx.connection_checked else ctx.target.test_connection()
    if failed is not None:
        return finish(ctx, result, [failed], "Failure", "Other")
    step, source = import_user(ctx)
    steps.append(step)
    if source is None:
        return finish(ctx, result, steps, "Failure", "Other")
    return provision_source(ctx, result, steps, source)


def provision_source(
    ctx: RunContext, result: ProvisioningResult, steps: list[Step], source: SourceObject
) -> ProvisioningResult:
    """Run scope, match and action for an imported object (on demand, and for each object of a cycle).

    In a cycle (``ctx.on_demand`` false) a linked object is read by its target id (``match_linked``).
    """
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
    if ctx.on_demand:
        remembered = match_after_soft_delete(ctx, source) if verdict.in_scope else None
        step, match = remembered or match_object(
            ctx, source.attributes, source.display, in_scope=verdict.in_scope
        )
    else:
        step, match = match_linked(ctx, source, in_scope=verdict.in_scope)
    steps.append(step)
    if match.error is not None:
        return finish(ctx, result, steps, "Failure", "Other")
    step, outcome = perform_action(ctx, source, verdict, match)
    steps.append(step)
    result.modified_properties = outcome.modified
    if outcome.target_id:
        result.target["id"] = outcome.target_id
    return finish(ctx, result, steps, outcome.result, outcome.action)
