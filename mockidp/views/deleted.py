"""Graph views of the recycle bin: deleted users and groups listed, read, restored, deleted for good.

Every route first purges what was deleted more than 30 days ago (on the clock; nothing runs in the background).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Blueprint, Response, jsonify, request

from idcore.openapi import operation
from idcore.runtime import clock
from mockidp import group_bin, groups, permissions, recycle_bin, users
from mockidp.errors import NotFound, UnsupportedQuery
from mockidp.models import Group, User
from mockidp.odata.query import parse_options
from mockidp.openapi import LIST
from mockidp.properties import GROUP_PROPS, USER_DEFAULT_SELECT, USER_PROPS, to_graph
from mockidp.store import SEARCHABLE_GROUP, SEARCHABLE_USER
from mockidp.views.common import Call, collection, context_url, graph_call, no_content

__all__ = ["bp"]

bp = Blueprint("graph_deleted", __name__, url_prefix="/v1.0/directory/deletedItems")


@contextmanager
def _bin_call(need: permissions.Requirement) -> Iterator[Call]:
    """Open a Graph call needing ``need`` after purging users and groups past their 30 days."""
    with graph_call(need) as call:
        now = clock().now()
        recycle_bin.purge_expired(call.session, call.tenant, User, users.purge_user, now)
        recycle_bin.purge_expired(call.session, call.tenant, Group, groups.delete_group, now)
        yield call


def _deleted(call: Call, object_id: str) -> User | Group:
    """Return the deleted user or group with this id, or raise Graph's 404."""
    try:
        return recycle_bin.get_deleted(call.session, User, call.tenant.id, object_id)
    except NotFound:
        return recycle_bin.get_deleted(call.session, Group, call.tenant.id, object_id)


def _dump(row: User | Group, select: list[str] | None = None) -> dict[str, Any]:
    """Return a deleted object in Graph's shape, typed."""
    if isinstance(row, User):
        return {
            "@odata.type": "#microsoft.graph.user",
            **to_graph(row, select, (*USER_DEFAULT_SELECT, "deletedDateTime")),
        }
    return {"@odata.type": "#microsoft.graph.group", **to_graph(row, select)}


@bp.get("/microsoft.graph.user")
@operation("GET", summary="Deleted users", parameters=LIST, responses={200: "userCollection", 400: "error"})
def deleted_users() -> Response:
    """List users in the recycle bin (the user's own $filter, $search, $select, $top, $orderby, $count)."""
    opts = parse_options(request.args, request.headers, USER_PROPS, "user", SEARCHABLE_USER)
    with _bin_call(permissions.READ_DELETED_USERS) as call:
        compiler, (rows, token, count) = users.list_users(call.session, call.tenant, opts, deleted=True)
        if compiler.advanced and not opts.eventual:
            raise UnsupportedQuery(
                "Unsupported Query. 'ne' and 'not' need the header 'ConsistencyLevel: eventual' "
                "and $count=true."
            )
        items = [to_graph(row, opts.select, (*USER_DEFAULT_SELECT, "deletedDateTime")) for row in rows]
        return collection("directory/deletedItems/microsoft.graph.user", items, token, count)


@bp.get("/microsoft.graph.group")
@operation("GET", summary="Deleted groups", parameters=LIST, responses={200: "groupCollection", 400: "error"})
def deleted_groups() -> Response:
    """List groups in the recycle bin (the group's own $filter, $search, $select, $top, $orderby, $count)."""
    opts = parse_options(request.args, request.headers, GROUP_PROPS, "group", SEARCHABLE_GROUP)
    with _bin_call(permissions.READ_DELETED_GROUPS) as call:
        rows, token, count = groups.list_groups(call.session, call.tenant, opts, deleted=True)
        items = [to_graph(row, opts.select) for row in rows]
        return collection("directory/deletedItems/microsoft.graph.group", items, token, count)


@bp.get("/<segment('microsoft.graph.user', 'microsoft.graph.group'):object_id>")
@operation("GET", summary="Get a deleted user or group", responses={200: "directoryObject", 404: "error"})
def get_deleted(object_id: str) -> Response:
    """Get one deleted user or group."""
    with _bin_call(permissions.READ_DELETED) as call:
        row = _deleted(call, object_id)
        return jsonify({"@odata.context": context_url("directory/deletedItems/$entity"), **_dump(row)})


@bp.post("/<segment('microsoft.graph.user', 'microsoft.graph.group'):object_id>/restore")
@operation(
    "POST", summary="Restore a deleted user or group", responses={200: "directoryObject", 404: "error"}
)
def restore(object_id: str) -> Response:
    """Restore a deleted user or group (a group with its members, memberships and assignments)."""
    with _bin_call(permissions.WRITE_DELETED) as call:
        row = _deleted(call, object_id)
        if isinstance(row, User):
            users.restore_user(call.session, call.tenant, row)
        else:
            group_bin.restore_group(call.session, call.tenant, row, clock().now())
        return jsonify({"@odata.context": context_url("directoryObjects/$entity"), **_dump(row)})


@bp.delete("/<segment('microsoft.graph.user', 'microsoft.graph.group'):object_id>")
@operation("DELETE", summary="Delete a user or group for good", responses={204: None, 404: "error"})
def permanent_delete(object_id: str) -> Response:
    """Delete a user or group in the recycle bin for good."""
    with _bin_call(permissions.WRITE_DELETED) as call:
        row = _deleted(call, object_id)
        if isinstance(row, User):
            users.purge_user(call.session, call.tenant, row, clock().now())
        else:
            groups.delete_group(call.session, call.tenant, row, clock().now())
    return no_content()
