"""Reference attributes: find the manager's target id so the second PATCH can link it (entra-behavior.md §2.4).

The manager value Entra sends is the target-side SCIM id of the manager (§2.4 "Entra resolves the reference"),
found by matching the manager's own source object on the matching attributes. A manager that is not in the target
(out of scope, or not provisioned yet) is left out: S5 "the user is provisioned without the manager".
"""

from __future__ import annotations

from harness.pipeline.context import RunContext, SourceObject
from harness.pipeline.match import find_in_target, matching_values

__all__ = ["resolve_manager"]


def resolve_manager(ctx: RunContext, source: SourceObject) -> tuple[str | None, str]:
    """Return the manager's target id (or None) and a note saying why it is or is not linked."""
    cache = ctx.cache.setdefault("manager", {})
    if source.id in cache:
        return cache[source.id]
    cache[source.id] = _resolve(ctx, source)
    return cache[source.id]


def _resolve(ctx: RunContext, source: SourceObject) -> tuple[str | None, str]:
    manager = source.manager
    if not manager:
        return None, "The user has no manager in the source system."
    pairs = matching_values(ctx, manager)
    if not pairs:
        return None, "The manager has no value for the matching attribute: the manager is not linked."
    outcome = find_in_target(ctx, pairs, "Users")
    if outcome.target is None or not outcome.target.get("id"):
        return None, (
            "The manager does not exist in the target system yet: the user is provisioned without a "
            "manager (S5)."
        )
    return str(outcome.target["id"]), f"Manager linked to target id {outcome.target['id']}."
