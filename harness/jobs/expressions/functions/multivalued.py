"""Multi-valued attributes and app roles: Count, Item, RemoveDuplicates, AppRoleAssignmentsComplex,
AssertiveAppRoleAssignmentsComplex, SingleAppRoleAssignment (S28, S9)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..values import Value, scalar_text, to_int
from .base import Invocation, spec


def _values(value: Value) -> list[Any]:
    """A single value counts as a one-element multi-valued attribute; null as none."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def count(inv: Invocation, args: Sequence[Value]) -> Value:
    return len(_values(args[0]))


def item(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Item: 1-based ("Index 0 shouldn't be used"); past the end is null."""
    index = to_int(args[1], inv.name, "index")
    if index < 1:
        inv.fail(f"index is 1-based; {index} can't be used (Item([proxyAddresses], 1) is the first value)")
    values = _values(args[0])
    return values[index - 1] if index <= len(values) else None


def remove_duplicates(inv: Invocation, args: Sequence[Value]) -> Value:
    seen: list[Any] = []
    for value in _values(args[0]):
        if value not in seen:
            seen.append(value)
    return seen


def _role(assignment: Any) -> dict[str, str]:
    """Read one app role assignment: a role value string, or a dict with value/displayName/id (Graph-ish)."""
    if isinstance(assignment, dict):
        value = (
            assignment.get("value") or assignment.get("appRoleValue") or assignment.get("displayName") or ""
        )
        display = assignment.get("displayName") or assignment.get("appRoleDisplayName") or value
        role_id = assignment.get("appRoleId") or assignment.get("id") or ""
        return {"id": str(role_id), "value": str(value), "displayName": str(display)}
    text = scalar_text(assignment) or ""
    return {"id": "", "value": text, "displayName": text}


def app_role_assignments_complex(inv: Invocation, args: Sequence[Value]) -> Value:
    """S9: every role as a complex value, primary false (the SCIM `roles` attribute)."""
    return [
        {
            "primary": False,
            "type": "WindowsAzureActiveDirectoryRole",
            "display": r["displayName"],
            "value": r["value"],
        }
        for r in map(_role, _values(args[0]))
    ]


def assertive_app_role_assignments_complex(inv: Invocation, args: Sequence[Value]) -> Value:
    """S9: the same complex values as AppRoleAssignmentsComplex, always a list (empty when no role is left).

    What differs is the wire: its PATCH replaces ``roles`` (``harness.pipeline.wire.roles_replace_body``), which
    removes the roles no longer assigned in Entra; AppRoleAssignmentsComplex only adds.
    """
    return app_role_assignments_complex(inv, args)


def single_app_role_assignment(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28: one role's value; "isn't supported" with several — the mock takes the first, deterministically."""
    roles = [_role(a) for a in _values(args[0])]
    return roles[0]["value"] if roles else None


SPECS = (
    spec("Count", "attribute", count),
    spec("Item", "attribute, index", item),
    spec("RemoveDuplicates", "attribute", remove_duplicates),
    spec("AppRoleAssignmentsComplex", "[appRoleAssignments]", app_role_assignments_complex, 1, 1),
    spec(
        "AssertiveAppRoleAssignmentsComplex",
        "[appRoleAssignments]",
        assertive_app_role_assignments_complex,
        1,
        1,
    ),
    spec("SingleAppRoleAssignment", "[appRoleAssignments]", single_app_role_assignment, 1, 1),
)
