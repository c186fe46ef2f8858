"""Step 3, Determine if user is in scope (entra-behavior.md §1.2, §5).

Assignment is read from the provisioning replica (the ``X-Scimulator-View: replica`` header), so an assignment made
a moment ago still reads "not assigned" until the tenant's replication delay has passed (S1 known limitation). A
user is assigned when assigned directly or as a DIRECT member of an assigned group — nested groups do not count
(S6). The decision itself (IsActive, Assigned, Scope sync all, required role, scoping filters, the skip texts) is
``harness.jobs.scope_decision.decide_scope``; assignment does not apply to HR sources, where scoping filters decide (S6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.clients import GraphError
from harness.clients.retry import entra_error_code
from harness.jobs.defaults import CTS_SCOPING_FILTER
from harness.jobs.scope_decision import ScopeDecision, ScopeInputs, decide_scope
from harness.jobs.scoping import ScopeFilterResult, ScopingFilter, evaluate_filters
from harness.pipeline.context import RunContext, SourceObject, make_step
from harness.pipeline.errors import step_error
from harness.result import Step

__all__ = ["EXTERNAL_USERS_FILTER", "ScopeVerdict", "determine_scope"]

#: The filter every cross-tenant job applies (harness.jobs.defaults.CTS_SCOPING_FILTER).
EXTERNAL_USERS_FILTER = ScopingFilter.from_dict(CTS_SCOPING_FILTER)


@dataclass(frozen=True)
class ScopeVerdict:
    """The scope step's outcome for the next steps: in scope or not, and the skip reason and text."""

    in_scope: bool
    decision: ScopeDecision | None
    failed: bool = False


def determine_scope(ctx: RunContext, source: SourceObject) -> tuple[Step, ScopeVerdict]:
    """Run the Scope step for an imported object."""
    try:
        inputs = _inputs(ctx, source)
    except GraphError as exc:
        error = step_error(entra_error_code(exc.reply), f"Reading the assignments failed: {exc}")
        return make_step(ctx, "scope", "Failure", str(exc), {}, error), ScopeVerdict(False, None, failed=True)
    decision = decide_scope(inputs)
    details: dict[str, Any] = {line: _verdict(flag) for line, flag in decision.view_details}
    if ctx.job.source.type != "entra":
        details["Assigned to application"] = None  # S6: assignment does not apply to HR sources
    details.update(decision.graph_details)
    if decision.in_scope:
        description = f"Determine if {ctx.object_type} in scope by evaluating against each scoping filter"
        return make_step(ctx, "scope", "Success", description, details), ScopeVerdict(True, decision)
    details["SkipReason"] = decision.skip_reason
    return make_step(ctx, "scope", "Skipped", decision.description.strip(), details), ScopeVerdict(
        False, decision
    )


def _verdict(flag: str) -> bool | None:
    """Return a View details verdict as a boolean (None for "N/A": the check does not apply)."""
    return {"True": True, "False": False}.get(flag)


def _inputs(ctx: RunContext, source: SourceObject) -> ScopeInputs:
    filters = evaluate_filters(ctx.mapping.scoping_filters, source.attributes)
    if ctx.job.cross_tenant:
        filters = _with_external_users_filter(filters, source)
    if ctx.job.source.type != "entra":
        # S6: assignment-based scoping doesn't apply to inbound HR; scoping filters are the mechanism. Into Entra
        # ID the worker's status flows through the accountEnabled mapping (a terminated worker's account is
        # disabled, Microsoft Learn "Tutorial: Configure Workday to Microsoft Entra user provisioning"), so an
        # inactive worker stays in scope there.
        active = source.active or ctx.job.target.type == "entra"
        return ScopeInputs(is_active=active, assigned=False, scope_all=True, filter_result=filters)
    scope_all = ctx.job.scope == "all"
    # a group's own assignment is direct only; a soft-deleted user has no memberships left to read
    through_groups = (
        not scope_all and ctx.object_type == "User" and source.active and not source.assignments_complete
    )
    assigned = bool(source.assignments) or (through_groups and _assigned_through_group(ctx, source))
    required_role = True if assigned else None
    return ScopeInputs(
        is_active=source.active,
        assigned=assigned,
        scope_all=scope_all,
        required_role=required_role,
        filter_result=filters,
    )


def _assigned_through_group(ctx: RunContext, source: SourceObject) -> bool:
    """Return True when a group the object is a DIRECT member of is assigned to the app (replica view)."""
    sp = ctx.service_principal()
    sp_id = (sp or {}).get("id")
    for group in ctx.graph.member_of(source.id):
        if group.get("@odata.type", "#microsoft.graph.group") != "#microsoft.graph.group":
            continue
        for assignment in ctx.graph.assignments(str(group["id"]), "groups"):
            if sp_id is None or assignment.get("resourceId") == sp_id:
                source.assignments.append(assignment)
                return True
    return False


def _with_external_users_filter(filters: ScopeFilterResult, source: SourceObject) -> ScopeFilterResult:
    """AND a cross-tenant job's built-in filter (internal members only, no SMS sign-in) with the admin's filters.

    It is not one of the admin's filters (those are ORed): an external user stays out whatever they say.
    """
    builtin = evaluate_filters((EXTERNAL_USERS_FILTER,), source.attributes)
    if not filters.filters:
        return builtin
    passed = builtin.in_scope and filters.in_scope
    reason = filters.reason if builtin.in_scope else builtin.reason
    return ScopeFilterResult(passed, (*builtin.filters, *filters.filters), reason)
