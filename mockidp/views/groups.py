"""Graph views for groups, members (``$ref``), memberOf and group assignments."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from idcore.openapi import operation
from idcore.runtime import clock, rng
from mockidp import group_bin, groups, permissions
from mockidp.models import User
from mockidp.odata.query import DEFAULT_TOP, QueryOptions, parse_options
from mockidp.openapi import LIST, SELECT
from mockidp.properties import GROUP_PROPS, USER_DEFAULT_SELECT, to_graph
from mockidp.store import SEARCHABLE_GROUP
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

bp = Blueprint("graph_groups", __name__, url_prefix="/v1.0")


def _options() -> QueryOptions:
    return parse_options(request.args, request.headers, GROUP_PROPS, "group", SEARCHABLE_GROUP)


@bp.get("/groups")
@operation("GET", summary="List groups", parameters=LIST, responses={200: "groupCollection", 400: "error"})
def list_groups() -> Response:
    """List groups ($filter, $search, $select, $top, $orderby, $count, $skiptoken)."""
    opts = _options()
    with graph_call(permissions.READ_GROUPS) as call:
        rows, token, count = groups.list_groups(call.session, call.tenant, opts)
        return collection("groups", [to_graph(row, opts.select) for row in rows], token, count)


@bp.post("/groups")
@operation("POST", summary="Create a group", request="group", responses={201: "group", 400: "error"})
def create_group() -> tuple[Response, int]:
    """Create a group."""
    data = body()
    with graph_call(permissions.CREATE_GROUPS) as call:
        group = groups.create_group(call.session, call.tenant, data, clock().now(), rng())
        return jsonify({"@odata.context": context_url("groups/$entity"), **to_graph(group, None)}), 201


@bp.get("/groups/<segment('delta'):group_id>")
@operation("GET", summary="Get a group", parameters=SELECT, responses={200: "group", 404: "error"})
def get_group(group_id: str) -> Response:
    """Get a group."""
    opts = _options()
    with graph_call(permissions.READ_GROUPS) as call:
        group = groups.get_group(call.session, call.tenant.id, group_id)
        return jsonify({"@odata.context": context_url("groups/$entity"), **to_graph(group, opts.select)})


@bp.patch("/groups/<segment('delta'):group_id>")
@operation("PATCH", summary="Update a group", request="group", responses={204: None, 404: "error"})
def update_group(group_id: str) -> Response:
    """Update a group."""
    data = body()
    with graph_call(permissions.WRITE_GROUPS) as call:
        groups.update_group(
            call.session, call.tenant, groups.get_group(call.session, call.tenant.id, group_id), data
        )
    return no_content()


@bp.delete("/groups/<segment('delta'):group_id>")
@operation(
    "DELETE",
    summary="Delete a group (recycle bin per GROUP_RECYCLE_BIN)",
    responses={204: None, 404: "error"},
)
def delete_group(group_id: str) -> Response:
    """Delete a group (into the recycle bin when ``GROUP_RECYCLE_BIN`` keeps its kind)."""
    with graph_call(permissions.DELETE_GROUPS) as call:
        group = groups.get_group(call.session, call.tenant.id, group_id)
        mode = current_app.config["GROUP_RECYCLE_BIN"]
        group_bin.remove_group(call.session, call.tenant, group, clock().now(), mode)
    return no_content()


@bp.get("/groups/<segment('delta'):group_id>/members")
@operation(
    "GET",
    summary="A group's direct members",
    parameters=LIST,
    responses={200: "directoryObjectCollection", 404: "error"},
)
def list_members(group_id: str) -> Response:
    """List a group's direct members (nested groups appear as groups, not expanded)."""
    opts = _options()
    with graph_call(permissions.READ_MEMBERS) as call:
        group = groups.get_group(call.session, call.tenant.id, group_id)
        after = (opts.skiptoken or {}).get("id")
        rows, more = groups.members(
            call.session, group, opts.top if "$top" in request.args else DEFAULT_TOP, after
        )
        items = [
            {
                "@odata.type": "#microsoft.graph." + ("user" if isinstance(row, User) else "group"),
                **to_graph(row, None, USER_DEFAULT_SELECT if isinstance(row, User) else ()),
            }
            for row in rows
        ]
        return collection("directoryObjects", items, {"id": rows[-1].id} if more and rows else None)


@bp.post("/groups/<segment('delta'):group_id>/members/$ref")
@operation("POST", summary="Add a member", request="reference", responses={204: None, 404: "error"})
def add_member(group_id: str) -> Response:
    """Add a member by ``@odata.id`` reference."""
    data = body()
    with graph_call(permissions.WRITE_MEMBERS) as call:
        group = groups.get_group(call.session, call.tenant.id, group_id)
        groups.add_member(call.session, call.tenant, group, ref_id(data))
    return no_content()


@bp.delete("/groups/<segment('delta'):group_id>/members/<member_id>/$ref")
@operation("DELETE", summary="Remove a member", responses={204: None, 404: "error"})
def remove_member(group_id: str, member_id: str) -> Response:
    """Remove a member."""
    with graph_call(permissions.WRITE_MEMBERS) as call:
        group = groups.get_group(call.session, call.tenant.id, group_id)
        groups.remove_member(call.session, call.tenant, group, member_id)
    return no_content()


@bp.get("/groups/<segment('delta'):group_id>/memberOf")
@operation(
    "GET",
    summary="Groups a group is a direct member of",
    responses={200: "directoryObjectCollection", 404: "error"},
)
def group_member_of(group_id: str) -> Response:
    """List the groups a group is a direct member of."""
    with graph_call(permissions.READ_GROUPS) as call:
        group = groups.get_group(call.session, call.tenant.id, group_id)
        return member_of_collection(call, group.id)


@bp.get("/groups/<segment('delta'):group_id>/appRoleAssignments")
@operation(
    "GET",
    summary="A group's app role assignments",
    parameters=ASSIGNMENT_QUERY,
    responses={200: "appRoleAssignmentCollection", 404: "error"},
)
def group_assignments(group_id: str) -> Response:
    """List a group's app role assignments (current, or the replica view)."""
    with graph_call(permissions.READ_ASSIGNMENTS) as call:
        group = groups.get_group(call.session, call.tenant.id, group_id)
        return principal_assignments(call, group.id, f"groups('{group.id}')/appRoleAssignments")
