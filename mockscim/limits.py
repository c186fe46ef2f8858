"""Body size limit as WSGI middleware: a body over ``MAX_BODY_BYTES`` is 413 before Flask reads it (RFC 7644 §3.7)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from idcore.scim.errors import PayloadTooLarge

__all__ = ["BodyLimit"]


class BodyLimit:
    """Read at most ``limit + 1`` bytes of each body; answer 413 in the SCIM Error schema when it is longer."""

    def __init__(self, wsgi_app: Callable[..., Any], limit: int) -> None:
        self.wsgi_app = wsgi_app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        declared = environ.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > self.limit:
            return self._too_large(start_response)
        stream = environ.get("wsgi.input")
        if stream is not None and (
            declared.isdigit() or environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked"
        ):
            body = stream.read(min(int(declared), self.limit + 1) if declared.isdigit() else self.limit + 1)
            if len(body) > self.limit:
                return self._too_large(start_response)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.wsgi_app(environ, start_response)

    def _too_large(self, start_response: Callable[..., Any]) -> Iterable[bytes]:
        error = PayloadTooLarge(f"The request body is larger than {self.limit} bytes")
        body = error.body().encode()
        start_response(
            "413 Payload Too Large",
            [("Content-Type", error.content_type), ("Content-Length", str(len(body)))],
        )
        return [body]
