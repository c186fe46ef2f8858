"""Graph views for enterprise apps (service principals) and their ``appRoleAssignedTo``."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from idcore.openapi import operation
from idcore.runtime import clock, rng
from mockidp import apps, permissions
from mockidp.odata.query import parse_options
from mockidp.openapi import LIST, SELECT
from mockidp.properties import SP_PROPS, to_graph
from mockidp.views.assignments import ASSIGNMENT_QUERY, resource_assignments
from mockidp.views.common import body, collection, context_url, graph_call, no_content

__all__ = ["bp"]

bp = Blueprint("graph_apps", __name__, url_prefix="/v1.0")


@bp.get("/servicePrincipals")
@operation(
    "GET",
    summary="List enterprise apps",
    parameters=LIST,
    responses={200: "servicePrincipalCollection", 400: "error"},
)
def list_service_principals() -> Response:
    """List enterprise apps (``$filter=displayName eq '...'`` finds one by name)."""
    opts = parse_options(request.args, request.headers, SP_PROPS, "servicePrincipal", ())
    with graph_call(permissions.READ_APPS) as call:
        rows, token, count = apps.list_service_principals(call.session, call.tenant, opts)
        return collection("servicePrincipals", [to_graph(row, opts.select) for row in rows], token, count)


@bp.get("/servicePrincipals/<sp_id>")
@operation(
    "GET",
    summary="Get an enterprise app with its appRoles",
    parameters=SELECT,
    responses={200: "servicePrincipal", 404: "error"},
)
def get_service_principal(sp_id: str) -> Response:
    """Get an enterprise app with its app roles."""
    opts = parse_options(request.args, request.headers, SP_PROPS, "servicePrincipal", ())
    with graph_call(permissions.READ_APPS) as call:
        sp = apps.get_service_principal(call.session, call.tenant.id, sp_id)
        return jsonify(
            {"@odata.context": context_url("servicePrincipals/$entity"), **to_graph(sp, opts.select)}
        )


@bp.get("/servicePrincipals/<sp_id>/appRoleAssignedTo")
@operation(
    "GET",
    summary="Who is assigned to the app",
    parameters=ASSIGNMENT_QUERY,
    responses={200: "appRoleAssignmentCollection", 404: "error"},
)
def list_assigned_to(sp_id: str) -> Response:
    """List who is assigned to the app ($filter, $select, $top, $count; the replica with ``X-Scimulator-View``)."""
    with graph_call(permissions.READ_APPS) as call:
        sp = apps.get_service_principal(call.session, call.tenant.id, sp_id)
        return resource_assignments(call, sp.id, f"servicePrincipals('{sp.id}')/appRoleAssignedTo")


@bp.post("/servicePrincipals/<sp_id>/appRoleAssignedTo")
@operation(
    "POST",
    summary="Assign a user or group to the app",
    request="newAppRoleAssignment",
    responses={201: "appRoleAssignment", 404: "error"},
)
def assign(sp_id: str) -> tuple[Response, int]:
    """Assign a user or group to the app."""
    data = body()
    with graph_call(permissions.ASSIGN) as call:
        sp = apps.get_service_principal(call.session, call.tenant.id, sp_id)
        assignment = apps.assign(call.session, call.tenant, sp, data, clock().now(), rng())
        context = context_url(f"servicePrincipals('{sp.id}')/appRoleAssignedTo/$entity")
        return jsonify({"@odata.context": context, **apps.assignment_to_graph(assignment)}), 201


@bp.delete("/servicePrincipals/<sp_id>/appRoleAssignedTo/<assignment_id>")
@operation("DELETE", summary="Remove an assignment", responses={204: None, 404: "error"})
def unassign(sp_id: str, assignment_id: str) -> Response:
    """Remove an assignment."""
    with graph_call(permissions.UNASSIGN) as call:
        sp = apps.get_service_principal(call.session, call.tenant.id, sp_id)
        apps.unassign(call.session, call.tenant, assignment_id, clock().now(), resource_id=sp.id)
    return no_content()
