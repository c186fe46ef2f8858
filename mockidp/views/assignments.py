"""Assignment reads shared by users, groups and service principals: current, or the provisioning replica."""

from __future__ import annotations

from flask import Response, request
from sqlalchemy import select
from sqlmodel import col

from idcore.runtime import clock
from mockidp import replication
from mockidp.apps import assignment_to_graph
from mockidp.models import AppRoleAssignment
from mockidp.views.common import Call, collection

__all__ = ["REPLICA_HEADER", "principal_assignments", "resource_assignments", "view_condition"]

REPLICA_HEADER = "X-Scimulator-View"


def view_condition():  # type: ignore[no-untyped-def]
    """Return the replica condition with ``X-Scimulator-View: replica``, else the current one."""
    if request.headers.get(REPLICA_HEADER, "").strip().lower() == "replica":
        return replication.replica(clock().now())
    return replication.current()


def principal_assignments(call: Call, principal_id: str, fragment: str) -> Response:
    """List the assignments of one user or group."""
    rows = (
        call.session.execute(
            select(AppRoleAssignment)
            .where(
                col(AppRoleAssignment.tenant_id) == call.tenant.id,
                col(AppRoleAssignment.principal_id) == principal_id,
                view_condition(),
            )
            .order_by(col(AppRoleAssignment.created_date_time), col(AppRoleAssignment.id))
        )
        .scalars()
        .all()
    )
    return collection(fragment, [assignment_to_graph(row) for row in rows])


def resource_assignments(
    call: Call, resource_id: str, fragment: str, top: int, after: str | None
) -> Response:
    """List a page of the assignments to one enterprise app (keyset on id)."""
    query = select(AppRoleAssignment).where(
        col(AppRoleAssignment.resource_id) == resource_id, view_condition()
    )
    if after:
        query = query.where(col(AppRoleAssignment.id) > after)
    rows = call.session.execute(query.order_by(col(AppRoleAssignment.id)).limit(top + 1)).scalars().all()
    token = {"id": rows[top - 1].id} if len(rows) > top else None
    return collection(fragment, [assignment_to_graph(row) for row in rows[:top]], token)
