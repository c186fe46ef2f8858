"""Delta views and ``/openapi.json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from idcore.openapi import operation
from mockidp import permissions
from mockidp.delta import delta_page, delta_window, member_deltas
from mockidp.models import Group, User
from mockidp.odata.query import DEFAULT_TOP, decode_token, encode_token, page_size
from mockidp.openapi import DELTA, document
from mockidp.properties import USER_DEFAULT_SELECT, to_graph
from mockidp.views.common import context_url, graph_call

__all__ = ["bp"]

bp = Blueprint("graph_meta", __name__)


def _delta(model: type, name: str) -> Response:
    state = None
    for key in ("$skiptoken", "$deltatoken"):
        if key in request.args:
            state = decode_token(request.args[key])
    top = page_size(request.args["$top"]) if "$top" in request.args else DEFAULT_TOP
    with graph_call(permissions.READ_GROUPS if model is Group else permissions.READ_USERS) as call:
        rows, more, final = delta_page(call.session, call.tenant, model, state, top)
        members: dict[str, list[dict[str, Any]]] = {}
        if model is Group:
            since, upto = delta_window(call.tenant, state)
            live = [row.id for row, reason in rows if reason is None]
            members = member_deltas(call.session, call.tenant.id, live, since, upto)
        items = []
        for row, reason in rows:
            if reason in ("deleted",) or (reason == "changed"):
                items.append(
                    {"id": row.object_id if reason == "deleted" else row.id, "@removed": {"reason": reason}}
                )
            else:
                items.append(to_graph(row, None, USER_DEFAULT_SELECT if model is User else ()))
                if members.get(row.id) or (model is Group and since is None):
                    items[-1]["members@delta"] = members[row.id]
    out: dict[str, Any] = {"@odata.context": context_url(name)}
    base = f"{request.base_url}?"
    if more is not None:
        out["@odata.nextLink"] = base + "$skiptoken=" + encode_token(more)
    else:
        out["@odata.deltaLink"] = base + "$deltatoken=" + encode_token(final or {})
    out["value"] = items
    return jsonify(out)


@bp.get("/v1.0/users/delta")
@operation("GET", summary="Track user changes", parameters=DELTA, responses={200: "deltaPage", 400: "error"})
def users_delta() -> Response:
    """Track user changes: an initial round, then changes since the deltaLink."""
    return _delta(User, "users")


@bp.get("/v1.0/groups/delta")
@operation(
    "GET",
    summary="Track group changes (with members@delta)",
    parameters=DELTA,
    responses={200: "deltaPage", 400: "error"},
)
def groups_delta() -> Response:
    """Track group changes."""
    return _delta(Group, "groups")


@bp.get("/openapi.json")
@operation("GET", summary="This document", public=True, responses={200: None})
def openapi() -> Response:
    """Describe the Graph and token routes (OpenAPI 3.0 with component schemas)."""
    return jsonify(document(current_app))
