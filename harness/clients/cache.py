"""What repeated on-demand runs of one caller may reuse: directory access tokens and the enterprise app.

The provisioning service does not sign in before every object it provisions: it keeps its access token until
shortly before it expires, and it knows the enterprise app its job belongs to. A ``RunCache`` held by the caller
(``World`` holds one) gives repeated runs the same memory. Lifetimes are measured on the injected clock, so a test
that advances the clock past a token's lifetime sees a fresh token fetched, exactly as it would over hours.
Without a cache every run fetches its own token and reads the app again, as before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

__all__ = ["TOKEN_MARGIN", "CachedToken", "RunCache"]

#: A cached token is renewed this long before its expiry, so a run never starts with one about to lapse.
TOKEN_MARGIN = timedelta(minutes=5)


@dataclass(frozen=True)
class CachedToken:
    """An access token, when it was issued and when it expires (both on the injected clock)."""

    value: str
    issued: datetime
    expires: datetime

    def usable(self, now: datetime) -> bool:
        """Return True while the token is not about to expire (and the clock has not moved back before it)."""
        return self.issued <= now < self.expires - TOKEN_MARGIN


@dataclass
class RunCache:
    """Tokens per (token URL, client) and enterprise apps per (directory, tenant, app), shared across runs."""

    tokens: dict[tuple[str, str, str], CachedToken] = field(default_factory=dict)
    service_principals: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    @staticmethod
    def token_key(token_url: str, client_id: str, client_secret: str) -> tuple[str, str, str]:
        """Return the key of a client's token (the secret only as a digest: a new secret is a new client)."""
        return token_url, client_id, hashlib.sha256(client_secret.encode()).hexdigest()

    def token(self, key: tuple[str, str, str], now: datetime) -> str | None:
        """Return a usable cached token for ``key``, or None (dropping one that is no longer usable)."""
        cached = self.tokens.get(key)
        if cached is None:
            return None
        if not cached.usable(now):
            del self.tokens[key]
            return None
        return cached.value

    def keep_token(self, key: tuple[str, str, str], value: str, now: datetime, expires_in: Any) -> None:
        """Remember a token issued at ``now`` for ``expires_in`` seconds (not at all without a lifetime)."""
        try:
            lifetime = float(expires_in)
        except (TypeError, ValueError):
            return
        self.tokens[key] = CachedToken(value, now, now + timedelta(seconds=lifetime))

    def forget_token(self, key: tuple[str, str, str]) -> None:
        """Drop the token for ``key`` (the directory refused it)."""
        self.tokens.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        self.tokens.clear()
        self.service_principals.clear()
