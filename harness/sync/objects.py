"""One object of a cycle, through the on-demand pipeline's own steps (harness.pipeline), never a second copy.

A user read from ``/users/delta`` is already imported: its attributes, its manager (``manager@delta``) and its
assignments (the cycle read the app's assignments) make the source object (``entra_source``), the Import step
says so (``imported_step``), then Scope, Match and Action run as on demand (``provision_source``), except that a
linked object is read by its target id. An object the cycle must look at again by id (its assignment changed,
it was removed from the directory, it is in escrow) runs the on-demand import by object id (``provision_user``):
soft-deleted objects come from the recycle bin, hard-deleted ones are deleted through their link.

Groups: created empty or updated (``upsert_group``); their members are added in the cycle's reference pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.pipeline import OnDemandRequest
from harness.pipeline.action import delete_at_target
from harness.pipeline.context import RunContext, SourceObject, make_step
from harness.pipeline.groups import group_source, upsert_group
from harness.pipeline.importer import entra_source, imported_step
from harness.pipeline.match import match_linked
from harness.pipeline.report import describe_subject, finish, start_result
from harness.pipeline.scope import determine_scope
from harness.pipeline.users import provision_source, provision_user
from harness.result import ProvisioningResult

__all__ = ["GroupOutcome", "sync_group", "sync_user", "sync_user_by_id"]


def sync_user(
    ctx: RunContext, item: dict[str, Any], assignments: list[dict[str, Any]] | None
) -> ProvisioningResult:
    """Provision one user of a delta page; ``assignments`` are its assignments to the app (None: unassigned)."""
    if "@removed" in item:
        return sync_user_by_id(ctx, str(item["id"]))
    ctx.request = OnDemandRequest(user=str(item.get("id")))
    result = start_result(ctx)
    managers = item.get("manager@delta") or []
    manager = {"objectId": str(managers[0]["id"])} if managers and managers[0].get("id") else None
    user = {k: v for k, v in item.items() if "@" not in k}
    source = entra_source(ctx, user, manager, assignments or [], complete=True)
    step, found = imported_step(ctx, source)
    result.steps.append(step)
    if found is None:
        describe_subject(result, source)
        return finish(ctx, result, result.steps, "Failure", "Other")
    return provision_source(ctx, result, result.steps, found)


def sync_user_by_id(ctx: RunContext, user_id: str) -> ProvisioningResult:
    """Provision one user read again by object id (the on-demand import, recycle bin and hard delete included)."""
    ctx.request = OnDemandRequest(user=user_id)
    return provision_user(ctx)


@dataclass
class GroupOutcome:
    """A group's result, and whether it was in scope (its members are then linked by the reference pass)."""

    result: ProvisioningResult
    in_scope: bool


def sync_group(
    ctx: RunContext, item: dict[str, Any], assignments: list[dict[str, Any]] | None
) -> GroupOutcome:
    """Provision one group of a delta page: create it empty or update it; a removed group is deleted if linked."""
    ctx.request = OnDemandRequest(group=str(item.get("id")))
    result = start_result(ctx)
    if "@removed" in item:
        return GroupOutcome(_removed_group(ctx, result, item), False)
    source = group_source(ctx, {k: v for k, v in item.items() if "@" not in k}, [], assignments or [])
    describe_subject(result, source)
    step, found = imported_step(ctx, source)
    result.steps.append(step)
    if found is None:
        return GroupOutcome(finish(ctx, result, result.steps, "Failure", "Other"), False)
    step, verdict = determine_scope(ctx, source)
    result.steps.append(step)
    if verdict.failed or not verdict.in_scope:
        status, action = ("Failure", "Other") if verdict.failed else ("Skipped", "Skip")
        return GroupOutcome(finish(ctx, result, result.steps, status, action), False)
    step, match = match_linked(ctx, source)
    result.steps.append(step)
    if match.error is not None:
        return GroupOutcome(finish(ctx, result, result.steps, "Failure", "Other"), True)
    failed, target, modified, action = upsert_group(ctx, source, match)
    if failed is not None:
        result.steps.append(failed)
        return GroupOutcome(finish(ctx, result, result.steps, "Failure", action), True)
    result.target["id"], result.modified_properties = target.get("id"), modified
    verb = "created" if action == "Create" else "updated"
    if not modified:
        description = f"Group '{source.display}' already matches in {ctx.target_system}"
        step = make_step(ctx, "action", "Skipped", description, {"SkipReason": "RedundantExport"})
        result.steps.append(step)
        return GroupOutcome(finish(ctx, result, result.steps, "Skipped", "Skip"), True)
    details = {p.name: p.new_value for p in modified}
    description = f"Group '{source.display}' was {verb} in {ctx.target_system}"
    result.steps.append(make_step(ctx, "action", "Success", description, details))
    return GroupOutcome(finish(ctx, result, result.steps, "Success", action), True)


def _removed_group(ctx: RunContext, result: ProvisioningResult, item: dict[str, Any]) -> ProvisioningResult:
    """Delete a group removed from the directory through its link (S6); a soft-deleted one is left alone."""
    group_id = str(item["id"])
    source = SourceObject(id=group_id, display=group_id, attributes={"objectId": group_id}, active=False)
    describe_subject(result, source)
    reason = (item.get("@removed") or {}).get("reason")
    details = {"objectId": group_id, "Removed": reason}
    description = f"Group '{group_id}' was removed from the directory ({reason})"
    result.steps.append(make_step(ctx, "import", "Success", description, details))
    if reason != "deleted":
        text = "A soft-deleted group is left in the target until it is deleted for good (mock choice)."
        result.steps.append(make_step(ctx, "action", "Skipped", text, {"SkipReason": "Other"}))
        return finish(ctx, result, result.steps, "Skipped", "Skip")
    source.hard_deleted = True
    steps, outcome = delete_at_target(ctx, source)
    result.steps += steps
    result.target["id"] = outcome.target_id
    return finish(ctx, result, result.steps, outcome.result, outcome.action)
