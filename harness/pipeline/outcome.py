"""What the action step produces and how a failed write is reported: shared by ``harness.pipeline.action`` and
``harness.pipeline.entra_actions`` (soft delete and restore in an Entra ID target)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness.clients import Reply
from harness.pipeline.context import RunContext, SourceObject, make_step
from harness.pipeline.errors import export_error
from harness.pipeline.scope import ScopeVerdict
from harness.result import ModifiedProperty, Step, StepError

__all__ = ["ActionOutcome", "entitlement_details", "export_failure", "failed_step", "modified_details"]


@dataclass
class ActionOutcome:
    """The result, action, modified properties and target identity the step produced."""

    result: str
    action: str
    modified: list[ModifiedProperty] = field(default_factory=list)
    target_id: str | None = None


def entitlement_details(scope: ScopeVerdict) -> dict[str, str]:
    """Return the NotEffectivelyEntitled skip's additional details (§3.3: "SkipReason: NotEffectivelyEntitled,
    IsActive: True, Assigned to the application: False, IsInProvisioningScope: False")."""
    graph = scope.decision.graph_details if scope.decision else {}
    keys = {
        "IsActive": "IsActive",
        "Assigned to the application": "Assigned",
        "IsInProvisioningScope": "IsInProvisioningScopeDisplayName",
    }
    return {label: graph[key] for label, key in keys.items() if key in graph}


def failed_step(
    ctx: RunContext, action: str, error: StepError, attempted: list[ModifiedProperty], reply: Reply | None
) -> Step:
    details: dict[str, Any] = {"Attempted": {p.name: p.new_value for p in attempted}}
    if reply is not None:
        details["StatusCode"] = reply.status if reply.status is not None else reply.error
        details["ErrorCode"] = error.code
    return make_step(ctx, "action", "Failure", error.message, details, error)


def modified_details(modified: list[ModifiedProperty]) -> dict[str, Any]:
    return {p.name: p.new_value for p in modified}


def export_failure(ctx: RunContext, reply: Reply, operation: str, source: SourceObject) -> StepError:
    """Explain a failed write with the target's own error code (§3.4)."""
    code = ctx.target.error_code(reply, operation.split()[0])
    return export_error(
        reply, operation, source.display, ctx.app_name, ctx.object_type, ctx.target_system, code=code
    )
