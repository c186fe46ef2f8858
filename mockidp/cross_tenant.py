"""A tenant's cross-tenant access policy toward partner tenants, and what it decides for users from them.

Graph models it as ``/policies/crossTenantAccessPolicy/partners/{tenantId}`` (crossTenantAccessPolicyConfiguration-
Partner: ``automaticUserConsentSettings {inboundAllowed, outboundAllowed}``) with the relationship
``identitySynchronization`` (crossTenantIdentitySyncPolicyPartner: ``userSyncInbound {isSyncAllowed}``). Microsoft
Learn "Configure cross-tenant synchronization" steps 2–4: the target tenant allows users to sync in from the source
and both tenants suppress consent ("automatic redemption") — inbound in the target, outbound in the source.

A user written through Graph with an ``alternativeSecurityIds`` identity whose ``identityProvider`` names another
tenant (``https://sts.windows.net/{tenantId}/``) is a B2B user from that tenant: ``admit_external`` refuses it unless
the partner's inbound sync is allowed, refuses one whose mail is already an internal user's address ("cannot match an
internal user of the target", Microsoft Learn "What is cross-tenant synchronization?"), and marks it redeemed
(``externalUserState`` Accepted) when inbound automatic redemption is on, PendingAcceptance otherwise. The real
service reaches the target through internal APIs Microsoft does not document; docs/fidelity.md says so.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Field, Session, col

from mockidp.base import IdpModel
from mockidp.errors import AuthorizationDenied, InvalidRequest, NotFound
from mockidp.models import IndexEntry, Tenant, User
from mockidp.store import db_time

__all__ = [
    "CrossTenantPartner",
    "admit_external",
    "external_tenant",
    "get_partner",
    "identity_provider",
    "partner_json",
    "require_partner",
    "set_partner",
    "sync_json",
]

_ISSUER = re.compile(r"^https://sts\.windows\.net/([0-9a-fA-F-]{36})/?$")


class CrossTenantPartner(IdpModel, table=True):
    """One partner-specific configuration of a tenant's cross-tenant access policy."""

    tenant_id: str = Field(primary_key=True, foreign_key="tenant.id", max_length=36)
    partner_tenant_id: str = Field(primary_key=True, max_length=36)
    inbound_allowed: bool | None = None  # automaticUserConsentSettings.inboundAllowed
    outbound_allowed: bool | None = None  # automaticUserConsentSettings.outboundAllowed
    has_sync_policy: bool = False  # identitySynchronization exists
    sync_display_name: str | None = Field(default=None, max_length=256)
    sync_allowed: bool | None = None  # identitySynchronization.userSyncInbound.isSyncAllowed


def identity_provider(tenant_id: str) -> str:
    """Return the ``identityProvider`` of an alternativeSecurityId for a user homed in ``tenant_id``."""
    return f"https://sts.windows.net/{tenant_id}/"


def external_tenant(user: User) -> str | None:
    """Return the home tenant id of a user whose identities name another directory's issuer, or None."""
    for identity in user.alternative_security_ids or []:
        found = _ISSUER.match(str(identity.get("identityProvider") or ""))
        if found and found.group(1).lower() != user.tenant_id:
            return found.group(1).lower()
    return None


def get_partner(session: Session, tenant: Tenant, partner_id: str) -> CrossTenantPartner | None:
    """Return the tenant's configuration for ``partner_id``, or None."""
    return session.get(CrossTenantPartner, (tenant.id, partner_id.lower()))


def require_partner(session: Session, tenant: Tenant, partner_id: str) -> CrossTenantPartner:
    """Return the configuration for ``partner_id``, or raise Graph's 404."""
    found = get_partner(session, tenant, partner_id)
    if found is None:
        raise NotFound(f"No partner-specific configuration exists for tenant '{partner_id}'.")
    return found


def set_partner(session: Session, tenant: Tenant, partner_id: str, **values: Any) -> CrossTenantPartner:
    """Create or change a partner configuration (keyword names are the model's columns)."""
    partner = get_partner(session, tenant, partner_id)
    if partner is None:
        partner = CrossTenantPartner(tenant_id=tenant.id, partner_tenant_id=partner_id.lower())
    for name, value in values.items():
        setattr(partner, name, value)
    session.add(partner)
    session.flush()
    return partner


def partner_json(partner: CrossTenantPartner) -> dict[str, Any]:
    """Return a partner configuration in Graph's crossTenantAccessPolicyConfigurationPartner shape."""
    consent = None
    if partner.inbound_allowed is not None or partner.outbound_allowed is not None:
        consent = {
            "inboundAllowed": bool(partner.inbound_allowed),
            "outboundAllowed": bool(partner.outbound_allowed),
        }
    return {
        "tenantId": partner.partner_tenant_id,
        "isServiceProvider": None,
        "isInMultiTenantOrganization": False,
        "inboundTrust": None,
        "b2bCollaborationOutbound": None,
        "b2bCollaborationInbound": None,
        "b2bDirectConnectOutbound": None,
        "b2bDirectConnectInbound": None,
        "tenantRestrictions": None,
        "automaticUserConsentSettings": consent,
    }


def sync_json(partner: CrossTenantPartner) -> dict[str, Any]:
    """Return the partner's identitySynchronization (crossTenantIdentitySyncPolicyPartner), or raise 404."""
    if not partner.has_sync_policy:
        raise NotFound(
            f"No identity synchronization policy exists for partner tenant '{partner.partner_tenant_id}'."
        )
    return {
        "tenantId": partner.partner_tenant_id,
        "displayName": partner.sync_display_name,
        "userSyncInbound": {"isSyncAllowed": bool(partner.sync_allowed)},
    }


def admit_external(session: Session, tenant: Tenant, user: User, now: datetime) -> None:
    """Apply the policy to a user created from another tenant (see the module docstring); raise to refuse it."""
    home = external_tenant(user)
    if home is None:
        return
    partner = get_partner(session, tenant, home)
    if partner is None or not partner.has_sync_policy or not partner.sync_allowed:
        raise AuthorizationDenied(
            f"Users from tenant '{home}' cannot be synchronized into this tenant: its cross-tenant access "
            "policy does not allow user synchronization from that tenant (identitySynchronization "
            "userSyncInbound.isSyncAllowed)."
        )
    if user.user_type not in ("Member", "Guest"):
        raise InvalidRequest("Invalid value specified for property 'userType' of resource 'User'.")
    if user.mail and _internal_address(session, tenant, user.mail):
        raise InvalidRequest("Another object with the same value for property proxyAddresses already exists.")
    user.external_user_state = "Accepted" if partner.inbound_allowed else "PendingAcceptance"
    user.external_user_state_change_date_time = db_time(now).replace(microsecond=0)
    user.creation_type = user.creation_type or "Invitation"


def _internal_address(session: Session, tenant: Tenant, mail: str) -> bool:
    """Return True when ``mail`` is the mail or a proxy address of an internal (non-B2B) live user."""
    lowered = mail.lower()
    by_proxy = select(col(IndexEntry.user_id)).where(
        col(IndexEntry.tenant_id) == tenant.id,
        col(IndexEntry.prop) == "proxyAddresses",
        col(IndexEntry.value) == f"smtp:{lowered}",
    )
    found = session.execute(
        select(col(User.id)).where(
            col(User.tenant_id) == tenant.id,
            col(User.deleted_date_time).is_(None),
            col(User.external_user_state).is_(None),
            or_(func.lower(col(User.mail)) == lowered, col(User.id).in_(by_proxy)),
        )
    ).first()
    return found is not None
