"""Workday Web Services views: ``POST /ccx/service/{tenant}/Human_Resources[/v{version}]`` (thin: parse, call
the backend, render).

The URL decides the API version: no version (or the bare ``/ccx/service/{tenant}``) is v21.1, otherwise the
``v##.#`` segment (entra-behavior.md §7.2, workday-integration-reference).
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, request

from idcore.db import get_db
from idcore.runtime import clock
from mockidp.hr.auth import verify_workday
from mockidp.hr.errors import AuthenticationFault, SoapFault
from mockidp.hr.handlers import ALL_METHODS, install_handlers
from mockidp.hr.soap_render import render_get_workers
from mockidp.hr.soap_request import parse_envelope, parse_get_workers
from mockidp.hr.workers import get_workers

__all__ = ["DEFAULT_VERSION", "make_blueprint"]

DEFAULT_VERSION = "v21.1"
_VERSION = re.compile(r"^v\d{1,2}(\.\d{1,2})?$")


def make_blueprint() -> Blueprint:
    """Return the Workday SOAP blueprint."""
    bp = Blueprint("hr_workday", __name__)
    install_handlers(bp, SoapFault)
    bp.add_url_rule("/ccx/service/<tenant>", view_func=human_resources, methods=ALL_METHODS)
    bp.add_url_rule("/ccx/service/<tenant>/Human_Resources", view_func=human_resources, methods=ALL_METHODS)
    bp.add_url_rule(
        "/ccx/service/<tenant>/Human_Resources/<version>", view_func=human_resources, methods=ALL_METHODS
    )
    bp.add_url_rule("/ccx/", view_func=unknown, methods=ALL_METHODS, defaults={"rest": ""})
    bp.add_url_rule("/ccx/<path:rest>", view_func=unknown, methods=ALL_METHODS)
    return bp


def human_resources(tenant: str, version: str = DEFAULT_VERSION) -> Response:
    """Answer one Human_Resources SOAP operation (Get_Workers)."""
    if request.method != "POST":
        raise SoapFault(
            "Workday Web Services take SOAP requests over POST.", status=405, headers={"Allow": "POST"}
        )
    if not _VERSION.match(version):
        raise SoapFault(
            f"Unknown Human_Resources version '{version}': use v##.# (for example v21.1).", status=404
        )
    envelope = parse_envelope(request.get_data())
    now = clock().now()
    with get_db().session() as session:
        found = verify_workday(session, tenant, envelope.username, envelope.password)
        if found is None:
            raise AuthenticationFault()
        if envelope.operation != "Get_Workers_Request":
            raise SoapFault(
                f"Unsupported operation '{envelope.operation}': this service answers Get_Workers_Request."
            )
        query = parse_get_workers(envelope.body)
        page = get_workers(session, found.id, query, now.date())
        body = render_get_workers(page, query, version, now)
    return Response(body, status=200, content_type="text/xml; charset=utf-8")


def unknown(rest: str) -> Response:
    """Answer any other path under /ccx with a SOAP fault."""
    raise SoapFault(f"No Workday web service at /ccx/{rest}.", status=404)
