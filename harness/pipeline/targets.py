"""The target systems a run writes to, behind one interface: a SCIM app, or an Entra ID tenant over Graph.

The steps (``connection``, ``match``, ``action``) ask the run's target to probe, query, create, update, link a
manager, deprovision and delete; each target speaks its own wire. ``ScimTarget`` sends what Entra sends a SCIM app
(entra-behavior.md §2, ``harness.pipeline.wire``). ``GraphTarget`` (``harness.pipeline.graph_target``) writes users
through Microsoft Graph, for cross-tenant synchronization and HR provisioning into Entra ID.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from harness.clients import Reply, resources
from harness.clients.retry import entra_error_code
from harness.pipeline.context import TARGET_SYSTEM, TARGET_TYPES
from harness.pipeline.diff import Change
from harness.pipeline.mapping import MappedObject
from harness.pipeline.wire import create_body, disable_body, manager_body, patch_body

if TYPE_CHECKING:
    from harness.pipeline.context import RunContext, SourceObject
    from harness.result import Step

__all__ = ["ScimTarget", "Target"]


class Target(Protocol):
    """One target system as the on-demand steps use it."""

    system: str
    added: dict[str, Any]  # what the last create set besides the mapped attributes

    def test_connection(self) -> Step | None:
        """Return the failed Test connection step, or None when the target answered as expected."""

    def query(self, resource: str, attribute: str, value: Any) -> Reply:
        """Look the target up on one matching attribute."""

    def found(self, reply: Reply) -> list[dict[str, Any]]:
        """Return the objects a query found, as the diff reads them (mapping target paths)."""

    def create(self, resource: str, mapped: MappedObject, source: SourceObject) -> Reply:
        """Create the object; the reply's body carries its id."""

    def update(self, resource: str, target_id: str, changes: list[Change]) -> Reply:
        """Send the changes (the manager among them); return the failing reply, or the last one."""

    def link_manager(self, target_id: str, manager_id: str, *, replace: bool) -> Reply:
        """Point the object's manager at ``manager_id`` (a target id)."""

    def deprovision(self, target_id: str) -> tuple[Reply, str, dict[str, Any]]:
        """Deprovision an object that left scope: the reply, the action (Disable or Delete), the change."""

    def delete(self, resource: str, target_id: str) -> Reply:
        """Delete the object (a source object deleted for good)."""

    def error_code(self, reply: Reply, operation: str) -> str:
        """Return the provisioning-log error code of a failed write."""


class ScimTarget:
    """A SCIM 2.0 app: the requests of entra-behavior.md §2."""

    system = TARGET_SYSTEM  # S2: "Retrieved '<upn>' from customappsso"

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.added: dict[str, Any] = {}  # a SCIM create sends the mappings only

    def test_connection(self) -> Step | None:
        """Run the SCIM Test connection (``harness.pipeline.connection``)."""
        from harness.pipeline.connection import test_connection

        return test_connection(self.ctx)

    def query(self, resource: str, attribute: str, value: Any) -> Reply:
        """GET ``/{resource}?filter=attribute eq "value"``."""
        return self.ctx.scim.query(resource, attribute, value)

    def found(self, reply: Reply) -> list[dict[str, Any]]:
        """Return the ListResponse's Resources."""
        return resources(reply)

    def create(self, resource: str, mapped: MappedObject, source: SourceObject) -> Reply:
        """POST the mapped attributes as a SCIM resource."""
        body = create_body(mapped, self.ctx.object_type, self.ctx.settings)  # type: ignore[arg-type]
        return self.ctx.scim.create(resource, body)

    def update(self, resource: str, target_id: str, changes: list[Change]) -> Reply:
        """PATCH the changes in one PatchOp (the manager as its own operation)."""
        return self.ctx.scim.patch(resource, target_id, self._patch_body(changes))

    def _patch_body(self, changes: list[Change]) -> dict[str, Any]:
        dialect = self.ctx.dialect()
        plain = [c for c in changes if not c.path.lower().endswith(":manager")]
        manager = [c for c in changes if c.path.lower().endswith(":manager")]
        body = patch_body(plain, dialect, self.ctx.object_type)
        for change in manager:
            body["Operations"] += manager_body(
                change.new, dialect, self.ctx.settings.manager_value_shape, replace=change.old is not None
            )["Operations"]
        return body

    def link_manager(self, target_id: str, manager_id: str, *, replace: bool) -> Reply:
        """Send the second PATCH linking the manager (S6)."""
        dialect = self.ctx.dialect()
        body = manager_body(manager_id, dialect, self.ctx.settings.manager_value_shape, replace=replace)
        return self.ctx.scim.patch("Users", target_id, body)

    def deprovision(self, target_id: str) -> tuple[Reply, str, dict[str, Any]]:
        """Disable: PATCH ``active`` "False" (S4 default dialect)."""
        reply = self.ctx.scim.patch("Users", target_id, disable_body(self.ctx.dialect()))
        return reply, "Disable", {"active": "False"}

    def delete(self, resource: str, target_id: str) -> Reply:
        """DELETE the resource."""
        return self.ctx.scim.delete(resource, target_id)

    def error_code(self, reply: Reply, operation: str) -> str:
        """Return the code of §3.4 for the HTTP answer."""
        return entra_error_code(reply)


TARGET_TYPES["scim"] = ScimTarget
