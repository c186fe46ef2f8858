"""Entra's documented non-RFC forms, and telling when an endpoint handled one the way RFC 7644 requires.

Microsoft documents three forms Entra sends that RFC 7643/7644 do not define: ``active`` as the string ``"False"`` /
``"True"`` and ``Remove`` on ``members`` with a value list (the default dialect), and, with ``aadOptscim062020``,
several replaced attributes folded into one path-less replace whose value uses flat dotted or URN keys
(``name.givenName``). An RFC-literal endpoint rejects them (400) or, for the removal, removes every member.
The check then raises ``NonRfc``: a failure by default (Entra cannot work with that endpoint), a warning with
``--judge rfc`` (docs/validate.md, "Strict RFC endpoints").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from harness.validate.model import Failed, NonRfc

__all__ = ["non_rfc_form", "rfc_rejection"]


def _flat_key(key: str) -> bool:
    last = key.rsplit(":", 1)[-1]
    return "." in last or (key.startswith("urn:") and last[:1].islower())


def non_rfc_form(body: Any) -> str | None:
    """Name the documented non-RFC form a PATCH body carries, or None."""
    operations = body.get("Operations") if isinstance(body, dict) else None
    for op in operations if isinstance(operations, list) else []:
        if not isinstance(op, dict):
            continue
        name, path, value = str(op.get("op", "")).lower(), op.get("path"), op.get("value")
        if path == "active" and value in ("True", "False"):
            return f'active as the string "{value}" (RFC 7643 §2.3.2: a JSON boolean)'
        if name == "replace" and path is None and isinstance(value, dict) and any(map(_flat_key, value)):
            return "a path-less replace with flat dotted/URN keys such as name.givenName (RFC 7644 §3.5.2.3: attribute names)"
        if name == "remove" and value is not None:
            return "Remove with a value list (RFC 7644 §3.5.2.2: a remove names its target by path only)"
    return None


@contextmanager
def rfc_rejection(run: Any) -> Iterator[None]:
    """Turn a failure into ``NonRfc`` when the check's last PATCH carried a non-RFC form and was answered 400."""
    try:
        yield
    except NonRfc:
        raise
    except Failed as exc:
        patches = [e for e in run.exchanges if e.method == "PATCH"]
        form = non_rfc_form(patches[-1].request_body) if patches else None
        if form and patches[-1].status == 400:
            raise NonRfc(f"{exc} — the endpoint rejects {form}, as RFC 7644 allows") from None
        raise
