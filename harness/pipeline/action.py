"""Step 5, Perform action: create, update, disable, delete or skip (entra-behavior.md §1.2, §2.4, §5.3).

- Create: POST the mapped non-null attributes, then a second PATCH for the manager once the manager exists in
  the target (S6: reference attributes are a second round trip). A POST that timed out or lost its connection is
  re-matched before it is sent again, so nothing is created twice (Settings.rematch_before_resend, scenario 29).
- Update: one PATCH with only the attributes that differ (S3); nothing differs → Skip, RedundantExport (S2).
- Disable: an object that left scope is disabled by PATCH ``active`` (S6; the string "False" in the default
  dialect, S4), unless SkipOutOfScopeDeletions (S19) or the Update action is off.
- Delete: only for an object hard-deleted at the source with the Delete action on (S6): ``DELETE /Users/{id}``
  to the target id the job linked it to (``harness.logs.links``, written here on every create and match); 404 is
  InvalidAnchor (§3.4). Without the Delete action, or without a link, the run is skipped and says why.
View details lists the attributes modified, or those attempted when the export failed, with the HTTP status and
Entra's error code (§3.4).
"""

from __future__ import annotations

from typing import Any

from harness.clients import Reply
from harness.logs.links import job_key
from harness.pipeline.context import RunContext, SourceObject, make_step
from harness.pipeline.diff import Change, diff, read_path
from harness.pipeline.entra_actions import deprovision_in_entra, restore_soft_deleted
from harness.pipeline.errors import (
    NOT_EFFECTIVELY_ENTITLED,
    REDUNDANT_EXPORT,
    redundant_export_text,
    step_error,
)
from harness.pipeline.mapping import MappedObject, MappingError, evaluate_mappings
from harness.pipeline.match import MatchOutcome, find_in_target, match_by_link
from harness.pipeline.outcome import ActionOutcome
from harness.pipeline.outcome import entitlement_details as _entitlement_details
from harness.pipeline.outcome import export_failure as _export_error
from harness.pipeline.outcome import failed_step as _failed
from harness.pipeline.outcome import modified_details as _modified_details
from harness.pipeline.references import resolve_manager
from harness.pipeline.scope import ScopeVerdict
from harness.result import ModifiedProperty, Step, StepError

__all__ = ["ROLES_NOTE", "ActionOutcome", "delete_at_target", "perform_action", "remember_link"]

ROLES_NOTE = "App roles are not provisioned on demand (Microsoft Learn “On-demand provisioning”, known limitation); the role mappings were skipped."


def perform_action(
    ctx: RunContext, source: SourceObject, scope: ScopeVerdict, match: MatchOutcome
) -> tuple[Step, ActionOutcome]:
    """Decide and perform the action for a user that was imported, scoped and matched; link what it found."""
    step, outcome = _decide(ctx, source, scope, match)
    if outcome.action != "Delete":  # a soft-deleted B2B user is no longer linked (cross-tenant)
        remember_link(ctx, source, outcome.target_id)
    return step, outcome


def remember_link(ctx: RunContext, source: SourceObject, target_id: Any) -> None:
    """Link the source object to the target object it was created as or matched to (§6.1: ids are cached)."""
    if ctx.links is not None and target_id:
        ctx.links.record(job_key(ctx.job), ctx.object_type, source.id, str(target_id), ctx.clock.now())
        if ctx.job.cross_tenant:
            ctx.links.clear_soft_deleted(job_key(ctx.job), ctx.object_type, source.id)


def delete_at_target(ctx: RunContext, source: SourceObject) -> tuple[list[Step], ActionOutcome]:
    """Run Match (by link) and Action for an object hard-deleted at the source (S6; §2.4 Delete)."""
    match_step, match = match_by_link(ctx, source)
    target_id = str(match.target["id"]) if match.target else None
    noun = ctx.object_type.lower()
    if target_id is None:
        step, outcome = _skip(
            ctx,
            f"The {noun} was permanently deleted at the source and no {noun} in "
            f"{ctx.target_system} is linked to it: there is nothing to delete.",
            "Other",
        )
    elif "delete" not in ctx.mapping.actions:
        step, outcome = _skip(
            ctx,
            f"The {noun} was permanently deleted at the source, but the Delete target "
            f"object action is off: the linked {noun} '{target_id}' is left in "
            f"{ctx.target_system}.",
            "Other",
            target_id=target_id,
        )
    elif _staged(ctx, source, "Delete", target_id):
        step, outcome = _staged_step(ctx, source, "Delete", target_id)
    else:
        step, outcome = _delete(ctx, source, target_id)
    return [match_step, step], outcome


