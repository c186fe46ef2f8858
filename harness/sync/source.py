"""What a cycle reads from Entra ID: delta rounds of users and groups, and who is assigned to the app.

Entra as source uses Graph delta query (entra-behavior.md §6.1): the initial cycle pages ``/users/delta`` and
``/groups/delta`` through every object and keeps the ``@odata.deltaLink`` of each round as the watermark; an
incremental cycle calls the watermark and reads only what changed (``@removed`` ``changed``: soft-deleted,
``deleted``: gone for good). Pages are yielded one at a time, so a cycle never holds more than a page of users.

Assignments are read from the provisioning replica (``X-Scimulator-View: replica``) through
``/servicePrincipals/{id}/appRoleAssignedTo``, as the on-demand importer reads them; a user is assigned directly or
as a DIRECT member of an assigned group (S6). The map keeps ids and app role ids only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from harness.clients import GraphClient
from harness.clients.graph import REPLICA_HEADER

__all__ = ["Assignments", "DeltaPage", "delta_pages", "read_assignments"]

#: The page size a cycle asks of ``/delta`` and of the assignment lists (Graph's largest ``$top``).
PAGE_SIZE = 999


@dataclass
class DeltaPage:
    """One page of a delta round; ``delta_link`` is set on the last page (the next watermark)."""

    items: list[dict[str, Any]]
    delta_link: str | None = None


@dataclass
class Assignments:
    """Who is assigned to the app: principal id → (type, app role ids), users through groups included."""

    direct: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    through_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    resource_id: str | None = None

    def of(self, principal_id: str) -> list[dict[str, Any]] | None:
        """Return the principal's assignments as Graph shows them (role id, resource), or None when unassigned."""
        roles: list[str] = []
        if principal_id in self.direct:
            roles += self.direct[principal_id][1]
        roles += self.through_groups.get(principal_id, ())
        if not roles:
            return None
        return [
            {"appRoleId": role, "resourceId": self.resource_id, "principalId": principal_id} for role in roles
        ]

    def principals(self) -> dict[str, str]:
        """Return principal id → type of the direct assignments."""
        return {pid: kind for pid, (kind, _) in self.direct.items()}


def delta_pages(
    graph: GraphClient, kind: str, link: str | None, select: list[str] | None
) -> Iterator[DeltaPage]:
    """Yield the pages of a delta round: from ``link`` (a watermark) or, without one, the initial round."""
    if link:
        path, params = _split(link)
    else:
        path = f"/{kind}/delta"
        params = {"$top": str(PAGE_SIZE)}
        if select:
            params["$select"] = ",".join(select)
    while True:
        reply = graph.get(path, params=params)
        body = reply.body if isinstance(reply.body, dict) else {}
        items = [v for v in body.get("value", []) if isinstance(v, dict)]
        next_link = body.get("@odata.nextLink")
        if isinstance(next_link, str):
            yield DeltaPage(items)
            path, params = _split(next_link)
            continue
        final = body.get("@odata.deltaLink")
        yield DeltaPage(items, final if isinstance(final, str) else None)
        return


def read_assignments(graph: GraphClient, sp: dict[str, Any] | None, *, groups: bool = True) -> Assignments:
    """Read the app's assignments from the replica, and the direct members of each assigned group."""
    found = Assignments(resource_id=(sp or {}).get("id"))
    if sp is None:
        return found
    params = {"$top": str(PAGE_SIZE), "$select": "principalId,principalType,appRoleId"}
    for assignment in _pages(
        graph, f"/servicePrincipals/{sp['id']}/appRoleAssignedTo", params, REPLICA_HEADER
    ):
        pid, kind = str(assignment.get("principalId")), str(assignment.get("principalType") or "User")
        roles = found.direct.get(pid, (kind, ()))[1]
        found.direct[pid] = (kind, (*roles, str(assignment.get("appRoleId"))))
    if groups:
        for gid, (kind, roles) in list(found.direct.items()):
            if kind != "Group":
                continue
            for member in group_members(graph, gid):
                if str(member.get("@odata.type", "#microsoft.graph.user")).endswith("user"):
                    mid = str(member["id"])
                    found.through_groups[mid] = (*found.through_groups.get(mid, ()), *roles)
    return found


def group_members(graph: GraphClient, group_id: str) -> Iterator[dict[str, Any]]:
    """Yield a group's direct members (id and type), page by page."""
    yield from _pages(graph, f"/groups/{group_id}/members", {"$top": str(PAGE_SIZE), "$select": "id"}, None)


def _pages(
    graph: GraphClient, path: str, params: dict[str, str], headers: dict[str, str] | None
) -> Iterator[dict[str, Any]]:
    while True:
        reply = graph.get(path, params=params, headers=dict(headers) if headers else None)
        body = reply.body if isinstance(reply.body, dict) else {}
        yield from (v for v in body.get("value", []) if isinstance(v, dict))
        next_link = body.get("@odata.nextLink")
        if not isinstance(next_link, str):
            return
        path, params = _split(next_link)


def _split(link: str) -> tuple[str, dict[str, str]]:
    """Return the ``/v1.0``-relative path and the query of a Graph link."""
    parts = urlsplit(link)
    return parts.path.split("/v1.0", 1)[-1], dict(parse_qsl(parts.query))
