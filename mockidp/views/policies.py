"""Graph views of the cross-tenant access policy's partner configurations, and of the organization.

Routes as Microsoft Graph v1.0 documents them ("crossTenantAccessPolicyConfigurationPartner" and
"crossTenantIdentitySyncPolicyPartner" resource types): list, create, get, update and delete a partner under
``/policies/crossTenantAccessPolicy/partners``, and its ``identitySynchronization`` (PUT creates, PATCH updates).
``GET /organization`` gives the tenant's id and verified domain ("organization resource type").
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from idcore.openapi import operation
from mockidp import cross_tenant, permissions
from mockidp.errors import InvalidRequest
from mockidp.views.common import body, collection, context_url, graph_call, no_content

__all__ = ["bp"]

bp = Blueprint("graph_policies", __name__, url_prefix="/v1.0")

_PARTNERS = "/policies/crossTenantAccessPolicy/partners"
_GUID_CHARS = frozenset("0123456789abcdef-")


def _flag(data: dict[str, Any], name: str) -> bool | None:
    value = data.get(name)
    if value is not None and not isinstance(value, bool):
        raise InvalidRequest(f"Invalid value for property '{name}': expected a boolean.")
    return value


def _consent(data: dict[str, Any]) -> dict[str, Any]:
    """Return the columns an ``automaticUserConsentSettings`` body sets."""
    settings = data.get("automaticUserConsentSettings")
    if settings is None:
        return {}
    if not isinstance(settings, dict) or set(settings) - {"inboundAllowed", "outboundAllowed"}:
        raise InvalidRequest(
            "Invalid value for property 'automaticUserConsentSettings': expected {inboundAllowed, outboundAllowed}."
        )
    return {
        "inbound_allowed": _flag(settings, "inboundAllowed"),
        "outbound_allowed": _flag(settings, "outboundAllowed"),
    }


def _sync(data: dict[str, Any]) -> dict[str, Any]:
    """Return the columns an identitySynchronization body sets."""
    inbound = data.get("userSyncInbound")
    if inbound is not None and (not isinstance(inbound, dict) or set(inbound) - {"isSyncAllowed"}):
        raise InvalidRequest("Invalid value for property 'userSyncInbound': expected {isSyncAllowed}.")
    name = data.get("displayName")
    if name is not None and not isinstance(name, str):
        raise InvalidRequest("Invalid value for property 'displayName': expected a string.")
    values: dict[str, Any] = {"has_sync_policy": True}
    if inbound is not None:
        values["sync_allowed"] = _flag(inbound, "isSyncAllowed")
    if name is not None:
        values["sync_display_name"] = name[:256]
    return values


def _tenant_id(text: Any) -> str:
    if not isinstance(text, str) or len(text) != 36 or set(text.lower()) - _GUID_CHARS:
        raise InvalidRequest("Invalid value for property 'tenantId': expected a tenant id (GUID).")
    return text.lower()


@bp.get(_PARTNERS)
@operation("GET", summary="List partner configurations", responses={200: "partnerCollection"})
def list_partners() -> Response:
    """List the tenant's partner-specific configurations."""
    with graph_call(permissions.READ_POLICY) as call:
        rows = call.session.query(cross_tenant.CrossTenantPartner).filter_by(tenant_id=call.tenant.id).all()
        items = [cross_tenant.partner_json(row) for row in sorted(rows, key=lambda r: r.partner_tenant_id)]
        return collection("policies/crossTenantAccessPolicy/partners", items)


@bp.post(_PARTNERS)
@operation(
    "POST",
    summary="Create a partner configuration",
    request="partner",
    responses={201: "partner", 400: "error"},
)
def create_partner() -> tuple[Response, int]:
    """Create a partner-specific configuration (``tenantId`` required)."""
    data = body()
    partner_id = _tenant_id(data.get("tenantId"))
    with graph_call(permissions.WRITE_POLICY) as call:
        if cross_tenant.get_partner(call.session, call.tenant, partner_id) is not None:
            raise InvalidRequest(
                f"A partner-specific configuration for tenant '{partner_id}' already exists."
            )
        partner = cross_tenant.set_partner(call.session, call.tenant, partner_id, **_consent(data))
        out = cross_tenant.partner_json(partner)
    return jsonify(
        {"@odata.context": context_url("policies/crossTenantAccessPolicy/partners/$entity"), **out}
    ), 201


@bp.get(f"{_PARTNERS}/<partner_id>")
@operation("GET", summary="Get a partner configuration", responses={200: "partner", 404: "error"})
def get_partner(partner_id: str) -> Response:
    """Get one partner-specific configuration."""
    with graph_call(permissions.READ_POLICY) as call:
        partner = cross_tenant.require_partner(call.session, call.tenant, partner_id)
        out = cross_tenant.partner_json(partner)
    return jsonify(
        {"@odata.context": context_url("policies/crossTenantAccessPolicy/partners/$entity"), **out}
    )