def _staged(ctx: RunContext, source: SourceObject, action: str, target_id: str | None) -> bool:
    """Return True when the cycle holds this disable or delete for its accidental-deletions check (§5.3)."""
    return ctx.stage_deprovision is not None and ctx.stage_deprovision(source, action, target_id)


def _staged_step(
    ctx: RunContext, source: SourceObject, action: str, target_id: str | None
) -> tuple[Step, ActionOutcome]:
    """Return the step of a held disable or delete: StagedDelete until the cycle's deletions are counted."""
    description = (
        f"The {action.lower()} of {ctx.object_type.lower()} '{source.display}' is staged: the cycle counts its "
        "disables and deletes against the accidental deletions threshold before sending any."
    )
    step = make_step(ctx, "action", "Skipped", description, {"SkipReason": "StagedDelete", "Action": action})
    return step, ActionOutcome("Skipped", "StagedDelete", [], target_id)


def _decide(
    ctx: RunContext, source: SourceObject, scope: ScopeVerdict, match: MatchOutcome
) -> tuple[Step, ActionOutcome]:
    actions = ctx.mapping.actions
    target = match.target
    if not scope.in_scope:
        return _out_of_scope(ctx, source, scope, target)
    if target is None:
        if "create" not in actions:
            return _skip(ctx, "The Create target object action is off: the user is not created.", "Other")
        return _create(ctx, source)
    if "update" not in actions:
        return _skip(
            ctx,
            "The Update target object action is off: the user is not updated.",
            "Other",
            target_id=target.get("id"),
        )
    return _update(ctx, source, target)


def _attributes(source: SourceObject, *, soft_deleted: bool) -> dict[str, Any]:
    attributes = dict(source.attributes)
    if "IsSoftDeleted" in attributes or soft_deleted:
        attributes["IsSoftDeleted"] = soft_deleted  # S9: computed — true when unassigned or out of scope
    return attributes


def _mapped(ctx: RunContext, source: SourceObject, creating: bool) -> MappedObject:
    return evaluate_mappings(
        ctx.mapping,
        _attributes(source, soft_deleted=False),
        ctx.eval_context(),
        creating=creating,
        object_type=ctx.object_type,
        settings=ctx.settings,
        on_demand=ctx.on_demand,
    )


def _create(ctx: RunContext, source: SourceObject) -> tuple[Step, ActionOutcome]:
    try:
        mapped = _mapped(ctx, source, creating=True)
    except MappingError as exc:
        return _mapping_failure(ctx, exc, "Create")
    restored = restore_soft_deleted(ctx, source, _update)
    if restored is not None:
        return restored
    reply, target, resent = _post_once(ctx, source, mapped)
    modified = [ModifiedProperty(k, None, v) for k, v in mapped.values.items()]
    note = None
    if resent:  # the first POST may have landed after all: look again before reporting anything
        again = _rematch_outcome(ctx, source)
        if again.duplicates:
            return _duplicated(ctx, source, again, modified, reply)
        if target is None and reply.status == 409 and again.target is not None:
            target, note = again.target, _FIRST_CREATE_LANDED
    if target is None:
        error = _export_error(ctx, reply, "create", source)
        return _failed(ctx, "Create", error, modified, reply), ActionOutcome("Failure", "Create", modified)
    target_id = str(target.get("id") or "")
    modified += [ModifiedProperty(k, None, v) for k, v in ctx.target.added.items()]
    details = _modified_details(modified)
    if note:
        details["Note"] = note
    result, warning = "Success", None
    if mapped.references and target_id:
        warning = _link_manager(ctx, source, mapped, target, modified, details)
        result = "Warning" if warning else "Success"
    _note_roles(mapped, details)
    step = make_step(
        ctx, "action", result, f"User '{source.display}' was created in {ctx.target_system}", details, warning
    )
    return step, ActionOutcome(result, "Create", modified, target_id)


def _post_once(
    ctx: RunContext, source: SourceObject, mapped: MappedObject
) -> tuple[Reply, dict[str, Any] | None, bool]:
    """POST, and after a time-out or a dropped connection re-match before sending again (scenario 29).

    Return the last answer, the created (or re-matched) object, and whether the POST was sent more than once.
    """
    resource = "Groups" if ctx.object_type == "Group" else "Users"
    policy = ctx.retry_policy()
    attempt = 0
    while True:
        reply = ctx.target.create(resource, mapped, source)
        attempt += 1
        if reply.ok:
            created = reply.body if isinstance(reply.body, dict) else {}
            if not created.get("id"):  # a target that does not echo the id (no-id-on-create): find it
                created = _rematch(ctx, source) or created
            return reply, created, attempt > 1
        if not (reply.timed_out or reply.dropped):
            return reply, None, attempt > 1
        if getattr(ctx.settings, "rematch_before_resend", True):
            found = _rematch(ctx, source)
            if found is not None:
                return reply, found, attempt > 1
        delay = policy.delay(reply, attempt)
        if delay is None:
            return reply, None, attempt > 1
        ctx.clock.sleep(delay)


