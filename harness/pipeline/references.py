"""Reference attributes: find the manager's target id so the second PATCH can link it (entra-behavior.md §2.4).

The manager value Entra sends is the target-side SCIM id of the manager (§2.4 "Entra resolves the reference"),
taken from the target id the job keeps for the manager's source object (``harness.logs.links``, the connector data
store): no source shows a lookup of the manager by its matching attribute after a create (wire corpus), so none is
sent. A manager the job never created or matched (out of scope, not provisioned yet, or created in the target by
someone else) is left out: S5 "the user is provisioned without the manager".
"""

from __future__ import annotations

from harness.logs.links import job_key
from harness.pipeline.context import RunContext, SourceObject

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
    link = None
    manager_id = manager.get("objectId")
    if ctx.links is not None and manager_id:
        link = ctx.links.get(job_key(ctx.job), "User", str(manager_id))
    if link is None:
        return None, (
            "The manager has not been provisioned by this job yet (no target object is linked to it): the user "
            "is provisioned without a manager (Microsoft Learn “Known issues for provisioning”)."
        )
    return link.target_id, f"Manager linked to target id {link.target_id}."
