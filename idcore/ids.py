"""Seeded randomness: every id, token and Faker value comes from here.

One ``Randomness`` per app instance (kept in ``app.extensions``), so two apps never share a stream and the same
seed gives the same tenant, the same ids and the same report, byte for byte.
"""

from __future__ import annotations

import random
import string
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

__all__ = ["Randomness"]

_TOKEN_ALPHABET = string.ascii_letters + string.digits


class Randomness:
    """A seeded source of ids, tokens and fake data."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.random = random.Random(seed)

    def reseed(self, seed: int) -> None:
        """Restart the stream from ``seed``."""
        self.seed = seed
        self.random.seed(seed)

    def uuid(self) -> str:
        """Return a random (version 4) UUID string drawn from the seeded stream."""
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def hex(self, length: int = 32) -> str:
        """Return ``length`` lowercase hex characters."""
        return "".join(self.random.choice("0123456789abcdef") for _ in range(length))

    def token(self, length: int = 40) -> str:
        """Return an opaque alphanumeric token."""
        return "".join(self.random.choice(_TOKEN_ALPHABET) for _ in range(length))

    def faker(self, locale: str | list[str] = "en_US") -> Faker:
        """Return a Faker seeded from this stream (one new, independent instance per call)."""
        from faker import Faker

        fake = Faker(locale)
        fake.seed_instance(self.random.getrandbits(64))
        return fake