def _rematch(ctx: RunContext, source: SourceObject) -> dict[str, Any] | None:
    return _rematch_outcome(ctx, source).target


def _rematch_outcome(ctx: RunContext, source: SourceObject) -> MatchOutcome:
    from harness.pipeline.match import matching_values

    resource = "Groups" if ctx.object_type == "Group" else "Users"
    return find_in_target(ctx, matching_values(ctx, source.attributes), resource)


_FIRST_CREATE_LANDED = (
    "The first create timed out but had been stored: the create sent again was refused as a conflict (409), "
    "and the object found is the first one."
)


def _duplicated(
    ctx: RunContext, source: SourceObject, again: MatchOutcome, modified: list[ModifiedProperty], reply: Reply
) -> tuple[Step, ActionOutcome]:
    """Fail a create whose re-sent POST left several matching objects in the target (§3.4 DuplicateTargetEntries)."""
    noun = ctx.object_type.lower()
    message = (
        f"{len(again.duplicates)} {noun}s in the target system match '{source.display}' on "
        f"{again.matched_by}; the match must be unique. The create was sent again after the first attempt "
        f"timed out or lost its connection, and {ctx.target_system} had stored the first one too."
    )
    error = step_error("DuplicateTargetEntries", message, "duplicate")
    step = _failed(ctx, "Create", error, modified, reply)
    step.details["Duplicates"] = [str(found.get("id")) for found in again.duplicates]
    return step, ActionOutcome("Failure", "Create", modified)


def _link_manager(
    ctx: RunContext,
    source: SourceObject,
    mapped: MappedObject,
    target: dict[str, Any],
    modified: list[ModifiedProperty],
    details: dict[str, Any],
) -> StepError | None:
    """Send the second PATCH that links the manager, when the manager exists in the target (S6)."""
    for path in mapped.references:
        manager_id, note = resolve_manager(ctx, source)
        if manager_id is None:
            details["Manager"] = note
            continue
        old = _reference_value(read_path(target, path))
        if old == manager_id:
            continue
        reply = ctx.target.link_manager(str(target["id"]), manager_id, replace=old is not None)
        modified.append(ModifiedProperty(path, old, manager_id))
        details[path] = manager_id
        if not reply.ok:
            return _export_error(ctx, reply, "update the manager of", source)
    return None


