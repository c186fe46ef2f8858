"""Client-credentials tokens: issue a JWT signed with the tenant's key, and check one on every Graph call.

Claims follow the v1 access tokens Graph receives (learn.microsoft.com/entra/identity-platform/access-token-claims-
reference): ``aud`` https://graph.microsoft.com, ``iss`` https://sts.windows.net/{tid}/, ``tid``, ``appid``,
``roles``, ``iat``/``nbf``/``exp`` on the app's clock. A missing, malformed, expired or foreign-signed token is
Graph's 401 ``InvalidAuthenticationToken``. The key comes from the server's secret (``mockidp.signing``): a token signed
with anything else — a key derived from the tenant id or the seed, say — is a 401.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

import jwt
from sqlmodel import Session

from idcore.ids import Randomness
from mockidp.errors import InvalidAuthenticationToken, OAuthError
from mockidp.signing import Signer
from mockidp.tenants import Tenant, find_app_registration, find_tenant, hash_secret

__all__ = ["GRAPH_AUDIENCE", "VERIFIED_LIMIT", "VerifiedTokens", "issue_token", "jwks", "verify_token"]

GRAPH_AUDIENCE = "https://graph.microsoft.com"
_SCOPES = {"https://graph.microsoft.com/.default", "00000003-0000-0000-c000-000000000000/.default"}


def issue_token(
    session: Session,
    tenant_key: str,
    form: dict[str, str],
    now: datetime,
    lifetime: int,
    rng: Randomness,
    signer: Signer,
) -> dict[str, Any]:
    """Answer a client_credentials token request, or raise the identity platform's OAuth error."""
    tenant = find_tenant(session, tenant_key)
    if tenant is None:
        raise OAuthError(
            "invalid_request",
            f"Tenant '{tenant_key}' not found. This may happen if there are no "
            "active subscriptions for the tenant.",
            aadsts=90002,
        )
    if form.get("grant_type") != "client_credentials":
        raise OAuthError(
            "unsupported_grant_type",
            "The provided value for the input parameter 'grant_type' is not "
            "valid. Expected values are the following: 'client_credentials'.",
            aadsts=70003,
        )
    if form.get("scope") not in _SCOPES:
        raise OAuthError(
            "invalid_scope",
            f"The provided value for the input parameter 'scope' is not valid. The "
            f"scope {form.get('scope') or ''} is not valid.",
            aadsts=70011,
        )
    client_id = form.get("client_id", "")
    app = find_app_registration(session, tenant.id, client_id) if client_id else None
    if app is None:
        raise OAuthError(
            "unauthorized_client",
            f"Application with identifier '{client_id}' was not found in the directory '{tenant.name}'.",
            aadsts=700016,
        )
    if not hmac.compare_digest(app.secret_hash, hash_secret(form.get("client_secret", ""))):
        raise OAuthError(
            "invalid_client",
            f"Invalid client secret provided. Ensure the secret being sent in the "
            f"request is the client secret value, not the client secret ID, for a secret added to app "
            f"'{client_id}'.",
            aadsts=7000215,
            status=401,
        )
    issued = int(now.timestamp())
    claims = {
        "aud": GRAPH_AUDIENCE,
        "iss": f"https://sts.windows.net/{tenant.id}/",
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime,
        "appid": client_id,
        "appidacr": "1",
        "idtyp": "app",
        "oid": app.id,
        "sub": app.id,
        "tid": tenant.id,
        "roles": app.roles.split(),
        "ver": "1.0",
        "uti": rng.token(22),
    }
    token = jwt.encode(claims, signer.key, algorithm="RS256", headers={"kid": signer.kid, "x5t": signer.kid})
    return {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": token}


#: What ``verify_token`` remembers of a token whose signature it checked: the tenant id and key id it was checked
#: against, and its claims. Held per app by the caller (``app.extensions``), bounded by ``VERIFIED_LIMIT``.
VerifiedTokens = dict[str, tuple[str, str, dict[str, Any]]]
VERIFIED_LIMIT = 1024


def verify_token(
    session: Session,
    header: str | None,
    now: datetime,
    signer: Signer,
    verified: VerifiedTokens | None = None,
) -> tuple[Tenant, dict[str, Any]]:
    """Return the tenant and claims of a valid ``Authorization: Bearer`` header, or raise Graph's 401.

    ``verified`` remembers tokens whose RS256 signature was checked (about a millisecond each), keyed by the token
    string: a token seen again against the same tenant and key skips the signature check, never the lifetime —
    ``exp`` and ``nbf`` are judged on ``now`` every time, so an expired token is refused as before.
    """
    scheme, _, token = (header or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise InvalidAuthenticationToken("Access token is empty.")
    known = verified.get(token) if verified is not None else None
    if known is not None:
        tenant = find_tenant(session, str(known[2].get("tid", "")))
        if tenant is not None and (tenant.id, signer.kid) == known[:2]:
            return tenant, _check_lifetime(known[2], now)
    tenant, claims = _verify_signature(session, token, signer)
    if verified is not None:
        if len(verified) >= VERIFIED_LIMIT:
            verified.clear()
        verified[token] = (tenant.id, signer.kid, claims)
    return tenant, _check_lifetime(claims, now)


def _verify_signature(session: Session, token: str, signer: Signer) -> tuple[Tenant, dict[str, Any]]:
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise InvalidAuthenticationToken("IDX14100: JWT is not well formed.") from exc
    tenant = find_tenant(session, str(unverified.get("tid", "")))
    if tenant is None:
        raise InvalidAuthenticationToken("Access token validation failure. Invalid audience or issuer.")
    try:
        claims = jwt.decode(
            token,
            signer.key.public_key(),
            algorithms=["RS256"],
            audience=GRAPH_AUDIENCE,
            issuer=f"https://sts.windows.net/{tenant.id}/",
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
    except jwt.PyJWTError as exc:
        raise InvalidAuthenticationToken(
            "Access token validation failure. Invalid audience or signature."
        ) from exc
    return tenant, claims


def _check_lifetime(claims: dict[str, Any], now: datetime) -> dict[str, Any]:
    stamp = now.timestamp()
    if stamp >= claims["exp"]:
        raise InvalidAuthenticationToken("Lifetime validation failed, the token is expired.")
    if stamp < claims["nbf"]:
        raise InvalidAuthenticationToken("Lifetime validation failed, the token is not yet valid.")
    return claims


def jwks(session: Session, tenant_key: str, signer: Signer) -> dict[str, Any] | None:
    """Return the tenant's JWKS, or None for an unknown tenant."""
    tenant = find_tenant(session, tenant_key)
    return None if tenant is None else {"keys": [signer.jwk()]}
