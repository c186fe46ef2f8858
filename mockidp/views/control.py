"""mockidp's control routes beyond the kernel's: replication settings; the seed hook lives in ``create_app``."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from idcore.control import json_body
from idcore.db import get_db
from idcore.runtime import clock
from mockidp import replication
from mockidp.errors import BadRequest
from mockidp.tenants import find_tenant

__all__ = ["add_routes"]


def add_routes(bp: Blueprint) -> None:
    """Add ``/_control/replication`` to the control blueprint."""
    bp.add_url_rule("/replication", view_func=replication_settings, methods=["GET", "POST"])


def replication_settings() -> Response:
    """Read or change replication: ``{"delay", "mode", "objects": {id: s}, "flush": true, "tenant"}``."""
    body = json_body() if request.method == "POST" else {}
    name = body.get("tenant") or request.args.get("tenant") or current_app.config["TENANT"]
    with get_db().session() as session:
        tenant = find_tenant(session, str(name))
        if tenant is None:
            raise BadRequest(f"No tenant '{name}'.")
        if request.method == "POST":
            return jsonify(replication.configure(session, tenant, body, clock().now()))
        return jsonify(replication.settings(tenant))
