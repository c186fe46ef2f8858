"""Group on demand: one group and up to five of its members (entra-behavior.md §1.3, §2.6; issue #5).

The group is looked up with ``GET /Groups?excludedAttributes=members&filter=displayName eq "…"`` and, when new,
created EMPTY (S3); each chosen member is first provisioned as a user run of its own, and the members that are
in scope and exist in the target are then added by one ``PATCH … Add members`` with their target ids. Members out
of scope are not added (S5). The group's own result carries the member runs in ``members``.
"""

from __future__ import annotations

from typing import Any

from harness.clients import GraphError
from harness.clients.retry import entra_error_code
from harness.clients.search import search_people
from harness.pipeline import wire
from harness.pipeline.action import _post_once, remember_link
from harness.pipeline.connection import test_connection
from harness.pipeline.context import RunContext, SourceObject, make_step
from harness.pipeline.diff import diff
from harness.pipeline.errors import REDUNDANT_EXPORT, export_error, step_error
from harness.pipeline.mapping import MappingError, evaluate_mappings
from harness.pipeline.match import MatchOutcome, match_object
from harness.pipeline.report import describe_subject, finish, start_result
from harness.pipeline.scope import determine_scope
from harness.pipeline.users import provision_user
from harness.result import ModifiedProperty, ProvisioningResult, Step

__all__ = ["group_source", "provision_group", "upsert_group"]


def provision_group(ctx: RunContext) -> ProvisioningResult:
    """Run the steps for the group, provision its chosen members, then add the in-scope ones."""
    result = start_result(ctx)
    failed = test_connection(ctx)
    if failed is not None:
        return finish(ctx, result, [failed], "Failure", "Other")
    step, source, member_ids = _import_group(ctx)
    steps = [step]
    if source is None:
        return finish(ctx, result, steps, "Failure", "Other")
    describe_subject(result, source)
    step, verdict = determine_scope(ctx, source)
    steps.append(step)
    if verdict.failed or not verdict.in_scope:
        return finish(
            ctx,
            result,
            steps,
            "Failure" if verdict.failed else "Skipped",
            "Other" if verdict.failed else "Skip",
        )
    result.members = [provision_user(ctx.for_member(member_id)) for member_id in member_ids]
    step, match = match_object(ctx, source.attributes, source.display)
    steps.append(step)
    if match.error is not None:
        return finish(ctx, result, steps, "Failure", "Other")
    step, status, action = _group_action(ctx, source, match, result)
    steps.append(step)
    return finish(ctx, result, steps, status, action)


def _import_group(ctx: RunContext) -> tuple[Step, SourceObject | None, list[str]]:
    """Read the requested group and its chosen direct members from the source; fail the import if either is missing."""
    name = (ctx.request.group or "").strip()
    try:
        group = ctx.graph.find_group(name)
        members = _direct_members(ctx, group["id"]) if group else []
    except GraphError as exc:
        error = step_error(entra_error_code(exc.reply), f"Reading the group failed: {exc}")
        return make_step(ctx, "import", "Failure", str(exc), {}, error), None, []
    if group is None:
        return _not_found(ctx, f"No group '{name}' exists in {ctx.source_system}.")
    users = [m for m in members if str(m.get("@odata.type", "user")).endswith("user")]
    chosen, problems = _choose(users, ctx.request.members)
    if problems:
        return _not_found(ctx, f"In the group '{group.get('displayName')}': {'; '.join(problems)}.")
    source = group_source(ctx, group, chosen, _group_assignments(ctx, group["id"]))
    details = {k: v for k, v in source.attributes.items() if k != "members"}
    details["Members chosen"] = len(chosen)
    description = f"Retrieved Group '{source.display}' from {ctx.source_system}"
    return make_step(ctx, "import", "Success", description, details), source, chosen


def _not_found(ctx: RunContext, message: str) -> tuple[Step, None, list[str]]:
    """Return a failed import explained by ``message`` (EntryNotFound)."""
    return make_step(ctx, "import", "Failure", message, {}, step_error("EntryNotFound", message)), None, []


def group_source(
    ctx: RunContext, group: dict[str, Any], members: list[str], assignments: list[dict[str, Any]]
) -> SourceObject:
    """Return the group as a source object: its non-empty attributes, objectId, members, assignments."""
    attributes = {
        k: v
        for k, v in group.items()
        if not k.startswith("@odata") and "@" not in k and v not in (None, "", [])
    }
    attributes["objectId"] = group["id"]
    attributes["members"] = members
    return SourceObject(
        id=str(group["id"]),
        display=str(group.get("displayName")),
        attributes=attributes,
        active=True,
        assignments=assignments,
        assignments_complete=True,
    )


def _group_assignments(ctx: RunContext, group_id: str) -> list[dict[str, Any]]:
    """Return the group's assignments to this job's app; none are read unless the scope is "assigned"."""
    if ctx.job.scope != "assigned":
        return []
    sp = ctx.service_principal()
    return [
        a
        for a in ctx.graph.assignments(group_id, "groups")
        if sp is None or a.get("resourceId") == sp.get("id")
    ]


def _direct_members(ctx: RunContext, group_id: str) -> list[dict[str, Any]]:
    """Return every direct member of the group, following Graph's pages (a page holds 100 by default)."""
    return ctx.graph.group_members(group_id)


