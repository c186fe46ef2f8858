"""Step 4, Match user between source and target system (entra-behavior.md §1.2, §4.1).

Each matching attribute is tried in precedence order with ``GET /Users?filter=<attr> eq "<value>"``; the first
attribute that finds anything decides (S9 "stop at the first attribute that yields a match"; combination matching
is not supported). View details lists, per attribute, the objects it matched. No match → create; one → update;
several → DuplicateTargetEntries with all their properties. A 400 (or 501) means the target cannot filter on the
attribute, which S1 names as a cause of failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness.clients import Reply, eq_filter
from harness.clients.retry import entra_error_code
from harness.logs.links import job_key
from harness.pipeline.context import RunContext, SourceObject, make_step
from harness.pipeline.errors import step_error
from harness.pipeline.mapping import MappingError, match_values
from harness.result import Step, StepError
from idcore.clock import isoformat

__all__ = [
    "MatchOutcome",
    "find_in_target",
    "match_by_link",
    "match_linked",
    "match_object",
    "matching_values",
]


@dataclass
class MatchOutcome:
    """What the match found: the single target object, or why there is none."""

    target: dict[str, Any] | None = None
    matched_by: str | None = None
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    tried: list[tuple[str, Any, list[dict[str, Any]]]] = field(default_factory=list)
    error: StepError | None = None


def matching_values(ctx: RunContext, attributes: dict[str, Any]) -> list[tuple[str, Any]]:
    """Return (target attribute, value) for each matching mapping with a value, in precedence order."""
    try:
        found = match_values(ctx.mapping, attributes, ctx.eval_context())
    except MappingError:
        return []  # an expression that cannot be evaluated has no value to match on
    return [(m.target, m.value) for m in found if m.value is not None]


def find_in_target(ctx: RunContext, pairs: list[tuple[str, Any]], resource: str = "Users") -> MatchOutcome:
    """Query the target for each pair in order; stop at the first that finds something."""
    outcome = MatchOutcome()
    for attribute, value in pairs:
        reply = ctx.target.query(resource, attribute, value)
        if not reply.ok:
            outcome.error = _query_error(reply, attribute)
            return outcome
        found = ctx.target.found(reply)
        outcome.tried.append((attribute, value, found))
        if len(found) == 1:
            outcome.target, outcome.matched_by = found[0], attribute
            return outcome
        if found:
            outcome.duplicates, outcome.matched_by = found, attribute
            return outcome
    return outcome


def match_object(
    ctx: RunContext, attributes: dict[str, Any], display: str, *, in_scope: bool = True
) -> tuple[Step, MatchOutcome]:
    """Run the Match step for an imported object (out of scope, a match still decides Disable or Skip)."""
    resource = "Groups" if ctx.object_type == "Group" else "Users"
    outcome = find_in_target(ctx, matching_values(ctx, attributes), resource)
    details: dict[str, Any] = {}
    for attribute, value, found in outcome.tried:
        details[eq_filter(attribute, value)] = found if found else "No match"
    noun = ctx.object_type.lower()
    if outcome.error is not None:
        return make_step(ctx, "match", "Failure", outcome.error.message, details, outcome.error), outcome
    if outcome.duplicates:
        message = (
            f"{len(outcome.duplicates)} {noun}s in the target system match '{display}' on "
            f"{outcome.matched_by}; the match must be unique."
        )
        outcome.error = step_error("DuplicateTargetEntries", message, "duplicate")
        return make_step(ctx, "match", "Failure", message, details, outcome.error), outcome
    if outcome.target is not None:
        ident = (
            outcome.target.get("userName") or outcome.target.get("displayName") or outcome.target.get("id")
        )
        return make_step(
            ctx, "match", "Success", f"Retrieved '{ident}' from {ctx.target_system}", details
        ), outcome
    then = f"the {noun} will be created" if in_scope else f"the {noun} is out of scope, so nothing is created"
    description = f"No matching {noun} was found in {ctx.target_system}: {then}."
    return make_step(ctx, "match", "Success", description, details), outcome


def _query_error(reply: Reply, attribute: str) -> StepError:
    if reply.status in (400, 501):
        return step_error(
            "SystemForCrossDomainIdentityManagementBadRequest",
            f"The target system cannot filter on the matching attribute {attribute} (HTTP "
            f"{reply.status}: {reply.detail()}). The target must support filtering on every "
            "matching attribute with eq.",
            "bad_filter",
        )
    tips = "timeout" if reply.timed_out else None
    return step_error(
        entra_error_code(reply),
        f"Querying the target system on {attribute} failed: {reply.status or reply.error} {reply.detail()}",
        tips,
    )


def match_by_link(ctx: RunContext, source: SourceObject) -> tuple[Step, MatchOutcome]:
    """Run the Match step for a hard-deleted object: the job's link, not its attributes, names the target (S6)."""
    noun = ctx.object_type.lower()
    link = ctx.links.get(job_key(ctx.job), ctx.object_type, source.id) if ctx.links is not None else None
    if link is None:
        message = (
            f"No {noun} in {ctx.target_system} is linked to '{source.id}': this job never created or matched "
            "it, and a deleted object has no attributes left to match on."
        )
        return make_step(ctx, "match", "Success", message, {"Linked target id": None}), MatchOutcome()
    details = {"Linked target id": link.target_id, "Last seen": isoformat(link.last_seen)}
    message = f"The {noun} '{source.id}' is linked to the {noun} '{link.target_id}' in {ctx.target_system}"
    return make_step(ctx, "match", "Success", message, details), MatchOutcome({"id": link.target_id}, "link")


def match_linked(
    ctx: RunContext, source: SourceObject, *, in_scope: bool = True
) -> tuple[Step, MatchOutcome]:
    """Run the Match step of a cycle: a linked object is read by its target id, others are matched (§6.1).

    Entra caches the target id found at create or match and uses it for every later operation. A 404 on the
    linked id is InvalidAnchor (§3.4: restore the object, or restart); with the setting ``invalid_anchor:
    rematch`` (UNSURE) the link is dropped and the object is matched again on its attributes.
    """
    key = job_key(ctx.job)
    link = ctx.links.get(key, ctx.object_type, source.id) if ctx.links is not None else None
    if link is None:
        return match_object(ctx, source.attributes, source.display, in_scope=in_scope)
    resource = "Groups" if ctx.object_type == "Group" else "Users"
    reply = ctx.scim.get(resource, link.target_id)
    noun = ctx.object_type.lower()
    details: dict[str, Any] = {"Linked target id": link.target_id}
    if reply.status == 404 and getattr(ctx.settings, "invalid_anchor", "fail") == "rematch":
        ctx.links.forget(key, ctx.object_type, source.id)
        return match_object(ctx, source.attributes, source.display, in_scope=in_scope)
    if reply.status == 404:
        message = (
            f"The {noun} '{source.display}' is linked to the {noun} '{link.target_id}' in "
            f"{ctx.target_system}, which no longer exists there (404). Restore it in the target, or restart "
            "the job so that it is matched again."
        )
        error = step_error("InvalidAnchor", message)
        return make_step(ctx, "match", "Failure", message, details, error), MatchOutcome(error=error)
    if not reply.ok or not isinstance(reply.body, dict):
        error = _query_error(reply, "id")
        return make_step(ctx, "match", "Failure", error.message, details, error), MatchOutcome(error=error)
    target = reply.body
    ident = target.get("userName") or target.get("displayName") or target.get("id")
    step = make_step(ctx, "match", "Success", f"Retrieved '{ident}' from {ctx.target_system}", details)
    return step, MatchOutcome(target, "link")