def _reference_value(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("value")
    return None if value in (None, "") else str(value)


def _update(ctx: RunContext, source: SourceObject, target: dict[str, Any]) -> tuple[Step, ActionOutcome]:
    try:
        mapped = _mapped(ctx, source, creating=False)
    except MappingError as exc:
        return _mapping_failure(ctx, exc, "Update")
    target_id = str(target.get("id") or "")
    changes = diff(mapped, target, settings=ctx.settings)
    changes += _manager_change(ctx, source, mapped, target)
    if not changes:
        details: dict[str, Any] = {"SkipReason": REDUNDANT_EXPORT}
        _note_roles(mapped, details)
        step = make_step(
            ctx, "action", "Skipped", redundant_export_text(ctx.object_type, source.display), details
        )
        return step, ActionOutcome("Skipped", "Skip", [], target_id)
    modified = [ModifiedProperty(c.path, c.old, c.new) for c in changes]
    reply = ctx.target.update("Users", target_id, changes)
    if not reply.ok:
        error = _export_error(ctx, reply, "update", source)
        return _failed(ctx, "Update", error, modified, reply), ActionOutcome(
            "Failure", "Update", modified, target_id
        )
    details = _modified_details(modified)
    _note_roles(mapped, details)
    step = make_step(
        ctx, "action", "Success", f"User '{source.display}' was updated in {ctx.target_system}", details
    )
    return step, ActionOutcome("Success", "Update", modified, target_id)


def _manager_change(
    ctx: RunContext, source: SourceObject, mapped: MappedObject, target: dict[str, Any]
) -> list[Change]:
    changes = []
    for path in mapped.references:
        manager_id, _ = resolve_manager(ctx, source)
        if manager_id is None:
            continue  # S5: a manager not (yet) in the target is left alone
        old = _reference_value(read_path(target, path))
        if old != manager_id:
            changes.append(Change(path, old, manager_id, "Add" if old is None else "Replace"))
    return changes


def _out_of_scope(
    ctx: RunContext, source: SourceObject, scope: ScopeVerdict, target: dict[str, Any] | None
) -> tuple[Step, ActionOutcome]:
    target_id = str(target["id"]) if target and target.get("id") else None
    if ctx.job.target.type == "entra":
        return deprovision_in_entra(ctx, source, scope, target_id)
    reason = _why_not_disabled(ctx, target)
    if reason is not None:
        details = {"SkipReason": NOT_EFFECTIVELY_ENTITLED, **_entitlement_details(scope)}
        description = scope.decision.description.strip() if scope.decision else reason
        if target_id:
            details["Note"] = reason
        step = make_step(ctx, "action", "Skipped", description, details)
        return step, ActionOutcome("Skipped", "Skip", [], target_id)
    if _staged(ctx, source, "Disable", target_id):
        return _staged_step(ctx, source, "Disable", target_id)
    modified = [ModifiedProperty("active", _text(target.get("active") if target else None), "False")]
    reply, _, _ = ctx.target.deprovision(target_id or "")
    if not reply.ok:
        error = _export_error(ctx, reply, "disable", source)
        return _failed(ctx, "Disable", error, modified, reply), ActionOutcome(
            "Failure", "Disable", modified, target_id
        )
    step = make_step(
        ctx,
        "action",
        "Success",
        f"User '{source.display}' was disabled in {ctx.target_system} (it is no longer in provisioning scope)",
        _modified_details(modified),
    )
    return step, ActionOutcome("Success", "Disable", modified, target_id)


def _why_not_disabled(ctx: RunContext, target: dict[str, Any] | None) -> str | None:
    if target is None:
        return "The user is not in scope and does not exist in the target: nothing to do."
    if ctx.job.skip_out_of_scope_deletions:
        return "SkipOutOfScopeDeletions is set: users that leave scope are not disabled (Microsoft Learn “Skip deletion of user accounts that go out of scope”)."
    if "update" not in ctx.mapping.actions:
        return "The Update target object action is off: the user is not disabled."
    if ctx.mapping.mapping_for("active") is None:
        return "No mapping targets active (IsSoftDeleted): nothing is sent when a user leaves scope (Microsoft Learn “How Application Provisioning works”)."
    if _text(target.get("active")) == "False":
        return "The user is already disabled in the target."
    return None


def _delete(ctx: RunContext, source: SourceObject, target_id: str) -> tuple[Step, ActionOutcome]:
    resource = "Groups" if ctx.object_type == "Group" else "Users"
    reply = ctx.target.delete(resource, target_id)
    if not reply.ok:
        error = _export_error(ctx, reply, "delete", source)
        if reply.status == 404:  # §3.4 InvalidAnchor: the linked object is gone from the target
            error.message += (
                f" The {ctx.object_type.lower()} linked to it no longer exists in the target: restore "
                "it there, or restart the job so that it matches again."
            )
        return _failed(ctx, "Delete", error, [], reply), ActionOutcome("Failure", "Delete", [], target_id)
    if ctx.links is not None:
        ctx.links.forget(job_key(ctx.job), ctx.object_type, source.id)
    step = make_step(
        ctx,
        "action",
        "Success",
        f"{ctx.object_type} '{source.display}' was deleted in {ctx.target_system}",
        {"Deleted target id": target_id},
    )
    return step, ActionOutcome("Success", "Delete", [], target_id)


def _skip(
    ctx: RunContext, description: str, reason: str, *, target_id: Any = None
) -> tuple[Step, ActionOutcome]:
    step = make_step(ctx, "action", "Skipped", description, {"SkipReason": reason})
    return step, ActionOutcome("Skipped", "Skip", [], str(target_id) if target_id else None)


def _mapping_failure(ctx: RunContext, exc: MappingError, action: str) -> tuple[Step, ActionOutcome]:
    error = step_error("ExpressionEvaluationError", f"The mapping to {exc.target} failed: {exc.reason}")
    step = make_step(ctx, "action", "Failure", error.message, {"Attribute": exc.target}, error)
    return step, ActionOutcome("Failure", action)


def _note_roles(mapped: MappedObject, details: dict[str, Any]) -> None:
    if mapped.roles_skipped:
        details["Roles"] = ROLES_NOTE


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "True" if value else "False"
    return None if value is None else str(value)
