"""Credentials for the HR endpoints: the tenant's client id and secret are the user name and password.

Workday takes them in a WS-Security UsernameToken (user name ``client_id`` or ``client_id@tenant``, the Integration
System User form ``user@tenant`` of entra-behavior.md §7.2); SuccessFactors in HTTP Basic (``client_id@tenant``,
SuccessFactors' ``user@companyId`` form, or a bare client id registered in exactly one tenant).
"""

from __future__ import annotations

import base64
import binascii

from sqlmodel import Session, select

from mockidp.tenants import AppRegistration, Tenant, find_tenant, verify_client

__all__ = ["verify_basic", "verify_workday"]


def verify_workday(
    session: Session, tenant: str, username: str | None, password: str | None
) -> Tenant | None:
    """Return the URL's tenant if the UsernameToken names one of its app registrations, else None."""
    if not username or password is None:
        return None
    client_id, _, named = username.partition("@")
    found = find_tenant(session, tenant)
    if found is None or (named and find_tenant(session, named) is not found):
        return None
    return verify_client(session, found.id, client_id, password)


def verify_basic(session: Session, header: str | None) -> Tenant | None:
    """Return the tenant an HTTP Basic ``Authorization`` header authenticates, else None."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        username, sep, password = (
            base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        return None
    if not sep:
        return None
    client_id, _, tenant = username.partition("@")
    if tenant:
        return verify_client(session, tenant, client_id, password)
    owners = session.exec(select(AppRegistration.tenant_id).where(AppRegistration.app_id == client_id)).all()
    return verify_client(session, owners[0], client_id, password) if len(owners) == 1 else None
