"""Encodings and generated values: ConvertToBase64, ConvertToUTF8Hex, Guid, RandomString, Redact, and
DefaultDomain (not in S28's list; used in Microsoft's API-driven inbound examples, S15).

Guid and RandomString draw from the context's seeded `random.Random`, never from the random module's globals.
"""

from __future__ import annotations

import base64
import string
import uuid
from collections.abc import Sequence

from ..values import Value, to_int, to_text
from .base import Invocation, spec

# The special characters of Windows' password complexity reference, which S28 RandomString points to.
SPECIAL_CHARACTERS = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/"
RANDOM_STRING_MAX = 256  # S28 RandomString: "256 characters max"
REDACTED = "[Redact]"  # S28 Redact: what the provisioning logs show instead of the value


def convert_to_base64(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28: a Unicode (UTF-16LE) base64 string — "Hello world!" → "SABlAGwAbABvACAAdwBvAHIAbABkACEA"."""
    text = to_text(args[0], inv.name)
    return None if text is None else base64.b64encode(text.encode("utf-16-le")).decode("ascii")


def convert_to_utf8_hex(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28: UTF-8 bytes as upper-case hex — "Hello world!" → "48656C6C6F20776F726C6421"."""
    text = to_text(args[0], inv.name)
    return None if text is None else text.encode("utf-8").hex().upper()


def guid(inv: Invocation, args: Sequence[Value]) -> Value:
    """Return a version-4 GUID drawn from the context's seeded randomness."""
    return str(uuid.UUID(int=inv.ctx.random.getrandbits(128), version=4))


def random_string(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase, ...)."""
    names = ("Length", "MinimumNumbers", "MinimumSpecialCharacters", "MinimumCapital", "MinimumLowerCase")
    length, *minimums = (to_int(a, inv.name, n) for a, n in zip(args, names))
    avoid = (to_text(args[5], inv.name) or "") if len(args) > 5 else ""
    if length > RANDOM_STRING_MAX:
        inv.fail(f"Length is at most {RANDOM_STRING_MAX}, got {length}")
    if min(length, *minimums) < 0 or sum(minimums) > length:
        inv.fail(f"Length ({length}) must be at least the sum of the minimums ({sum(minimums)})")
    pools = [
        "".join(c for c in pool if c not in avoid)
        for pool in (string.digits, SPECIAL_CHARACTERS, string.ascii_uppercase, string.ascii_lowercase)
    ]
    rng = inv.ctx.random
    chars: list[str] = []
    for pool, minimum in zip(pools, minimums):
        if minimum and not pool:
            inv.fail("CharactersToAvoid removes every character of a required class")
        chars.extend(rng.choice(pool) for _ in range(minimum))
    everything = "".join(pools)
    if len(chars) < length and not everything:
        inv.fail("CharactersToAvoid removes every character")
    chars.extend(rng.choice(everything) for _ in range(length - len(chars)))
    rng.shuffle(chars)
    return "".join(chars)


def redact(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Redact: the value flows unchanged; logs show "[Redact]" (see `is_redacted`)."""
    return args[0]


def default_domain(inv: Invocation, args: Sequence[Value]) -> Value:
    """S15: the tenant's default verified domain, from the context."""
    if not inv.ctx.default_domain:
        inv.fail("the tenant's default domain is not set in EvalContext.default_domain")
    return inv.ctx.default_domain


SPECS = (
    spec("ConvertToBase64", "source", convert_to_base64),
    spec("ConvertToUTF8Hex", "source", convert_to_utf8_hex),
    spec("Guid", "", guid),
    spec(
        "RandomString",
        "Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase, [CharactersToAvoid]",
        random_string,
    ),
    spec("Redact", "attribute/value", redact),
    spec("DefaultDomain", "", default_domain),
)
