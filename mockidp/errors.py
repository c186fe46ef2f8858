"""Graph's error family: every failure of the directory answers ``{"error": {"code", "message", "innerError"}}``.

Shape from Microsoft Graph "Error responses" (learn.microsoft.com/graph/errors); the token endpoint answers in the
OAuth 2.0 shape of the Microsoft identity platform instead (RFC 6749 §5.2 plus ``error_codes``/``trace_id``)::

    ProtocolError
     └── GraphError                       500 generalException
          ├── BadRequest                  400 BadRequest
          │    ├── UnsupportedQuery       400 Request_UnsupportedQuery
          │    └── InvalidRequest         400 Request_BadRequest (validation, duplicates)
          ├── InvalidAuthenticationToken  401
          ├── AuthorizationDenied         403 Authorization_RequestDenied
          ├── NotFound                    404 Request_ResourceNotFound
          ├── MethodNotAllowed            405 Request_BadRequest
          ├── PayloadTooLarge             413 RequestEntityTooLarge
          ├── TooManyRequests             429
          ├── ServiceUnavailable          503
          └── OAuthError                  400/401 {"error", "error_description", "error_codes", ...}
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask import has_request_context, request

from idcore.clock import isoformat
from idcore.errors import ProtocolError

__all__ = [
    "AuthorizationDenied",
    "BadRequest",
    "GraphError",
    "InvalidAuthenticationToken",
    "InvalidRequest",
    "MethodNotAllowed",
    "NotFound",
    "OAuthError",
    "PayloadTooLarge",
    "ServiceUnavailable",
    "TooManyRequests",
    "UnsupportedQuery",
]


class GraphError(ProtocolError):
    """A Microsoft Graph error."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "generalException"

    def to_dict(self) -> dict[str, Any]:
        """Return Graph's error body."""
        return {
            "error": {
                "code": self.extra.get("code", self.code),
                "message": self.detail,
                "innerError": _inner_error(),
            }
        }

    @classmethod
    def from_http(cls, status: int, detail: str) -> ProtocolError:
        """Build the Graph error subclass for a plain HTTP status."""
        kind = _BY_STATUS.get(status)
        if kind is None:
            return GraphError(detail, status=status)
        return kind(detail)


def _inner_error() -> dict[str, str]:
    """Return the innerError block: the date on the app clock and the request ids."""
    from idcore.runtime import clock, rng

    inner = {"date": "", "request-id": "", "client-request-id": ""}
    if has_request_context():
        inner["date"] = isoformat(clock().now()).replace(".000", "")
        inner["request-id"] = rng().uuid()
        inner["client-request-id"] = request.headers.get("client-request-id", inner["request-id"])
    return inner


class BadRequest(GraphError):
    """400: the request is malformed."""

    status = 400
    code = "BadRequest"


class UnsupportedQuery(BadRequest):
    """400: a query option or filter the directory does not support (never a wrong answer)."""

    code = "Request_UnsupportedQuery"


class InvalidRequest(BadRequest):
    """400: the write breaks a rule (a missing required property, a duplicate value)."""

    code = "Request_BadRequest"


class InvalidAuthenticationToken(GraphError):
    """401: the access token is missing, expired, or not for this directory."""

    status = 401
    code = "InvalidAuthenticationToken"


class AuthorizationDenied(GraphError):
    """403: the token lacks the permission."""

    status = 403
    code = "Authorization_RequestDenied"


class NotFound(GraphError):
    """404: no such object or route."""

    status = 404
    code = "Request_ResourceNotFound"


class MethodNotAllowed(GraphError):
    """405: the route exists but not for this method."""

    status = 405
    code = "Request_BadRequest"


class PayloadTooLarge(GraphError):
    """413: the body is larger than ``MAX_BODY_BYTES`` (Graph's status "Request Entity Too Large"; the code is
    this mock's, named for that status, as learn.microsoft.com/graph/errors documents no code for it)."""

    status = 413
    code = "RequestEntityTooLarge"


class TooManyRequests(GraphError):
    """429: throttled."""

    status = 429
    code = "TooManyRequests"


class ServiceUnavailable(GraphError):
    """503: the service is unavailable."""

    status = 503
    code = "ServiceUnavailable"


class OAuthError(GraphError):
    """An error of the token endpoint, in the identity platform's OAuth shape."""

    status = 400
    code = "invalid_request"

    def __init__(self, code: str, detail: str, *, aadsts: int, status: int = 400) -> None:
        super().__init__(f"AADSTS{aadsts}: {detail}", status=status)
        self.oauth_code = code
        self.aadsts = aadsts

    @classmethod
    def from_http(cls, status: int, detail: str) -> OAuthError:
        """Build the token endpoint's error for a plain HTTP status (a refused body, a NUL, a wrong method)."""
        # AADSTS90013 is the identity platform's "invalid input received from the user".
        return cls("invalid_request", detail, aadsts=90013, status=status)

    def to_dict(self) -> dict[str, Any]:
        """Return the OAuth error body."""
        inner = _inner_error()
        return {
            "error": self.oauth_code,
            "error_description": self.detail,
            "error_codes": [self.aadsts],
            "timestamp": inner["date"].replace("T", " ").rstrip("Z") + "Z",
            "trace_id": inner["request-id"],
            "correlation_id": inner["client-request-id"],
        }


_BY_STATUS: dict[int, type[GraphError]] = {
    400: BadRequest,
    401: InvalidAuthenticationToken,
    403: AuthorizationDenied,
    404: NotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    429: TooManyRequests,
    503: ServiceUnavailable,
}
