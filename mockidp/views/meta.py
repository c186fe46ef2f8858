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
    kept = state or {}
    top_text = request.args.get("$top") or (str(kept["top"]) if isinstance(kept.get("top"), int) else None)
    top = page_size(top_text) if top_text else DEFAULT_TOP
    select = _select(request.args.get("$select")) or _select(kept.get("select"))
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
                items.append(to_graph(row, select, USER_DEFAULT_SELECT if model is User else ()))
                if model is User and select and "manager" in {name.lower() for name in select}:
                    items[-1]["manager@delta"] = _manager_delta(row)
                if members.get(row.id) or (model is Group and since is None):
                    items[-1]["members@delta"] = members[row.id]
    # the links carry the round's $select and page size, as Graph's tokens do
    more, final = _with_options(more, select, top), _with_options(final or {}, select, top)
    out: dict[str, Any] = {"@odata.context": context_url(name)}
    base = f"{request.base_url}?"
    if more is not None:
        out["@odata.nextLink"] = base + "$skiptoken=" + encode_token(more)
    else:
        out["@odata.deltaLink"] = base + "$deltatoken=" + encode_token(final or {})
    out["value"] = items
    return jsonify(out)


def _select(text: Any) -> list[str] | None:
    """Return the ``$select`` names of a delta round (Graph: the round keeps the names its first call chose)."""
    if not isinstance(text, str):
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    return names or None


def _with_options(state: dict[str, Any] | None, select: list[str] | None, top: int) -> dict[str, Any] | None:
    if state is None:
        return None
    options: dict[str, Any] = {"select": ",".join(select)} if select else {}
    if top != DEFAULT_TOP:
        options["top"] = top
    return {**state, **options}


def _manager_delta(row: User) -> list[dict[str, Any]]:
    """Return ``manager@delta`` (Graph "user: delta", ``$select=manager``): the manager's id, or none."""
    if not row.manager_id:
        return []
    return [{"@odata.type": "#microsoft.graph.user", "id": row.manager_id}]


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
