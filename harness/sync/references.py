"""The cycle's reference pass: managers and group members, once both ends exist in the target (§6.1, §8).

Entra resolves reference attributes after the objects themselves: a user created before its manager gets the
manager in a second PATCH, and a group is created empty and then gets its members with ``PATCH … Add members``
by their target ids (S3). Only members that are in scope and linked are added (S5); members removed in the
directory are removed in the target with the job's dialect (value list, or a filtered path with the flag, S4).
Each reference export is logged as an Update of the user or group.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from harness.logs.links import job_key
from harness.pipeline import OnDemandRequest, wire
from harness.pipeline.context import RunContext, make_step
from harness.pipeline.errors import export_error
from harness.pipeline.report import finish, start_result
from harness.result import ModifiedProperty, ProvisioningResult

__all__ = ["MEMBERS_PER_PATCH", "link_manager", "link_members"]

#: How many members one PATCH adds or removes (a mock choice; no source gives Entra's batch size).
MEMBERS_PER_PATCH = 100


def link_manager(ctx: RunContext, user_id: str, manager_id: str) -> ProvisioningResult | None:
    """PATCH a user's manager once both are linked; None when an end is still missing (nothing to log)."""
    key = job_key(ctx.job)
    user, manager = ctx.links.get(key, "User", user_id), ctx.links.get(key, "User", manager_id)
    if user is None or manager is None:
        return None
    ctx.request = OnDemandRequest(user=user_id)
    result = _start(ctx, user_id, user.target_id)
    body = wire.manager_body(manager.target_id, ctx.dialect(), ctx.settings.manager_value_shape)
    reply = ctx.scim.patch("Users", user.target_id, body)
    result.modified_properties = [ModifiedProperty(wire.MANAGER_PATH, None, manager.target_id)]
    if not reply.ok:
        error = export_error(reply, "update the manager of", user_id, ctx.app_name, "User", ctx.target_system)
        step = make_step(ctx, "action", "Failure", error.message, {"manager": manager.target_id}, error)
        return finish(ctx, result, [step], "Failure", "Update")
    description = f"The manager of User '{user_id}' was linked in {ctx.target_system}"
    step = make_step(ctx, "action", "Success", description, {"manager": manager.target_id})
    return finish(ctx, result, [step], "Success", "Update")


def link_members(
    ctx: RunContext, group_id: str, added: Iterable[str], removed: Iterable[str], in_scope: set[str]
) -> ProvisioningResult | None:
    """Add the in-scope linked ``added`` members to a linked group and remove the linked ``removed`` ones."""
    key = job_key(ctx.job)
    group = ctx.links.get(key, "Group", group_id)
    if group is None:
        return None
    add = _targets(ctx, key, [m for m in added if m in in_scope])
    drop = _targets(ctx, key, list(removed))
    if not add and not drop:
        return None
    ctx.request = OnDemandRequest(group=group_id)
    result = _start(ctx, group_id, group.target_id)
    details: dict[str, Any] = {}
    bodies = [
        wire.members_add_body(chunk, ctx.dialect(), ref_null=ctx.settings.member_ref_null)
        for chunk in _chunks(add)
    ] + [wire.members_remove_body(chunk, ctx.dialect()) for chunk in _chunks(drop)]
    for body in bodies:
        reply = ctx.scim.patch("Groups", group.target_id, body)
        if not reply.ok:
            error = export_error(
                reply, "update the members of", group_id, ctx.app_name, "Group", ctx.target_system
            )
            step = make_step(ctx, "action", "Failure", error.message, details, error)
            return finish(ctx, result, [step], "Failure", "Update")
    if add:
        details["members added"] = add
        result.modified_properties.append(ModifiedProperty("members", None, add))
    if drop:
        details["members removed"] = drop
        result.modified_properties.append(ModifiedProperty("members", drop, None))
    description = f"The members of Group '{group_id}' were updated in {ctx.target_system}"
    return finish(
        ctx, result, [make_step(ctx, "action", "Success", description, details)], "Success", "Update"
    )


def _start(ctx: RunContext, source_id: str, target_id: str) -> ProvisioningResult:
    result = start_result(ctx)
    result.subject.update({"id": source_id, "identifier": source_id})
    result.target["id"] = target_id
    return result


def _targets(ctx: RunContext, key: str, source_ids: list[str]) -> list[str]:
    found = []
    for source_id in source_ids:
        link = ctx.links.get(key, "User", source_id)
        if link is not None:
            found.append(link.target_id)
    return found


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + MEMBERS_PER_PATCH] for i in range(0, len(ids), MEMBERS_PER_PATCH)]
