"""SCIM protocol errors: each class knows its HTTP status, its ``scimType`` and its wire form.

RFC 7644 §3.12 defines the error response body and the ``scimType`` keywords; views raise these
classes and one error handler per app turns them into responses with :meth:`ScimError.to_dict`.

Exception tree::

    idcore.errors.ProtocolError
    └── ScimError                    500  (base; never raised bare)
        ├── BadRequest               400
        │   ├── InvalidFilter        400  invalidFilter
        │   ├── TooMany              400  tooMany
        │   ├── InvalidSyntax        400  invalidSyntax
        │   ├── InvalidPath          400  invalidPath
        │   ├── NoTarget             400  noTarget
        │   ├── InvalidValue         400  invalidValue
        │   ├── InvalidVersion       400  invalidVers
        │   ├── Sensitive            400  sensitive
        │   └── Mutability           400  mutability
        ├── Unauthorized             401
        ├── Forbidden                403
        ├── NotFound                 404
        ├── Conflict                 409
        │   └── Uniqueness           409  uniqueness
        ├── PreconditionFailed       412
        ├── PayloadTooLarge          413
        ├── InternalError            500
        └── ScimNotImplemented       501  (not ``NotImplemented``: that name is a Python builtin)
"""

from __future__ import annotations

from typing import Any, ClassVar

from idcore.errors import ProtocolError

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


class ScimError(ProtocolError):
    """Base of every SCIM error; subclasses set ``status`` and ``scim_type``."""

    status = 500
    code = "internalError"
    content_type = "application/scim+json"
    scim_type: ClassVar[str | None] = None

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.default_detail(), **extra)

    @classmethod
    def default_detail(cls) -> str:
        """Return the detail used when none is given."""
        return cls.scim_type or cls.__name__

    def to_dict(self) -> dict[str, Any]:
        """Return the RFC 7644 §3.12 error body; ``status`` is a JSON string there."""
        body: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(self.status)}
        if self.scim_type:
            body["scimType"] = self.scim_type
        if self.detail:
            body["detail"] = self.detail
        return body

    def __str__(self) -> str:
        return self.detail

    @classmethod
    def from_http(cls, status: int, detail: str) -> ScimError:
        """Build the SCIM error for a plain HTTP status (unknown route, wrong method, crash)."""
        return _BY_STATUS.get(status, ScimError)(detail, status=status)

    @classmethod
    def bad_body(cls, detail: str) -> ScimError:
        """Build 400 invalidSyntax for a body that is not acceptable JSON (RFC 7644 §3.12)."""
        return InvalidSyntax(detail)


class BadRequest(ScimError):
    """The request is malformed in a way no more specific ``scimType`` describes."""

    status = 400
    code = "badRequest"


class InvalidFilter(BadRequest):
    """The filter syntax is invalid or names an unsupported attribute or operator (RFC 7644 §3.12)."""

    scim_type = "invalidFilter"
    code = "invalidFilter"

    def __init__(self, detail: str = "", *, position: int | None = None, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.position = position


class TooMany(BadRequest):
    """The filter yields more results than the server will return (RFC 7644 §3.12)."""

    scim_type = "tooMany"
    code = "tooMany"


class InvalidSyntax(BadRequest):
    """The request body is not parsable or violates the schema (RFC 7644 §3.12)."""

    scim_type = "invalidSyntax"
    code = "invalidSyntax"


class InvalidPath(BadRequest):
    """The PATCH ``path`` is invalid or names an unknown attribute (RFC 7644 §3.12)."""

    scim_type = "invalidPath"
    code = "invalidPath"


class NoTarget(BadRequest):
    """The PATCH ``path`` filter matched nothing where a match is required (RFC 7644 §3.12)."""

    scim_type = "noTarget"
    code = "noTarget"


class InvalidValue(BadRequest):
    """A value is missing, of the wrong type, or not compatible with the attribute (RFC 7644 §3.12)."""

    scim_type = "invalidValue"
    code = "invalidValue"


class InvalidVersion(BadRequest):
    """The requested SCIM protocol version is not supported (RFC 7644 §3.12)."""

    scim_type = "invalidVers"
    code = "invalidVers"


class Sensitive(BadRequest):
    """The request cannot be completed because it would disclose sensitive data (RFC 7644 §3.12)."""

    scim_type = "sensitive"
    code = "sensitive"


class Mutability(BadRequest):
    """The operation would modify a readOnly or immutable attribute (RFC 7644 §3.12)."""

    scim_type = "mutability"
    code = "mutability"


class Unauthorized(ScimError):
    """Authorization is missing or invalid."""

    status = 401
    code = "unauthorized"


class Forbidden(ScimError):
    """The caller may not perform the operation."""

    status = 403
    code = "forbidden"


class NotFound(ScimError):
    """The resource or endpoint does not exist."""

    status = 404
    code = "notFound"


class Conflict(ScimError):
    """The request conflicts with the current state of the resource."""

    status = 409
    code = "conflict"


class Uniqueness(Conflict):
    """A value the server requires to be unique is already in use (RFC 7644 §3.12)."""

    scim_type = "uniqueness"
    code = "uniqueness"


class PreconditionFailed(ScimError):
    """The ``If-Match`` version does not match the resource (RFC 7644 §3.14)."""

    status = 412
    code = "preconditionFailed"


class PayloadTooLarge(ScimError):
    """The request body exceeds ``maxPayloadSize`` (RFC 7644 §3.7)."""

    status = 413
    code = "payloadTooLarge"


class InternalError(ScimError):
    """The server failed; the detail never carries a traceback."""

    status = 500
    code = "internalError"


class ScimNotImplemented(ScimError):
    """The requested operation is not supported by this service provider."""

    status = 501
    code = "notImplemented"


_BY_SCIM_TYPE: dict[str, type[ScimError]] = {
    cls.scim_type: cls
    for cls in (
        InvalidFilter,
        TooMany,
        InvalidSyntax,
        InvalidPath,
        NoTarget,
        InvalidValue,
        InvalidVersion,
        Sensitive,
        Mutability,
        Uniqueness,
    )
    if cls.scim_type
}
_BY_STATUS: dict[int, type[ScimError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PreconditionFailed,
        PayloadTooLarge,
        InternalError,
        ScimNotImplemented,
    )
}


def error_from_dict(body: dict[str, Any]) -> ScimError:
    """Rebuild the matching ScimError from an RFC 7644 §3.12 error body (as a client receives it)."""
    scim_type = body.get("scimType")
    try:
        status = int(body.get("status", 500))
    except (TypeError, ValueError):
        status = 500
    cls = _BY_SCIM_TYPE.get(scim_type or "") or _BY_STATUS.get(status) or ScimError
    return cls(str(body.get("detail") or ""), status=status)
