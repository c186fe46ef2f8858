"""Request bodies, read the same way by every app: a size limit before the app sees them, JSON with a depth limit.

``BodyLimit`` is WSGI middleware: a body over ``MAX_BODY_BYTES`` is answered 413 in the shape of the protocol
its path belongs to, before Flask reads it (RFC 7644 §3.7 for SCIM; Graph's error shape for mockidp).
``read_json`` parses a request body as RFC 8259 JSON and refuses, with the protocol's 400 (SCIM
``invalidSyntax``, Graph's and OData's error), what would otherwise reach the store and break later reads: nesting
deeper than ``JSON_MAX_DEPTH``, ``NaN``/``Infinity`` (not JSON, and PostgreSQL's json type rejects them), numbers
too large for a float, invalid UTF-8, the NUL character (``\\u0000``), which PostgreSQL text cannot hold, and lone UTF-16 surrogates
(``\\ud800``), which no UTF-8 store or answer can encode.
``refuse_nul`` does the same for the path, the query string and form fields, before any view runs.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, request

from idcore.errors import family_for
from idcore.limits import setting

__all__ = ["BodyLimit", "JsonBodyError", "install", "json_depth", "parse_json", "read_json", "refuse_nul"]


class JsonBodyError(ValueError):
    """A body that is not acceptable JSON; the message says why, for the client."""


def parse_json(raw: bytes | str, max_depth: int) -> Any:
    """Parse ``raw`` as JSON no deeper than ``max_depth``; raise JsonBodyError otherwise."""
    try:
        data = json.loads(raw, parse_constant=_no_constant, parse_float=_finite_float)
    except RecursionError:
        raise JsonBodyError(f"The body nests JSON deeper than {max_depth} levels") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonBodyError(f"The body is not valid JSON: {exc}") from None
    text = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    deep = text.count(b"[") + text.count(b"{") > max_depth
    # NUL and lone surrogates can only be written escaped in valid JSON: the raw text says whether to look.
    odd = b"\\u0000" in text or _SURROGATE_ESCAPE.search(text) is not None
    if deep or odd:
        depth, unstorable = _walk(data)
        if depth > max_depth:
            raise JsonBodyError(f"The body nests JSON deeper than {max_depth} levels")
        if unstorable:
            raise JsonBodyError(
                "The body holds a NUL character (\\u0000) or a lone surrogate (\\ud800-\\udfff), "
                "which no stored string may contain"
            )
    return data


def json_depth(data: Any) -> int:
    """Return how deeply arrays and objects nest in ``data`` (a scalar is 0), without recursion."""
    return _walk(data)[0]


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _walk(data: Any) -> tuple[int, bool]:
    """Return the nesting depth of ``data`` and whether a string or key holds NUL or a lone surrogate."""
    deepest, unstorable = 0, False
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            unstorable = unstorable or _UNSTORABLE.search(value) is not None
            continue
        if isinstance(value, dict):
            unstorable = unstorable or any(_UNSTORABLE.search(key) for key in value)
            children: Iterable[Any] = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest, unstorable


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def read_json(*, required: bool = True) -> Any:
    """Return the current request's body as JSON, or raise the 400 of the protocol its path belongs to.

    An empty body is ``None`` when not ``required``.
    """
    raw = request.get_data(cache=True)
    family = family_for(request.path)
    if not raw.strip():
        if not required:
            return None
        raise family.bad_body("The request needs a JSON body")
    try:
        return parse_json(raw, setting("JSON_MAX_DEPTH"))
    except JsonBodyError as exc:
        raise family.bad_body(str(exc)) from None


class BodyLimit:
    """Read at most ``limit + 1`` bytes of each body; answer 413 in the protocol's shape when it is longer."""

    def __init__(self, app: Flask, limit: int | None = None) -> None:
        self.app = app
        self.wsgi_app: Callable[..., Any] = app.wsgi_app
        self.limit = int(limit if limit is not None else app.config.get("MAX_BODY_BYTES") or 1_048_576)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Pass a body within the limit on (buffered), answer 413 otherwise."""
        declared = environ.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > self.limit:
            return self._too_large(environ, start_response)
        stream = environ.get("wsgi.input")
        if stream is not None and (
            declared.isdigit() or environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked"
        ):
            body = stream.read(min(int(declared), self.limit + 1) if declared.isdigit() else self.limit + 1)
            if len(body) > self.limit:
                return self._too_large(environ, start_response)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.wsgi_app(environ, start_response)

    def _too_large(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        family = family_for(environ.get("PATH_INFO") or "/", self.app)
        with self.app.test_request_context(environ.get("PATH_INFO") or "/"):
            error = family.from_http(413, f"The request body is larger than {self.limit} bytes")
            body = error.body().encode()
        start_response(
            "413 Payload Too Large",
            [("Content-Type", error.content_type), ("Content-Length", str(len(body)))],
        )
        return [body]


def refuse_nul() -> None:
    """Answer the protocol's 400 for a NUL character in the path, the query string or a form field."""
    fields = [request.path, *request.args.keys(), *request.args.values()]
    if request.mimetype == "application/x-www-form-urlencoded":
        fields += [*request.form.keys(), *request.form.values()]
    if any("\x00" in field for field in fields):
        raise family_for(request.path).from_http(
            400, "The request holds a NUL character (%00), which is refused"
        )


def install(app: Flask) -> None:
    """Wrap ``app`` in the body size limit (``MAX_BODY_BYTES``) and refuse NUL characters in requests."""
    app.wsgi_app = BodyLimit(app)  # type: ignore[method-assign]
    app.before_request(refuse_nul)
