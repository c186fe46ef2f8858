"""Tenants and their app registrations: the name, the seeded tenant id and client credentials.

Each tenant's token signing key comes from the server's secret (``mockidp.signing``), never from the tenant id.
HR endpoints (``mockidp.hr``) authenticate callers with ``verify_client``.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Field, Session, col, select

from idcore.ids import Randomness
from mockidp.base import IdpModel

__all__ = [
    "AppRegistration",
    "Tenant",
    "add_app_registration",
    "create_tenant",
    "find_tenant",
    "hash_secret",
    "lock_tenant",
    "tenant_id_for",
    "verify_client",
]


class Tenant(IdpModel, table=True):
    """One directory: its name, GUID, default domain and replication settings."""

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(index=True, unique=True, max_length=64)
    domain: str = Field(index=True, unique=True, max_length=255)
    replication_delay: float = 180.0
    replication_mode: str = Field(default="time", max_length=16)
    change_seq: int = 0  # the last change number handed out (delta tokens, keyset order)
    created_date_time: datetime


class AppRegistration(IdpModel, table=True):
    """An application registered in a tenant: its client id (appId) and the hash of its client secret."""

    id: str = Field(primary_key=True, max_length=36)
    tenant_id: str = Field(foreign_key="tenant.id", index=True, max_length=36)
    app_id: str = Field(index=True, max_length=255)
    display_name: str = Field(max_length=255)
    secret_hash: str = Field(max_length=64)
    roles: str = Field(default="", max_length=2000)  # space-separated application permissions granted


def hash_secret(secret: str) -> str:
    """Return the stored form of a client secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def tenant_id_for(name: str, seed: int) -> str:
    """Return the tenant GUID a seed gives a tenant name (stable across runs, independent of draw order)."""
    digest = hashlib.sha256(f"tenant:{name}:{seed}".encode()).digest()
    return Randomness(int.from_bytes(digest[:8], "big")).uuid()


def find_tenant(session: Session, tenant: str) -> Tenant | None:
    """Return the tenant named by its name, GUID or domain (case-insensitive), or None."""
    key = (tenant or "").strip().lower()
    if not key:
        return None
    return session.exec(
        select(Tenant).where(or_(col(Tenant.name) == key, col(Tenant.id) == key, col(Tenant.domain) == key))
    ).first()


def lock_tenant(session: Session, tenant: Tenant) -> None:
    """Hold the tenant's row until the session ends, so its writes (UPN checks, member adds) run one at a time.

    PostgreSQL: ``SELECT ... FOR UPDATE``, across every worker. SQLite takes its write lock for the whole file when
    the session is a write session (``idcore.db``), and renders no ``FOR UPDATE``.
    """
    session.execute(
        select(Tenant)
        .where(col(Tenant.id) == tenant.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def verify_client(session: Session, tenant: str, client_id: str, client_secret: str) -> Tenant | None:
    """Return the tenant (by name or id) if ``client_id``/``client_secret`` is one of its app registrations."""
    found = find_tenant(session, tenant)
    if found is None or not client_id:
        return None
    app = session.exec(
        select(AppRegistration).where(
            col(AppRegistration.tenant_id) == found.id, col(AppRegistration.app_id) == client_id
        )
    ).first()
    if app is None or not hmac.compare_digest(app.secret_hash, hash_secret(client_secret or "")):
        return None
    return found


def find_app_registration(session: Session, tenant_id: str, client_id: str) -> AppRegistration | None:
    """Return the app registration ``client_id`` of a tenant, or None."""
    return session.exec(
        select(AppRegistration).where(
            col(AppRegistration.tenant_id) == tenant_id, col(AppRegistration.app_id) == client_id
        )
    ).first()


def create_tenant(
    session: Session, name: str, seed: int, now: datetime, *, delay: float = 180.0, mode: str = "time"
) -> Tenant:
    """Create (or return the existing) tenant ``name`` with its seeded id and domain."""
    name = name.strip().lower()
    existing = find_tenant(session, name)
    if existing is not None:
        return existing
    tenant_id = tenant_id_for(name, seed)
    tenant = Tenant(
        id=tenant_id,
        name=name,
        domain=f"{name}.onmicrosoft.com",
        replication_delay=delay,
        replication_mode=mode,
        created_date_time=now,
    )
    session.add(tenant)
    session.flush()
    return tenant


def add_app_registration(
    session: Session, tenant: Tenant, client_id: str, secret: str, display_name: str, roles: list[str]
) -> AppRegistration:
    """Register (or re-key) the app ``client_id`` in ``tenant`` with ``secret`` and application ``roles``."""
    app = find_app_registration(session, tenant.id, client_id)
    if app is None:
        digest = hashlib.sha256(f"app:{tenant.id}:{client_id}".encode()).digest()
        app = AppRegistration(
            id=Randomness(int.from_bytes(digest[:8], "big")).uuid(),
            tenant_id=tenant.id,
            app_id=client_id,
            display_name=display_name,
            secret_hash="",
        )
    app.secret_hash = hash_secret(secret)
    app.roles = " ".join(roles)
    session.add(app)
    session.flush()
    return app
