"""mockidp's control routes beyond the kernel's: replication settings and the app registration's permissions; the
seed hook lives in ``create_app``."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from idcore.control import json_body
from idcore.db import get_db
from idcore.runtime import clock
from mockidp import replication
from mockidp.errors import BadRequest
from mockidp.tenants import find_app_registration, find_tenant

__all__ = ["add_routes"]


def add_routes(bp: Blueprint) -> None:
    """Add ``/_control/replication`` to the control blueprint."""
    bp.add_url_rule("/replication", view_func=replication_settings, methods=["GET", "POST"])
    bp.add_url_rule("/permissions", view_func=app_permissions, methods=["GET", "POST"])


def app_permissions() -> Response:
    """Read or set an app registration's application permissions: ``{"roles": [...], "clientId", "tenant"}``.

    The token's ``roles`` claim carries them, so a change applies to tokens issued afterwards (as in Entra, where
    a new consent needs a new token).
    """
    body = json_body() if request.method == "POST" else {}
    name = body.get("tenant") or request.args.get("tenant") or current_app.config["TENANT"]
    client_id = body.get("clientId") or request.args.get("clientId") or current_app.config["CLIENT_ID"]
    roles = body.get("roles")
    if request.method == "POST" and not (
        isinstance(roles, list) and all(isinstance(role, str) and role.strip() for role in roles)
    ):
        raise BadRequest('Send {"roles": ["User.Read.All", ...]} (optionally "clientId", "tenant").')
    with get_db().session() as session:
        tenant = find_tenant(session, str(name))
        app = find_app_registration(session, tenant.id, str(client_id)) if tenant is not None else None
        if tenant is None or app is None:
            raise BadRequest(f"No app registration '{client_id}' in tenant '{name}'.")
        if request.method == "POST" and isinstance(roles, list):
            app.roles = " ".join(dict.fromkeys(role.strip() for role in roles))
            session.add(app)
        return jsonify({"tenant": tenant.name, "clientId": app.app_id, "roles": app.roles.split()})


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
