"""The token signing key: one RSA key per server, from a secret no caller knows.

Entra signs the tokens of every tenant with the same published keys (the ``common`` JWKS); a token names its tenant in
``tid``/``iss``. mockidp does the same with one key, which is either derived from the operator's ``SIGNING_SECRET``
(``MOCKIDP_SIGNING_SECRET``, ``scimulator serve idp --signing-secret``) — then the same secret, seed and clock give
byte-identical tokens across runs — or else generated at random (OpenSSL) on first start and kept in the database's
``serversecret`` row, so restarts on the same database and every gunicorn worker sign alike. It never comes from
public data (the tenant id, the seed): a token built offline without the secret is refused. The row survives
``/_control/reset`` and is left out of snapshots (it belongs to the server, not the directory).

From a configured secret the primes are drawn from an HMAC-SHA256 counter stream over it (pure Python, about a
second, once per process).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app
from sqlalchemy import Column, Text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session

from mockidp.base import IdpModel

__all__ = ["SECRET_TABLE", "ServerSecret", "Signer", "app_signer", "load_signer", "store_signer"]

SECRET_TABLE = "serversecret"
_NAME = "signing-key"
_E = 65537
_KEY_BITS = 2048


class ServerSecret(IdpModel, table=True):
    """A secret of this server (not of any tenant): the signing key, PEM."""

    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(sa_column=Column(Text, nullable=False))


@dataclass(frozen=True)
class Signer:
    """The server's signing key and its key id."""

    key: rsa.RSAPrivateKey
    configured: bool  # derived from SIGNING_SECRET (not stored)

    @cached_property
    def kid(self) -> str:
        """Return the key id: a digest of the public modulus."""
        modulus = self.key.public_key().public_numbers().n
        return hashlib.sha256(str(modulus).encode()).hexdigest()[:32]

    def jwk(self) -> dict[str, Any]:
        """Return the public key as a JWK (the JWKS entry)."""
        numbers = self.key.public_key().public_numbers()

        def b64(value: int) -> str:
            raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        kid = self.kid
        return {
            "kty": "RSA",
            "use": "sig",
            "kid": kid,
            "x5t": kid,
            "n": b64(numbers.n),
            "e": b64(numbers.e),
            "alg": "RS256",
        }


def load_signer(session: Session, configured: str | None) -> Signer:
    """Return the signer: derived from the configured secret, else the stored key, generated on first use."""
    if configured:
        return Signer(_derive_key(hashlib.sha256(f"scimulator-signing:{configured}".encode()).digest()), True)
    row = session.get(ServerSecret, _NAME)
    if row is None:
        key = rsa.generate_private_key(public_exponent=_E, key_size=_KEY_BITS)
        try:
            with session.begin_nested():
                row = ServerSecret(name=_NAME, value=_pem(key))
                session.add(row)
        except IntegrityError:  # another worker stored its key first: use that one
            row = session.get(ServerSecret, _NAME)
            assert row is not None
    stored = serialization.load_pem_private_key(row.value.encode(), password=None)
    assert isinstance(stored, rsa.RSAPrivateKey)
    return Signer(stored, False)


def store_signer(session: Session, signer: Signer) -> None:
    """Keep a generated key in the database again (after a reset emptied the tables)."""
    if not signer.configured:
        session.merge(ServerSecret(name=_NAME, value=_pem(signer.key)))


def app_signer() -> Signer:
    """Return the signer of the current app (loaded once by ``create_app``)."""
    signer: Signer = current_app.extensions["mockidp.signer"]
    return signer


def _pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class _Stream:
    """Deterministic bits from a key: HMAC-SHA256 over a counter (unpredictable without the key)."""

    def __init__(self, key: bytes) -> None:
        self.key, self.counter = key, 0

    def getrandbits(self, bits: int) -> int:
        """Return ``bits`` fresh bits."""
        out = b""
        while len(out) * 8 < bits:
            self.counter += 1
            out += hmac.new(self.key, self.counter.to_bytes(8, "big"), hashlib.sha256).digest()
        return int.from_bytes(out, "big") >> (len(out) * 8 - bits)

    def randrange(self, low: int, high: int) -> int:
        """Return an integer in [low, high) (rejection sampling, no bias)."""
        span = high - low
        while True:
            value = self.getrandbits(span.bit_length())
            if value < span:
                return low + value


@lru_cache(maxsize=32)
def _derive_key(material: bytes) -> rsa.RSAPrivateKey:
    """Derive a 2048-bit RSA key from ``material``: two probable primes from its stream, then the CRT numbers."""
    stream = _Stream(material)
    while True:
        p, q = _prime(stream, _KEY_BITS // 2), _prime(stream, _KEY_BITS // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % _E and (p * q).bit_length() == _KEY_BITS:
            break
    d = pow(_E, -1, phi)
    public = rsa.RSAPublicNumbers(_E, p * q)
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), public)
    return numbers.private_key()


_SMALL_PRIMES = [n for n in range(3, 2000, 2) if all(n % k for k in range(3, int(n**0.5) + 1, 2))]


def _prime(stream: _Stream, bits: int) -> int:
    """Return a probable prime of exactly ``bits`` bits drawn from ``stream`` (Miller-Rabin, 40 rounds)."""
    while True:
        candidate = stream.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if any(candidate % p == 0 for p in _SMALL_PRIMES):
            continue
        if _miller_rabin(candidate, stream, 40):
            return candidate


def _miller_rabin(n: int, stream: _Stream, rounds: int) -> bool:
    """Return True if ``n`` passes ``rounds`` Miller-Rabin rounds."""
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(rounds):
        x = pow(stream.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True