@bp.patch(f"{_PARTNERS}/<partner_id>")
@operation(
    "PATCH", summary="Update a partner configuration", request="partner", responses={204: None, 404: "error"}
)
def update_partner(partner_id: str) -> Response:
    """Update a partner configuration (``automaticUserConsentSettings``)."""
    data = body()
    with graph_call(permissions.WRITE_POLICY) as call:
        cross_tenant.require_partner(call.session, call.tenant, partner_id)
        cross_tenant.set_partner(call.session, call.tenant, partner_id, **_consent(data))
    return no_content()


@bp.delete(f"{_PARTNERS}/<partner_id>")
@operation("DELETE", summary="Delete a partner configuration", responses={204: None, 404: "error"})
def delete_partner(partner_id: str) -> Response:
    """Delete a partner configuration (its identitySynchronization goes with it)."""
    with graph_call(permissions.WRITE_POLICY) as call:
        call.session.delete(cross_tenant.require_partner(call.session, call.tenant, partner_id))
    return no_content()


@bp.get(f"{_PARTNERS}/<partner_id>/identitySynchronization")
@operation(
    "GET",
    summary="Get a partner's user synchronization policy",
    responses={200: "identitySync", 404: "error"},
)
def get_sync(partner_id: str) -> Response:
    """Get the partner's identitySynchronization."""
    with graph_call(permissions.READ_POLICY) as call:
        out = cross_tenant.sync_json(cross_tenant.require_partner(call.session, call.tenant, partner_id))
    context = f"policies/crossTenantAccessPolicy/partners('{partner_id}')/identitySynchronization/$entity"
    return jsonify({"@odata.context": context_url(context), **out})


@bp.put(f"{_PARTNERS}/<partner_id>/identitySynchronization")
@operation(
    "PUT",
    summary="Create a partner's user synchronization policy",
    request="identitySync",
    responses={204: None, 404: "error"},
)
def put_sync(partner_id: str) -> Response:
    """Create (or replace) the partner's identitySynchronization."""
    data = body()
    with graph_call(permissions.WRITE_SYNC_POLICY) as call:
        cross_tenant.require_partner(call.session, call.tenant, partner_id)
        replaced = {"sync_allowed": None, "sync_display_name": None, **_sync(data)}
        cross_tenant.set_partner(call.session, call.tenant, partner_id, **replaced)
    return no_content()


@bp.patch(f"{_PARTNERS}/<partner_id>/identitySynchronization")
@operation(
    "PATCH",
    summary="Update a partner's user synchronization policy",
    request="identitySync",
    responses={204: None, 404: "error"},
)
def patch_sync(partner_id: str) -> Response:
    """Update the partner's identitySynchronization."""
    data = body()
    with graph_call(permissions.WRITE_SYNC_POLICY) as call:
        cross_tenant.sync_json(cross_tenant.require_partner(call.session, call.tenant, partner_id))
        cross_tenant.set_partner(call.session, call.tenant, partner_id, **_sync(data))
    return no_content()


@bp.delete(f"{_PARTNERS}/<partner_id>/identitySynchronization")
@operation(
    "DELETE", summary="Delete a partner's user synchronization policy", responses={204: None, 404: "error"}
)
def delete_sync(partner_id: str) -> Response:
    """Delete the partner's identitySynchronization."""
    with graph_call(permissions.WRITE_SYNC_POLICY) as call:
        partner = cross_tenant.require_partner(call.session, call.tenant, partner_id)
        cross_tenant.sync_json(partner)
        cross_tenant.set_partner(
            call.session,
            call.tenant,
            partner_id,
            has_sync_policy=False,
            sync_allowed=None,
            sync_display_name=None,
        )
    return no_content()


@bp.get("/organization")
@operation("GET", summary="The tenant's organization", responses={200: "organizationCollection"})
def organization() -> Response:
    """Return the tenant as Graph's organization: its id, display name and verified (initial, default) domain."""
    with graph_call(permissions.READ_ORGANIZATION) as call:
        tenant = call.tenant
        item = {
            "id": tenant.id,
            "displayName": tenant.name,
            "tenantType": "AAD",
            "verifiedDomains": [
                {
                    "capabilities": "Email, OfficeCommunicationsOnline",
                    "isDefault": True,
                    "isInitial": True,
                    "name": tenant.domain,
                    "type": "Managed",
                }
            ],
        }
        return collection("organization", [item])
