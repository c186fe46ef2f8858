"""Take secrets out of what is recorded: request bodies and query strings kept by the journal.

What counts as a secret, whatever the protocol:

- form bodies and query strings (OAuth token requests, RFC 6749 §4.4): ``client_secret``, ``password``,
  ``client_assertion``, ``assertion``, ``refresh_token``, ``access_token``, ``code_verifier``;
- JSON bodies: the value of any member named ``password``, ``secret`` or ``client_secret`` at any depth (a SCIM
  User's ``password``, RFC 7643 §4.1.1; Graph's ``passwordProfile.password``), and the ``value`` of a SCIM PATCH
  operation whose ``path`` ends in ``password`` (RFC 7644 §3.5.2);
- SOAP bodies: the text of a ``Password`` element (WS-Security ``wsse:Password``, as Workday clients send it).

Each is replaced by ``[REDACTED]``; a body with nothing to hide is returned unchanged, byte for byte.
"""

from __future__ import annotations

import json
import re
from typing import Any

from idcore.bodies import JsonBodyError, parse_json

__all__ = ["MASK", "redact_body", "redact_query"]

MASK = "[REDACTED]"
FORM_SECRETS = frozenset(
    {
        "client_secret",
        "password",
        "client_assertion",
        "assertion",
        "refresh_token",
        "access_token",
        "code_verifier",
    }
)
JSON_SECRETS = frozenset({"password", "secret", "client_secret"})

_HINT = re.compile(rb"password|secret|assertion|_token|code_verifier", re.IGNORECASE)
_FORM_PAIR = re.compile(
    r"(?i)(^|[&;?\s])(" + "|".join(sorted(FORM_SECRETS)) + r")=[^&;\s]*",
)
_JSON_MEMBER = re.compile(r'(?i)("(?:password|secret|client_secret)"\s*:\s*)"(?:[^"\\]|\\.)*"')
_XML_PASSWORD = re.compile(r"(?is)(<(?:[\w.-]+:)?Password\b[^>]*>)(.*?)(</(?:[\w.-]+:)?Password\s*>)")


def redact_query(query: str) -> str:
    """Return ``query`` with the values of secret parameters masked."""
    if not query or not _HINT.search(query.encode("latin-1", "replace")):
        return query
    return _FORM_PAIR.sub(lambda m: f"{m.group(1)}{m.group(2)}={MASK}", query)


def redact_body(raw: bytes, mimetype: str = "") -> bytes:
    """Return ``raw`` with every secret masked (unchanged when it holds none)."""
    if not raw or not _HINT.search(raw):
        return raw
    if mimetype == "application/json" or mimetype.endswith("+json"):
        try:
            return _redact_json(raw)
        except JsonBodyError:
            pass  # not JSON after all (or nested too deeply): mask what the patterns find
    return _redact_text(raw)


def _redact_json(raw: bytes) -> bytes:
    data = parse_json(raw, 64)
    if not _mask_json(data):
        return _redact_text(raw)
    return json.dumps(data, ensure_ascii=False).encode()


def _mask_json(data: Any) -> bool:
    """Mask secrets in ``data`` in place, without recursion; return whether anything was masked."""
    masked = False
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
            continue
        if not isinstance(value, dict):
            continue
        path = value.get("path")
        if isinstance(path, str) and path.lower().rstrip("]").endswith("password") and "value" in value:
            value["value"], masked = MASK, True
        for key, child in value.items():
            if key.lower() in JSON_SECRETS:
                value[key], masked = MASK, True
            else:
                stack.append(child)
    return masked


def _redact_text(raw: bytes) -> bytes:
    text = raw.decode("utf-8", "replace")
    text = _XML_PASSWORD.sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", text)
    text = _JSON_MEMBER.sub(lambda m: f'{m.group(1)}"{MASK}"', text)
    text = _FORM_PAIR.sub(lambda m: f"{m.group(1)}{m.group(2)}={MASK}", text)
    return text.encode()
