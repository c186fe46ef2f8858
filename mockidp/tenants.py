"""Tenants and their app registrations: the name, the seeded tenant id, the signing key and client credentials.

Each tenant has its own RSA signing key. The key is derived from a seeded integer stored with the tenant, so the
same seed gives the same key and therefore byte-identical tokens; it is computed once per process and cached.
HR endpoints (``mockidp.hr``) authenticate callers with ``verify_client``.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from datetime import datetime
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
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
    "signing_key",
    "tenant_id_for",
    "verify_client",
]

_E = 65537
_KEY_BITS = 2048


class Tenant(IdpModel, table=True):
    """One directory: its name, GUID, default domain, signing key seed and replication settings."""

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(index=True, unique=True, max_length=64)
    domain: str = Field(index=True, unique=True, max_length=255)
    key_seed: str = Field(max_length=40)  # a decimal integer; text so it fits any dialect's column
    kid: str = Field(max_length=64)
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
    """Create (or return the existing) tenant ``name`` with its seeded id, domain and signing key seed."""
    name = name.strip().lower()
    existing = find_tenant(session, name)
    if existing is not None:
        return existing
    tenant_id = tenant_id_for(name, seed)
    key_seed = int.from_bytes(hashlib.sha256(f"key:{tenant_id}".encode()).digest()[:8], "big")
    tenant = Tenant(
        id=tenant_id,
        name=name,
        domain=f"{name}.onmicrosoft.com",
        key_seed=str(key_seed),
        kid=hashlib.sha256(f"kid:{tenant_id}".encode()).hexdigest()[:32],
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


def signing_key(tenant: Tenant) -> rsa.RSAPrivateKey:
    """Return the tenant's RSA private key (derived from its key seed, cached per process)."""
    return _derive_key(int(tenant.key_seed))


@lru_cache(maxsize=32)
def _derive_key(seed: int) -> rsa.RSAPrivateKey:
    """Derive a 2048-bit RSA key from ``seed``: two seeded probable primes, then the CRT numbers."""
    rand = random.Random(seed)
    while True:
        p, q = _prime(rand, _KEY_BITS // 2), _prime(rand, _KEY_BITS // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % _E and (p * q).bit_length() == _KEY_BITS:
            break
    d = pow(_E, -1, phi)
    public = rsa.RSAPublicNumbers(_E, p * q)
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), public)
    return numbers.private_key()


_SMALL_PRIMES = [n for n in range(3, 2000, 2) if all(n % k for k in range(3, int(n**0.5) + 1, 2))]


def _prime(rand: random.Random, bits: int) -> int:
    """Return a probable prime of exactly ``bits`` bits drawn from ``rand`` (Miller-Rabin, 40 rounds)."""
    while True:
        candidate = rand.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if any(candidate % p == 0 for p in _SMALL_PRIMES):
            continue
        if _miller_rabin(candidate, rand, 40):
            return candidate


def _miller_rabin(n: int, rand: random.Random, rounds: int) -> bool:
    """Return True if ``n`` passes ``rounds`` Miller-Rabin rounds."""
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(rounds):
        x = pow(rand.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def jwk(tenant: Tenant) -> dict[str, Any]:
    """Return the tenant's public key as a JWK (the JWKS entry)."""
    import base64

    numbers = signing_key(tenant).public_key().public_numbers()

    def b64(value: int) -> str:
        raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return {
        "kty": "RSA",
        "use": "sig",
        "kid": tenant.kid,
        "x5t": tenant.kid,
        "n": b64(numbers.n),
        "e": b64(numbers.e),
        "alg": "RS256",
    }
