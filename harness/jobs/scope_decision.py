"""The scope decision: Active in source system, Assigned to application, Scope sync all, required role (S6, S1).

Combines the imported facts with the verdicts of the scoping filters (``harness.jobs.scoping``) into the scope step's
View details, its Graph/log details and, when out of scope, the NotEffectivelyEntitled skip and its texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.jobs.scoping import ScopeFilterResult, evaluate_filters

__all__ = [
    "FILTER_FAILED_TEXT",
    "NOT_ACTIVE_TEXT",
    "NOT_ASSIGNED_TEXT",
    "NOT_EFFECTIVELY_ENTITLED",
    "NO_ENTITLEMENT_TEXT",
    "ScopeDecision",
    "ScopeInputs",
    "decide_scope",
    "is_active",
]

# §3.3 skip-description texts (S1, MS Q&A samples); the ellipses of the sources are completed in our words.
NOT_ASSIGNED_TEXT = (
    "This object is not assigned to the application. If you did not expect the object to be skipped, assign the "
    "object to the application or update the provisioning scope to 'Sync all users and groups'."
)
NO_ENTITLEMENT_TEXT = (
    "This object does not have the required entitlement for provisioning. If this is not expected, update the "
    "provisioning scope to 'Sync all users and groups' or assign the object to the application with the appropriate "
    "provisioning entitlement."
)
NOT_ACTIVE_TEXT = "This object is not active in the source system (it is disabled or soft-deleted)."
FILTER_FAILED_TEXT = (
    "This object did not pass a scoping filter. If you did not expect the object to be skipped, review the scoping "
    "filters of the attribute mapping."
)
NOT_EFFECTIVELY_ENTITLED = "NotEffectivelyEntitled"


def is_active(account_enabled: bool | None, soft_deleted: bool) -> bool:
    """Return the scope step's IsActive: accountEnabled true and not soft-deleted."""
    return bool(account_enabled) and not soft_deleted


@dataclass(frozen=True)
class ScopeInputs:
    """Facts the harness has already imported; `assigned` counts direct assignment or direct group membership."""

    is_active: bool
    assigned: bool
    scope_all: bool
    required_role: bool | None = None  # None: the app requires no role
    filter_result: ScopeFilterResult = field(default_factory=lambda: evaluate_filters((), {}))


@dataclass(frozen=True)
class ScopeDecision:
    """The scope step's verdict, its View details lines, its Graph/log details and, if skipped, why."""

    in_scope: bool
    effectively_entitled: bool
    view_details: tuple[tuple[str, str], ...]
    graph_details: dict[str, str]
    reason: str
    skip_reason: str | None = None
    description: str = ""


def _flag(value: bool | None) -> str:
    return "N/A" if value is None else ("True" if value else "False")


def decide_scope(inputs: ScopeInputs) -> ScopeDecision:
    """Decide whether an object is in provisioning scope, explaining each factor (S1 Scope step, S6)."""
    filters = inputs.filter_result
    entitled = (
        inputs.is_active and (inputs.scope_all or inputs.assigned) and inputs.required_role is not False
    )
    in_scope = entitled and filters.in_scope
    details: list[tuple[str, str]] = [
        ("Active in source system", _flag(inputs.is_active)),
        ("Assigned to application", _flag(inputs.assigned)),
        ("Scope sync all", _flag(inputs.scope_all)),
        ("User has required role", _flag(inputs.required_role)),
    ]
    details += [(v.portal_line, _flag(v.passed)) for v in filters.clause_verdicts]
    graph = {
        "IsActive": _flag(inputs.is_active),
        "Assigned": _flag(inputs.assigned),
        "IsEffectivelyEntitledForProvisioning": _flag(entitled),
        "IsInProvisioningScopeDisplayName": _flag(in_scope),
        "ScopeEvaluationResult": filters.evaluation_result_json,
    }
    if in_scope:
        return ScopeDecision(True, True, tuple(details), graph, "In scope: " + filters.reason)
    texts = []
    if not inputs.is_active:
        texts.append(NOT_ACTIVE_TEXT)
    if not (inputs.scope_all or inputs.assigned):
        texts.append(NOT_ASSIGNED_TEXT)
    if inputs.required_role is False:
        texts.append(NO_ENTITLEMENT_TEXT)
    if not filters.in_scope:
        texts.append(FILTER_FAILED_TEXT)
    summary = (
        f"SkipReason: {NOT_EFFECTIVELY_ENTITLED}, IsActive: {_flag(inputs.is_active)}, "
        f"Assigned to the application: {_flag(inputs.assigned)}, IsInProvisioningScope: {_flag(in_scope)}"
    )
    description = " ".join(texts) + f" Scope evaluation result: {filters.evaluation_result_json}. {summary}"
    return ScopeDecision(
        False, entitled, tuple(details), graph, " ".join(texts), NOT_EFFECTIVELY_ENTITLED, description
    )
