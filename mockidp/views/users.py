"""Graph views for users, their manager, memberships and assignments (thin: parse, call, dump)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from idcore.openapi import operation
from idcore.runtime import clock, rng
from mockidp import permissions, users
from mockidp.errors import UnsupportedQuery
from mockidp.models import User
from mockidp.odata.query import QueryOptions, parse_options
from mockidp.openapi import LIST, SELECT
from mockidp.properties import USER_DEFAULT_SELECT, USER_PROPS, to_graph
from mockidp.store import SEARCHABLE_USER
from mockidp.views.assignments import ASSIGNMENT_QUERY, principal_assignments
from mockidp.views.common import (
    body,
    collection,
    context_url,
    graph_call,
    member_of_collection,
    no_content,
    ref_id,
)

__all__ = ["bp"]

bp = Blueprint("graph_users", __name__, url_prefix="/v1.0")


def _options() -> QueryOptions:
    return parse_options(request.args, request.headers, USER_PROPS, "user", SEARCHABLE_USER)


def _dump(user: User, opts: QueryOptions | None = None) -> dict:
    return to_graph(user, opts.select if opts else None, USER_DEFAULT_SELECT)


@bp.get("/users")
@operation("GET", summary="List users", parameters=LIST, responses={200: "userCollection", 400: "error"})
def list_users() -> Response:
    """List users ($filter, $search, $select, $top, $orderby, $count, $skiptoken)."""
    opts = _options()
    with graph_call(permissions.READ_USERS) as call:
        compiler, (rows, token, count) = users.list_users(call.session, call.tenant, opts)
        if compiler.advanced and not opts.eventual:
            raise UnsupportedQuery(
                "Unsupported Query. 'ne' and 'not' need the header 'ConsistencyLevel: eventual' "
                "and $count=true."
            )
        return collection("users", [_dump(row, opts) for row in rows], token, count)


@bp.post("/users")
@operation("POST", summary="Create a user", request="user", responses={201: "user", 400: "error"})
def create_user() -> tuple[Response, int]:
    """Create a user."""
    data = body()
    with graph_call(permissions.WRITE_USERS) as call:
        user = users.create_user(call.session, call.tenant, data, clock().now(), rng())
        return jsonify({"@odata.context": context_url("users/$entity"), **to_graph(user, None)}), 201


@bp.get("/users/<segment('delta'):key>")
@operation(
    "GET",
    summary="Get a user by id or userPrincipalName",
    parameters=SELECT,
    responses={200: "user", 404: "error"},
)
def get_user(key: str) -> Response:
    """Get a user by id or userPrincipalName."""
    opts = _options()
    with graph_call(permissions.READ_USERS) as call:
        user = users.get_user(call.session, call.tenant.id, key)
        return jsonify({"@odata.context": context_url("users/$entity"), **_dump(user, opts)})


@bp.patch("/users/<segment('delta'):key>")
@operation("PATCH", summary="Update a user", request="user", responses={204: None, 404: "error"})
def update_user(key: str) -> Response:
    """Update a user."""
    data = body()
    with graph_call(permissions.WRITE_USERS) as call:
        users.update_user(call.session, call.tenant, users.get_user(call.session, call.tenant.id, key), data)
    return no_content()


@bp.delete("/users/<segment('delta'):key>")
@operation("DELETE", summary="Delete a user (to the recycle bin)", responses={204: None, 404: "error"})
def delete_user(key: str) -> Response:
    """Delete a user into the recycle bin."""
    with graph_call(permissions.DELETE_USERS) as call:
        users.delete_user(
            call.session, call.tenant, users.get_user(call.session, call.tenant.id, key), clock().now()
        )
    return no_content()


@bp.get("/users/<segment('delta'):key>/manager")
@operation("GET", summary="Get a user's manager", responses={200: "directoryObject", 404: "error"})
def get_manager(key: str) -> Response:
    """Get a user's manager (404 when none)."""
    with graph_call(permissions.READ_USERS) as call:
        user = users.get_user(call.session, call.tenant.id, key)
        manager = users.get_user(call.session, call.tenant.id, user.manager_id or "none@none")
        return jsonify(
            {
                "@odata.context": context_url("directoryObjects/$entity"),
                "@odata.type": "#microsoft.graph.user",
                **to_graph(manager, None),
            }
        )


@bp.put("/users/<segment('delta'):key>/manager/$ref")
@operation("PUT", summary="Set a user's manager", request="reference", responses={204: None, 404: "error"})
def put_manager(key: str) -> Response:
    """Set a user's manager from an ``@odata.id`` reference."""
    data = body()
    with graph_call(permissions.WRITE_USERS) as call:
        user = users.get_user(call.session, call.tenant.id, key)
        users.set_manager(call.session, call.tenant, user, ref_id(data))
    return no_content()


@bp.delete("/users/<segment('delta'):key>/manager/$ref")
@operation("DELETE", summary="Remove a user's manager", responses={204: None, 404: "error"})
def delete_manager(key: str) -> Response:
    """Remove a user's manager."""
    with graph_call(permissions.WRITE_USERS) as call:
        users.set_manager(call.session, call.tenant, users.get_user(call.session, call.tenant.id, key), None)
    return no_content()


@bp.get("/users/<segment('delta'):key>/memberOf")
@operation(
    "GET",
    summary="Groups a user is a direct member of",
    responses={200: "directoryObjectCollection", 404: "error"},
)
def user_member_of(key: str) -> Response:
    """List the groups a user is a direct member of."""
    with graph_call(permissions.READ_MEMBER_OF) as call:
        user = users.get_user(call.session, call.tenant.id, key)
        return member_of_collection(call, user.id)


@bp.get("/users/<segment('delta'):key>/appRoleAssignments")
@operation(
    "GET",
    summary="A user's app role assignments",
    parameters=ASSIGNMENT_QUERY,
    responses={200: "appRoleAssignmentCollection", 404: "error"},
)
def user_assignments(key: str) -> Response:
    """List a user's app role assignments (current, or the replica with ``X-Scimulator-View: replica``)."""
    with graph_call(permissions.READ_ASSIGNMENTS) as call:
        user = users.get_user(call.session, call.tenant.id, key)
        return principal_assignments(call, user.id, f"users('{user.id}')/appRoleAssignments")
