"""mockidp's control routes beyond the kernel's: replication settings, the app registration's permissions, the
cross-tenant access policy and Source of Authority; the seed hook lives in ``create_app``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from idcore.control import json_body
from idcore.db import get_db
from idcore.runtime import clock
from mockidp import cross_tenant, replication, users
from mockidp.errors import BadRequest
from mockidp.tenants import find_app_registration, find_tenant

__all__ = ["add_routes"]


def add_routes(bp: Blueprint) -> None:
    """Add ``/_control/replication``, ``/permissions``, ``/cross-tenant`` and ``/source-of-authority``."""
    bp.add_url_rule("/replication", view_func=replication_settings, methods=["GET", "POST"])
    bp.add_url_rule("/permissions", view_func=app_permissions, methods=["GET", "POST"])
    bp.add_url_rule("/cross-tenant", view_func=cross_tenant_settings, methods=["GET", "POST"])
    bp.add_url_rule("/source-of-authority", view_func=source_of_authority, methods=["POST"])


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


def cross_tenant_settings() -> Response:
    """Read or set a tenant's partner policy without Graph permissions (tests, ``scimulator up``).

    ``{"tenant": name, "partner": tenant id or name, "inboundSync": bool, "inboundAutoRedeem": bool,
    "outboundAutoRedeem": bool}``; a ``null`` or missing value leaves that setting as it is (``inboundSync`` false
    keeps the identitySynchronization policy with isSyncAllowed false).
    """
    body = json_body() if request.method == "POST" else {}
    name = body.get("tenant") or request.args.get("tenant") or current_app.config["TENANT"]
    with get_db().session() as session:
        tenant = find_tenant(session, str(name))
        if tenant is None:
            raise BadRequest(f"No tenant '{name}'.")
        if request.method == "POST":
            cross_tenant.set_partner(
                session, tenant, _partner_id(session, body.get("partner")), **_policy(body)
            )
        rows = session.query(cross_tenant.CrossTenantPartner).filter_by(tenant_id=tenant.id).all()
        return jsonify(
            {
                "tenant": tenant.name,
                "tenantId": tenant.id,
                "partners": [
                    {
                        **cross_tenant.partner_json(row),
                        "identitySynchronization": cross_tenant.sync_json(row)
                        if row.has_sync_policy
                        else None,
                    }
                    for row in sorted(rows, key=lambda r: r.partner_tenant_id)
                ],
            }
        )


def _partner_id(session: Any, partner: Any) -> str:
    """Return a partner tenant id: a GUID as given, or the id of a tenant of this server named so."""
    if not isinstance(partner, str) or not partner.strip():
        raise BadRequest('Send {"partner": tenant id or name, ...}.')
    known = find_tenant(session, partner)
    if known is not None:
        return known.id
    if len(partner) == 36 and partner.count("-") == 4:
        return partner.lower()
    raise BadRequest(f"No tenant '{partner}' on this server; name a partner by its tenant id.")


def _policy(body: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, column in (("inboundAutoRedeem", "inbound_allowed"), ("outboundAutoRedeem", "outbound_allowed")):
        if body.get(key) is not None:
            values[column] = _bool(body, key)
    if body.get("inboundSync") is not None:
        values.update(has_sync_policy=True, sync_allowed=_bool(body, "inboundSync"))
    return values


def _bool(body: dict[str, Any], key: str) -> bool:
    if not isinstance(body[key], bool):
        raise BadRequest(f'"{key}" must be true or false.')
    return bool(body[key])


def source_of_authority() -> Response:
    """Mark a user mastered elsewhere: ``{"tenant", "user": id or UPN, "externalService": [property, ...],
    "onPremises": bool}`` — Graph then refuses updates of those properties (or, on-premises, of most)."""
    body = json_body()
    name = body.get("tenant") or current_app.config["TENANT"]
    props = body.get("externalService", [])
    if not isinstance(props, list) or not all(isinstance(p, str) for p in props):
        raise BadRequest('"externalService" must be a list of property names.')
    with get_db().session() as session:
        tenant = find_tenant(session, str(name))
        if tenant is None:
            raise BadRequest(f"No tenant '{name}'.")
        user = users.get_user(session, tenant.id, str(body.get("user") or ""))
        user.externally_mastered = list(dict.fromkeys(props))
        if body.get("onPremises") is not None:
            user.on_premises_sync_enabled = _bool(body, "onPremises")
        session.add(user)
        return jsonify(
            {
                "user": user.id,
                "externalService": user.externally_mastered,
                "onPremises": user.on_premises_sync_enabled,
            }
        )