def _choose(members: list[dict[str, Any]], wanted: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Resolve each chosen member among the group's direct members, searched as the portal searches users.

    Return the chosen ids and the problems: a text no member matches, or one that matches several (with the
    candidates, so the person can name one).
    """
    chosen: list[str] = []
    problems: list[str] = []
    for text in wanted:
        hits = search_people(members, text)
        if not hits:
            problems.append(f"'{text}' is not a direct member")
        elif len(hits) > 1:
            names = ", ".join(
                sorted(str(m.get("userPrincipalName") or m.get("displayName")) for m in hits)[:10]
            )
            problems.append(
                f"'{text}' matches several members ({names}); name one by its user principal name"
            )
        elif str(hits[0]["id"]) not in chosen:
            chosen.append(str(hits[0]["id"]))
    return chosen, problems


def _group_action(
    ctx: RunContext, source: SourceObject, match: MatchOutcome, result: ProvisioningResult
) -> tuple[Step, str, str]:
    failed, target, modified, action = upsert_group(ctx, source, match)
    if failed is not None:
        return failed, "Failure", action
    result.target["id"] = target.get("id")
    return _add_members(ctx, source, target, result, modified, action)


def upsert_group(
    ctx: RunContext, source: SourceObject, match: MatchOutcome
) -> tuple[Step | None, dict[str, Any], list[ModifiedProperty], str]:
    """Create the group EMPTY (S3) or PATCH what differs, and link it; members are added apart.

    Return the failed action step (or None), the target group, the modified properties and the action.
    """
    try:
        mapped = evaluate_mappings(
            ctx.mapping,
            source.attributes,
            ctx.eval_context(),
            creating=match.target is None,
            object_type="Group",
            settings=ctx.settings,
            on_demand=ctx.on_demand,
        )
    except MappingError as exc:
        error = step_error("ExpressionEvaluationError", f"The mapping to {exc.target} failed: {exc.reason}")
        return make_step(ctx, "action", "Failure", error.message, {}, error), {}, [], "Other"
    target, action = match.target, "Update"
    modified: list[ModifiedProperty] = []
    if target is None:
        action = "Create"
        reply, target, _ = _post_once(ctx, source, mapped)
        modified = [ModifiedProperty(k, None, v) for k, v in mapped.values.items()]
        if target is None:
            return _export_failed(ctx, source, reply, "create", modified), {}, modified, action
    else:
        changes = diff(mapped, target, settings=ctx.settings)
        if changes:
            body = wire.patch_body(changes, ctx.dialect(), "Group")
            reply = ctx.scim.patch("Groups", str(target["id"]), body)
            modified = [ModifiedProperty(c.path, c.old, c.new) for c in changes]
            if not reply.ok:
                return _export_failed(ctx, source, reply, "update", modified), target, modified, action
    remember_link(ctx, source, target.get("id"))
    return None, target, modified, action


def _export_failed(
    ctx: RunContext, source: SourceObject, reply: Any, verb: str, modified: list[ModifiedProperty]
) -> Step:
    error = export_error(reply, verb, source.display, ctx.app_name, ctx.object_type, ctx.target_system)
    return make_step(ctx, "action", "Failure", error.message, _details(modified), error)


def _add_members(
    ctx: RunContext,
    source: SourceObject,
    target: dict[str, Any],
    result: ProvisioningResult,
    modified: list[ModifiedProperty],
    action: str,
) -> tuple[Step, str, str]:
    ids = [
        str(m.target["id"])
        for m in result.members
        if m.result in ("Success", "Skipped", "Warning") and m.target.get("id") and _in_scope(m)
    ]
    skipped = [
        m.subject.get("identifier") or m.subject.get("query") for m in result.members if not _in_scope(m)
    ]
    details = _details(modified)
    if skipped:
        details["Members not added (out of scope or failed)"] = skipped
    if ids:
        reply = ctx.scim.patch(
            "Groups",
            str(target["id"]),
            wire.members_add_body(ids, ctx.dialect(), ref_null=ctx.settings.member_ref_null),
        )
        modified.append(ModifiedProperty("members", None, ids))
        details["members"] = ids
        if not reply.ok:
            error = export_error(
                reply, "add members to", source.display, ctx.app_name, ctx.object_type, ctx.target_system
            )
            return make_step(ctx, "action", "Failure", error.message, details, error), "Failure", action
    result.modified_properties = modified
    if not modified:
        details["SkipReason"] = REDUNDANT_EXPORT
        return (
            make_step(
                ctx, "action", "Skipped", "The group already matches and no member was added.", details
            ),
            "Skipped",
            "Skip",
        )
    verb = "created" if action == "Create" else "updated"
    description = f"Group '{source.display}' was {verb} in {ctx.target_system}" + (
        f" and {len(ids)} member(s) were added" if ids else ""
    )
    return make_step(ctx, "action", "Success", description, details), "Success", action


def _in_scope(member: ProvisioningResult) -> bool:
    scope = member.step("scope")
    return scope is not None and scope.status == "Success" and member.result != "Failure"


def _details(modified: list[ModifiedProperty]) -> dict[str, Any]:
    return {p.name: p.new_value for p in modified}
