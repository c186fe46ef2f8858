"""Assignment reads shared by users, groups and service principals: current, or the provisioning replica.

Each list takes ``$filter`` (principalId, resourceId, appRoleId, principalType, principalDisplayName,
resourceDisplayName, createdDateTime), ``$select``, ``$top``, ``$count`` (with ``ConsistencyLevel: eventual``)
and pages through ``$skiptoken`` (keyset on id); ``$orderby`` and ``$search`` are Graph's 400, never ignored.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request
from sqlalchemy import ColumnElement, func, select
from sqlmodel import col

from idcore.runtime import clock
from mockidp import replication
from mockidp.apps import assignment_to_graph
from mockidp.errors import UnsupportedQuery
from mockidp.models import AppRoleAssignment
from mockidp.odata.filter import FilterCompiler
from mockidp.odata.query import parse_options
from mockidp.openapi import LIST, REPLICA
from mockidp.properties import Prop
from mockidp.views.common import Call, collection

__all__ = [
    "ASSIGNMENT_PROPS",
    "ASSIGNMENT_QUERY",
    "REPLICA_HEADER",
    "principal_assignments",
    "resource_assignments",
    "view_condition",
]

REPLICA_HEADER = "X-Scimulator-View"

ASSIGNMENT_PROPS = {
    prop.wire.lower(): prop
    for prop in (
        Prop("id", "id"),
        Prop("appRoleId", "app_role_id", "guid", filter=True),
        Prop("principalId", "principal_id", "guid", filter=True),
        Prop("principalType", "principal_type", filter=True),
        Prop("principalDisplayName", "principal_display_name", filter=True),
        Prop("resourceId", "resource_id", "guid", filter=True),
        Prop("resourceDisplayName", "resource_display_name", filter=True),
        Prop("createdDateTime", "created_date_time", "datetime", filter=True),
        Prop("deletedDateTime", "removed_at", "datetime"),
    )
}


ASSIGNMENT_QUERY = (*(p for p in LIST if p["name"] not in ("$orderby", "$search")), REPLICA)


def view_condition():  # type: ignore[no-untyped-def]
    """Return the replica condition with ``X-Scimulator-View: replica``, else the current one."""
    if request.headers.get(REPLICA_HEADER, "").strip().lower() == "replica":
        return replication.replica(clock().now())
    return replication.current()


def principal_assignments(call: Call, principal_id: str, fragment: str) -> Response:
    """List a page of the assignments of one user or group."""
    return _page(call, col(AppRoleAssignment.principal_id) == principal_id, fragment)


def resource_assignments(call: Call, resource_id: str, fragment: str) -> Response:
    """List a page of the assignments to one enterprise app."""
    return _page(call, col(AppRoleAssignment.resource_id) == resource_id, fragment)


def _page(call: Call, owner: ColumnElement[bool], fragment: str) -> Response:
    """Answer one page of assignments under ``owner`` with the request's query options (keyset on id)."""
    opts = parse_options(request.args, request.headers, ASSIGNMENT_PROPS, "appRoleAssignment", ())
    if opts.order is not None:
        raise UnsupportedQuery("$orderby is not supported on appRoleAssignments.")
    conditions = [col(AppRoleAssignment.tenant_id) == call.tenant.id, owner, view_condition()]
    if opts.filter:
        compiler = FilterCompiler(AppRoleAssignment, ASSIGNMENT_PROPS, call.tenant.id, "appRoleAssignment")
        conditions.append(compiler.compile(opts.filter))
        if compiler.advanced and not opts.eventual:
            raise UnsupportedQuery(
                "Unsupported Query. 'ne' and 'not' need the header 'ConsistencyLevel: eventual'."
            )
    count = None
    if opts.count:
        count = call.session.execute(
            select(func.count()).select_from(AppRoleAssignment).where(*conditions)
        ).scalar_one()
    after = (opts.skiptoken or {}).get("id")
    if after:
        conditions.append(col(AppRoleAssignment.id) > str(after))
    query = (
        select(AppRoleAssignment).where(*conditions).order_by(col(AppRoleAssignment.id)).limit(opts.top + 1)
    )
    rows = call.session.execute(query).scalars().all()
    token = {"id": rows[opts.top - 1].id} if len(rows) > opts.top else None
    return collection(fragment, [_project(row, opts.select) for row in rows[: opts.top]], token, count)


def _project(row: AppRoleAssignment, fields: list[str] | None) -> dict[str, Any]:
    """Return the Graph shape of ``row``, limited to ``$select``'s properties when given."""
    out = assignment_to_graph(row)
    return {key: value for key, value in out.items() if key in fields} if fields else out
