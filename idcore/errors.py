"""Protocol errors: exceptions that know their status, code and wire form.

Each app has one error family (SCIM, Graph, SOAP fault, OData) deriving from ``ProtocolError`` and one handler
installed by ``init_app``; views raise, they never build error bodies. The handler also turns Flask's own HTTP
errors (unknown route, wrong method) and any unexpected exception into the app's shape, so client input never
yields an HTML page or a traceback::

    ProtocolError                      status, code, detail, to_dict(), content_type
     ├── idcore.scim.errors.ScimError  SCIM Error schema (RFC 7644 §3.12)
     ├── mockidp GraphError            {"error": {"code", "message", "innerError"}}
     ├── mockidp SoapFault             SOAP 1.1 Fault envelope (text/xml)
     └── mockidp ODataError            {"error": {"code", "message": {"lang", "value"}}}
"""

from __future__ import annotations

import json
import logging
from typing import Any, ClassVar

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

__all__ = ["ProtocolError", "family_for", "init_app", "register_family"]

log = logging.getLogger(__name__)


class ProtocolError(Exception):
    """An error with an HTTP status and a body in the protocol's own shape."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internalError"
    content_type: ClassVar[str] = "application/json"

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status  # type: ignore[misc]
        self.headers = dict(headers or {})
        self.extra = extra

    def to_dict(self) -> dict[str, Any]:
        """Return the error body as data."""
        return {"status": self.status, "code": self.code, "detail": self.detail, **self.extra}

    def body(self) -> str:
        """Return the error body as wire text."""
        return json.dumps(self.to_dict())

    def to_response(self) -> Response:
        """Return the whole HTTP response for this error."""
        return Response(self.body(), status=self.status, headers=self.headers, content_type=self.content_type)

    def to_response_with(self, headers: dict[str, str] | None) -> Response:
        """Return the HTTP response with extra ``headers`` (Retry-After on a 429, say)."""
        self.headers.update(headers or {})
        return self.to_response()

    @classmethod
    def from_http(cls, status: int, detail: str) -> ProtocolError:
        """Build this family's error for a plain HTTP status (unknown route, wrong method, crash)."""
        return cls(detail, status=status)

    @classmethod
    def bad_body(cls, detail: str) -> ProtocolError:
        """Build this family's 400 for a request body it cannot read (not JSON, nested too deeply)."""
        return cls.from_http(400, detail)


def register_family(app: Flask, prefix: str, family: type[ProtocolError]) -> None:
    """Answer errors under the URL path ``prefix`` in the shape of ``family`` (an app serving two protocols).

    A ``*`` segment of ``prefix`` stands for any one segment (``/*/oauth2/v2.0/token``: every tenant's token URL).
    """
    families: list[tuple[str, type[ProtocolError]]] = app.extensions.setdefault("idcore.error_families", [])
    families.append((prefix.rstrip("/"), family))
    families.sort(key=lambda item: len(item[0]), reverse=True)


def family_for(path: str, app: Flask | None = None) -> type[ProtocolError]:
    """Return the error family that answers for ``path`` on ``app`` (default: the current app)."""
    app = app or current_app
    for prefix, family in app.extensions.get("idcore.error_families", []):
        if _under(path, prefix):
            return family
    return app.extensions["idcore.error_family"]


def _under(path: str, prefix: str) -> bool:
    """Return whether ``path`` is ``prefix`` or below it, a ``*`` segment of ``prefix`` matching any one."""
    if "*" not in prefix:
        return path == prefix or path.startswith(prefix + "/")
    wanted, segments = prefix.split("/"), path.split("/")
    if len(segments) < len(wanted):
        return False
    return all(w in ("*", s) for w, s in zip(wanted, segments, strict=False))


def init_app(app: Flask, family: type[ProtocolError]) -> None:
    """Answer every error of ``app`` in the shape of ``family`` (or of the family registered for its path)."""
    app.extensions["idcore.error_family"] = family

    @app.errorhandler(ProtocolError)
    def _protocol(error: ProtocolError) -> Response:
        return error.to_response()

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        family = family_for(request.path)
        response = family.from_http(error.code or 500, error.description or error.name).to_response()
        allowed = getattr(error, "valid_methods", None)  # set on werkzeug's MethodNotAllowed
        if error.code == 405 and allowed:
            response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(Exception)
    def _crash(error: Exception) -> Response:
        log.exception("unhandled error")
        return (
            family_for(request.path)
            .from_http(500, "The server hit an unexpected error; see its log.")
            .to_response()
        )
