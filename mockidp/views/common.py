"""What every Graph view shares: the authenticated call (session + tenant), list envelopes and paging links."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, jsonify, request
from sqlmodel import Session

from idcore.bodies import read_json
from idcore.db import get_db
from idcore.runtime import clock
from mockidp import permissions
from mockidp.errors import InvalidRequest
from mockidp.groups import member_of
from mockidp.odata.query import encode_token
from mockidp.permissions import Requirement
from mockidp.properties import to_graph
from mockidp.signing import app_signer
from mockidp.tenants import Tenant, lock_tenant
from mockidp.tokens import VerifiedTokens, verify_token

__all__ = [
    "Call",
    "body",
    "collection",
    "context_url",
    "graph_call",
    "member_of_collection",
    "next_link",
    "no_content",
]


@dataclass
class Call:
    """One authenticated Graph request: its session, tenant and token claims."""

    session: Session
    tenant: Tenant
    claims: dict[str, Any]


_READS = frozenset({"GET", "HEAD", "OPTIONS"})


@contextmanager
def graph_call(need: Requirement) -> Iterator[Call]:
    """Open a session, check the bearer token (Graph's 401) and that its roles grant ``need`` (Graph's 403).

    A write holds the tenant's lock: the writes of one tenant run one at a time (``lock_tenant``), so what a write
    checks first (a free UPN, a member not yet in the group) still holds when it writes, across threads and
    gunicorn workers.
    """
    writing = request.method not in _READS
    with get_db().session(write=writing) as session:
        tenant, claims = verify_token(
            session, request.headers.get("Authorization"), clock().now(), app_signer(), _verified()
        )
        permissions.check(session, tenant, claims, need)
        if writing:
            lock_tenant(session, tenant)
        yield Call(session, tenant, claims)


def _verified() -> VerifiedTokens:
    """Return this app's memory of tokens whose signature was checked (per app, so two apps never share it)."""
    verified: VerifiedTokens = current_app.extensions.setdefault("mockidp.verified_tokens", {})
    return verified


def context_url(fragment: str) -> str:
    """Return the ``@odata.context`` URL for ``fragment``."""
    return f"{request.host_url}v1.0/$metadata#{fragment}"


def next_link(token: dict[str, Any] | None, name: str = "$skiptoken") -> str | None:
    """Return the nextLink: this request's URL with ``name`` set to the encoded token."""
    if token is None:
        return None
    args = [(key, value) for key, value in request.args.items(multi=True) if key != name]
    args.append((name, encode_token(token)))
    return f"{request.base_url}?{urlencode(args)}"


def collection(
    fragment: str, items: list[dict[str, Any]], token: dict[str, Any] | None = None, count: int | None = None
) -> Response:
    """Return a Graph collection envelope."""
    out: dict[str, Any] = {"@odata.context": context_url(fragment)}
    if count is not None:
        out["@odata.count"] = count
    link = next_link(token)
    if link:
        out["@odata.nextLink"] = link
    out["value"] = items
    return jsonify(out)


def member_of_collection(call: Call, object_id: str) -> Response:
    """Return the ``memberOf`` collection of a user or group: the live groups it is a direct member of, typed."""
    items = [
        {"@odata.type": "#microsoft.graph.group", **to_graph(group, None)}
        for group in member_of(call.session, object_id)
    ]
    return collection("directoryObjects", items)


def body() -> dict[str, Any]:
    """Return the JSON object body of a write, or Graph's 400."""
    data = read_json(required=False) if request.is_json else None
    if not isinstance(data, dict):
        raise InvalidRequest(
            "Write requests (excluding DELETE) must contain the Content-Type header declaration "
            "and a JSON object body."
        )
    return data


def no_content() -> Response:
    """Return 204 No Content."""
    return Response(status=204)


def ref_id(data: dict[str, Any]) -> str:
    """Return the object id of an ``{"@odata.id": ".../directoryObjects/{id}"}`` reference body."""
    ref = data.get("@odata.id")
    if not isinstance(ref, str) or "/" not in ref:
        raise InvalidRequest(
            'Invalid request body: expected {"@odata.id": "https://graph.microsoft.com/v1.0/'
            'directoryObjects/{id}"}.'
        )
    return ref.rstrip("/").rsplit("/", 1)[-1].strip("{}'\"")
