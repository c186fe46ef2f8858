"""Who is calling: a bearer token per tenant, or an OAuth 2.0 client-credentials token that expires on the clock.

Entra sends ``Authorization: Bearer <token>`` (Microsoft Learn, "Develop a SCIM endpoint"); a missing or wrong
token is 401 in the SCIM Error schema. Gallery apps may use OAuth client credentials with expiring tokens; an
expired token is a 401 too, which Entra reports as invalid credentials.

OAuth access tokens are bearer secrets, so they come from ``secrets`` (32 bytes), not the app's seeded randomness:
determinism matters for ids and reports, never for a credential. They are rows of the database (``TokenRow``), so
every gunicorn worker on one database accepts a token another issued; a row holds the token's SHA-256, not the
token, so neither the database nor a snapshot holds a usable credential.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from idcore.clock import Clock
from idcore.db import Database
from idcore.scim.errors import BadRequest, Unauthorized
from mockscim.models import TokenRow

__all__ = ["Authenticator", "OAuthError"]

_TOKEN_ATTEMPTS = 3


class OAuthError(BadRequest):
    """An RFC 6749 §5.2 token endpoint error (``invalid_client``, ``unsupported_grant_type``)."""

    content_type = "application/json"

    def __init__(self, error: str, detail: str, status: int = 400) -> None:
        super().__init__(detail, status=status)
        self.error = error

    @classmethod
    def from_http(cls, status: int, detail: str) -> OAuthError:
        """Build the token endpoint's error for a plain HTTP status (a refused body, a wrong method)."""
        return cls("invalid_client" if status == 401 else "invalid_request", detail, status=status)

    def to_dict(self) -> dict[str, Any]:
        """Return the OAuth error body."""
        return {"error": self.error, "error_description": self.detail}


class Authenticator:
    """Map a presented credential to a tenant name."""

    def __init__(self, app: Flask, db: Database, clock: Clock) -> None:
        config = app.config
        self.tokens: dict[str, str] = {str(config["TOKEN"]): "default"} if config.get("TOKEN") else {}
        self.tokens.update(
            {str(token): str(tenant) for tenant, token in (config.get("TENANTS") or {}).items()}
        )
        self.client_id = config.get("OAUTH_CLIENT_ID")
        self.client_secret = config.get("OAUTH_CLIENT_SECRET")
        self.oauth_tenant = str(config.get("OAUTH_TENANT") or "default")
        self.lifetime = int(config.get("OAUTH_TOKEN_LIFETIME") or 3600)
        self.db, self.clock = db, clock

    @property
    def oauth_enabled(self) -> bool:
        """Tell whether the client-credentials token endpoint is on."""
        return bool(self.client_id and self.client_secret)

    def tenant(self, authorization: str | None) -> str:
        """Return the tenant of an ``Authorization`` header; raise Unauthorized."""
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized(
                "Send 'Authorization: Bearer <token>'.", headers={"WWW-Authenticate": "Bearer"}
            )
        for known, tenant in self.tokens.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return tenant
        if self.oauth_enabled:
            with self.db.session() as session:
                row = session.get(TokenRow, _digest(token))
                if row is not None:
                    if row.expires > self.clock.now():
                        return row.tenant
                    raise Unauthorized(
                        "The access token has expired.",
                        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
                    )
        raise Unauthorized("The bearer token is not valid.", headers={"WWW-Authenticate": "Bearer"})

    def issue(
        self, grant_type: str | None, client_id: str | None, client_secret: str | None
    ) -> dict[str, Any]:
        """Issue a token for the client-credentials grant (RFC 6749 §4.4); raise OAuthError."""
        if grant_type != "client_credentials":
            raise OAuthError("unsupported_grant_type", "Only grant_type=client_credentials is supported.")
        if not (
            client_id
            and client_secret
            and hmac.compare_digest(str(client_id), str(self.client_id))
            and hmac.compare_digest(str(client_secret), str(self.client_secret))
        ):
            raise OAuthError("invalid_client", "Unknown client or wrong secret.", status=401)
        now = self.clock.now()
        expires = (now + timedelta(seconds=self.lifetime)).astimezone(UTC)
        with self.db.session() as session:
            session.execute(delete(TokenRow).where(col(TokenRow.expires) <= now))
        for _ in range(_TOKEN_ATTEMPTS):
            token = secrets.token_urlsafe(32)  # a clash is practically impossible; retried all the same
            try:
                with self.db.session() as session:
                    session.add(TokenRow(token=_digest(token), tenant=self.oauth_tenant, expires=expires))
            except IntegrityError:
                continue
            return {"access_token": token, "token_type": "Bearer", "expires_in": self.lifetime}
        raise OAuthError("temporarily_unavailable", "Could not issue a unique token; retry.", status=503)

    def count(self) -> int:
        """Return how many OAuth tokens are stored (for tests)."""
        with self.db.session() as session:
            return len(list(session.scalars(select(col(TokenRow.token)))))


def _digest(token: str) -> str:
    """Return the stored form of an access token (SHA-256, hex): enough for a 256-bit random token."""
    return hashlib.sha256(token.encode()).hexdigest()
