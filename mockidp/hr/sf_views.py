"""SuccessFactors OData v2 views under ``/odata/v2/``: ``PerPerson``, ``PerPerson('id')`` and ``PerPerson/$count``.

Thin: authenticate (HTTP Basic), parse the query, ask ``mockidp.hr.persons``, render with ``odata_render``.
``__next`` carries every parameter of the request plus a ``$skiptoken`` (the offset of the next page).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Blueprint, Response, json, request
from sqlmodel import Session

from idcore.db import get_db
from idcore.runtime import clock
from mockidp.hr.auth import verify_basic
from mockidp.hr.errors import ODataError
from mockidp.hr.handlers import ALL_METHODS, install_handlers
from mockidp.hr.odata_query import ODataQuery, parse_query
from mockidp.hr.odata_render import RenderContext, render_person
from mockidp.hr.persons import count_persons, find_persons, get_person
from mockidp.tenants import Tenant

__all__ = ["make_blueprint"]

_KEY = re.compile(r"^'((?:[^']|'')*)'$")
_JSON = "application/json;charset=utf-8"


def make_blueprint() -> Blueprint:
    """Return the SuccessFactors OData blueprint."""
    bp = Blueprint("hr_successfactors", __name__, url_prefix="/odata/v2")
    install_handlers(bp, ODataError)
    bp.add_url_rule("/PerPerson", view_func=per_person_list, methods=ALL_METHODS)
    bp.add_url_rule("/PerPerson/$count", view_func=per_person_count, methods=ALL_METHODS)
    bp.add_url_rule("/PerPerson(<key>)", view_func=per_person, methods=ALL_METHODS)
    bp.add_url_rule("/", view_func=unknown, methods=ALL_METHODS, defaults={"rest": ""})
    bp.add_url_rule("/<path:rest>", view_func=unknown, methods=ALL_METHODS)
    return bp


def _authenticate(session: Session) -> Tenant:
    if request.method != "GET":
        raise ODataError(
            f"{request.method} is not supported on this entity set by this mock; use GET.",
            status=405,
            headers={"Allow": "GET"},
        )
    tenant = verify_basic(session, request.headers.get("Authorization"))
    if tenant is None:
        raise ODataError.unauthorized()
    return tenant


def _context(query: ODataQuery) -> RenderContext:
    return RenderContext(request.host_url + "odata/v2/", query.window, query.expand, query.select)


def _json(data: object) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=200, content_type=_JSON)


def per_person_list() -> Response:
    """List persons: $filter, $expand, $select, paging with __next, effective dating."""
    with get_db().session() as session:
        tenant = _authenticate(session)
        query = parse_query(request.args, clock().now().date())
        start = query.skip + query.offset
        limit = (
            query.page_size if query.top is None else max(0, min(query.page_size, query.top - query.offset))
        )
        records = find_persons(session, tenant.id, query.filter, query.window, start, limit + 1)
        more, records = limit > 0 and len(records) > limit, records[:limit]
        more = more and (query.top is None or query.offset + len(records) < query.top)
        body: dict = {"results": [render_person(_context(query), r) for r in records]}
        if query.inline_count:
            body["__count"] = str(count_persons(session, tenant.id, query.filter, query.window))
    if more:
        args = {k: v for k, v in request.args.items() if k != "$skiptoken"}
        args["$skiptoken"] = str(query.offset + len(records))
        body["__next"] = f"{request.base_url}?{urlencode(args)}"
    return _json({"d": body})


def per_person_count() -> Response:
    """Count the persons a $filter matches, as plain text."""
    with get_db().session() as session:
        tenant = _authenticate(session)
        query = parse_query(request.args, clock().now().date())
        total = count_persons(session, tenant.id, query.filter, query.window)
    return Response(str(total), status=200, content_type="text/plain;charset=utf-8")


def per_person(key: str) -> Response:
    """Return one person by its key, ``PerPerson('personIdExternal')``."""
    with get_db().session() as session:
        tenant = _authenticate(session)
        match = _KEY.match(key.strip())
        if match is None:
            raise ODataError(f"[COE0008]Invalid key predicate ({key}): use PerPerson('personIdExternal').")
        query = parse_query(request.args, clock().now().date())
        record = get_person(session, tenant.id, match.group(1).replace("''", "'"))
        if record is None:
            raise ODataError(
                f"[COE0024]PerPerson('{match.group(1)}') was not found.",
                status=404,
                code="COE_ENTITY_NOT_FOUND",
            )
        return _json({"d": render_person(_context(query), record)})


def unknown(rest: str) -> Response:
    """Answer any other entity set or path with SuccessFactors' entity-not-found error."""
    name = rest.split("(")[0].split("/")[0] or "(none)"
    raise ODataError(
        f"[COE0007]invalid entity (or function) name: {name}", status=404, code="COE_ENTITY_NOT_FOUND"
    )
