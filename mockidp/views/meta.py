"""Delta views and ``/openapi.json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from mockidp.delta import delta_page
from mockidp.models import Group, User
from mockidp.odata.query import DEFAULT_TOP, MAX_TOP, decode_token, encode_token
from mockidp.properties import USER_DEFAULT_SELECT, to_graph
from mockidp.views.common import context_url, graph_call

__all__ = ["bp"]

bp = Blueprint("graph_meta", __name__)


def _delta(model: type, name: str) -> Response:
    state = None
    for key in ("$skiptoken", "$deltatoken"):
        if key in request.args:
            state = decode_token(request.args[key])
    top = DEFAULT_TOP
    if "$top" in request.args and request.args["$top"].isdigit():
        top = max(1, min(MAX_TOP, int(request.args["$top"])))
    with graph_call() as call:
        rows, more, final = delta_page(call.session, call.tenant, model, state, top)
        items = []
        for row, reason in rows:
            if reason in ("deleted",) or (reason == "changed"):
                items.append(
                    {"id": row.object_id if reason == "deleted" else row.id, "@removed": {"reason": reason}}
                )
            else:
                items.append(to_graph(row, None, USER_DEFAULT_SELECT if model is User else ()))
    out: dict[str, Any] = {"@odata.context": context_url(name)}
    base = f"{request.base_url}?"
    if more is not None:
        out["@odata.nextLink"] = base + "$skiptoken=" + encode_token(more)
    else:
        out["@odata.deltaLink"] = base + "$deltatoken=" + encode_token(final or {})
    out["value"] = items
    return jsonify(out)


@bp.get("/v1.0/users/delta")
def users_delta() -> Response:
    """Track user changes: an initial round, then changes since the deltaLink."""
    return _delta(User, "users")


@bp.get("/v1.0/groups/delta")
def groups_delta() -> Response:
    """Track group changes."""
    return _delta(Group, "groups")


_PATHS = {
    "/{tenant}/oauth2/v2.0/token": ["post"],
    "/{tenant}/discovery/v2.0/keys": ["get"],
    "/v1.0/users": ["get", "post"],
    "/v1.0/users/{id}": ["get", "patch", "delete"],
    "/v1.0/users/delta": ["get"],
    "/v1.0/users/{id}/manager": ["get"],
    "/v1.0/users/{id}/manager/$ref": ["put", "delete"],
    "/v1.0/users/{id}/memberOf": ["get"],
    "/v1.0/users/{id}/appRoleAssignments": ["get"],
    "/v1.0/groups": ["get", "post"],
    "/v1.0/groups/{id}": ["get", "patch", "delete"],
    "/v1.0/groups/delta": ["get"],
    "/v1.0/groups/{id}/members": ["get"],
    "/v1.0/groups/{id}/members/$ref": ["post"],
    "/v1.0/groups/{id}/members/{memberId}/$ref": ["delete"],
    "/v1.0/groups/{id}/memberOf": ["get"],
    "/v1.0/groups/{id}/appRoleAssignments": ["get"],
    "/v1.0/servicePrincipals": ["get"],
    "/v1.0/servicePrincipals/{id}": ["get"],
    "/v1.0/servicePrincipals/{id}/appRoleAssignedTo": ["get", "post"],
    "/v1.0/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}": ["delete"],
    "/v1.0/directory/deletedItems/microsoft.graph.user": ["get"],
    "/v1.0/directory/deletedItems/{id}": ["get", "delete"],
    "/v1.0/directory/deletedItems/{id}/restore": ["post"],
    "/_control/replication": ["get", "post"],
}


@bp.get("/openapi.json")
def openapi() -> Response:
    """Describe the routes (OpenAPI 3.0, paths and methods)."""
    paths = {
        path: {
            method: {"summary": f"{method.upper()} {path}", "responses": {"200": {"description": "OK"}}}
            for method in methods
        }
        for path, methods in _PATHS.items()
    }
    return jsonify(
        {
            "openapi": "3.0.3",
            "info": {"title": "mockidp (Graph-shaped directory)", "version": "1.0"},
            "paths": paths,
        }
    )
