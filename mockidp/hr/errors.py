"""The HR endpoints' error families, each rendering its protocol's own wire shape::

    ProtocolError (idcore.errors)
     ├── SoapFault              SOAP 1.1 Fault envelope, text/xml, HTTP 500 (SOAP 1.1 §6.2)
     │    ├── AuthenticationFault   SOAP-ENV:Client.authenticationError "invalid username or password"
     │    └── ValidationFault       SOAP-ENV:Client.validationError with a wd:Validation_Fault detail
     └── ODataError             {"error": {"code", "message": {"lang": "en-US", "value"}}} (OData v2 JSON)

Workday answers a bad user name or password with HTTP 500 and ``faultcode SOAP-ENV:Client.authenticationError``,
``faultstring invalid username or password``, and a bad reference with ``SOAP-ENV:Client.validationError``,
"Validation error occurred. Invalid ID value. '…' is not a valid ID value for type = 'Employee_ID'" (as seen in
public integration logs, e.g. ServiceNow KB2597914, NetIQ Workday driver docs). SuccessFactors uses codes such as
``COE_ENTITY_NOT_FOUND``, ``COE_PROPERTY_NOT_FOUND``, ``COE_GENERAL_BAD_REQUEST`` and the 401 text "Authentication
failed. You have entered an incorrect username or password (status code = 4)." (SAP KBA 2545055, 2546923); the codes
for 401, 403, 404 and 405 below are this mock's choice, not documented SuccessFactors codes.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from idcore.errors import ProtocolError

__all__ = ["AuthenticationFault", "ODataError", "SoapFault", "ValidationFault"]

_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_WD = "urn:com.workday/bsvc"


_TRANSPORT_STATUSES = frozenset({404, 405, 413, 429, 502, 503, 504})


class SoapFault(ProtocolError):
    """A SOAP 1.1 Fault; every fault travels with HTTP 500 as SOAP 1.1 requires."""

    status = 500
    code = "SOAP-ENV:Client"
    content_type = "text/xml; charset=utf-8"

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        faultcode: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail, status=status, headers=headers, **extra)
        self.faultcode = faultcode or self.code

    def to_dict(self) -> dict[str, Any]:
        """Return the fault as data."""
        return {"faultcode": self.faultcode, "faultstring": self.detail}

    def detail_xml(self) -> str:
        """Return the ``<detail>`` element, or nothing."""
        return ""

    def body(self) -> str:
        """Return the SOAP envelope carrying this fault."""
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="{_ENV}"><SOAP-ENV:Body>'
            f'<SOAP-ENV:Fault xmlns:wd="{_WD}"><faultcode>{escape(self.faultcode)}</faultcode>'
            f"<faultstring>{escape(self.detail)}</faultstring>{self.detail_xml()}</SOAP-ENV:Fault>"
            "</SOAP-ENV:Body></SOAP-ENV:Envelope>"
        )

    @classmethod
    def from_http(cls, status: int, detail: str) -> SoapFault:
        """Build a fault for a plain HTTP error: the client's fault for 4xx, the server's otherwise.

        SOAP 1.1 answers faults with 500; routing errors and the statuses a gateway sends before any SOAP
        processing (throttling, unavailability — what an injected fault stands for) keep their own status.
        """
        code = "SOAP-ENV:Client" if 400 <= status < 500 else "SOAP-ENV:Server"
        return cls(detail, status=status if status in _TRANSPORT_STATUSES else 500, faultcode=code)


class AuthenticationFault(SoapFault):
    """WS-Security credentials missing or wrong."""

    code = "SOAP-ENV:Client.authenticationError"

    def __init__(self, detail: str = "invalid username or password", **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)


class ValidationFault(SoapFault):
    """A request that does not validate: a bad reference, date, number or element."""

    code = "SOAP-ENV:Client.validationError"

    def __init__(self, message: str, *, xpath: str = "", **kwargs: Any) -> None:
        super().__init__(f"Validation error occurred. {message}", **kwargs)
        self.message = message
        self.xpath = xpath

    def detail_xml(self) -> str:
        """Return Workday's ``wd:Validation_Fault`` detail."""
        xpath = f"<wd:Xpath>{escape(self.xpath)}</wd:Xpath>" if self.xpath else ""
        return (
            f"<detail><wd:Validation_Fault><wd:Validation_Error><wd:Message>{escape(self.message)}"
            f"</wd:Message><wd:Detail_Message>{escape(self.message)}</wd:Detail_Message>{xpath}"
            "</wd:Validation_Error></wd:Validation_Fault></detail>"
        )


class ODataError(ProtocolError):
    """An OData v2 JSON error as SuccessFactors sends it."""

    status = 400
    code = "COE_GENERAL_BAD_REQUEST"
    content_type = "application/json;charset=utf-8"
    _codes: ClassVar[dict[int, str]] = {
        400: "COE_GENERAL_BAD_REQUEST",
        401: "UNAUTHORIZED",
        403: "COE_INSUFFICIENT_PERMISSION",
        404: "COE_RESOURCE_NOT_FOUND",
        405: "COE_METHOD_NOT_ALLOWED",
        500: "COE_GENERAL_SERVER_FAILURE",
    }

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        code: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail, status=status, headers=headers, **extra)
        self.error_code = code or self._codes.get(self.status, type(self).code)

    def to_dict(self) -> dict[str, Any]:
        """Return the OData v2 error body."""
        return {"error": {"code": self.error_code, "message": {"lang": "en-US", "value": self.detail}}}

    def body(self) -> str:
        """Return the error as JSON text."""
        return json.dumps(self.to_dict())

    @classmethod
    def from_http(cls, status: int, detail: str) -> ODataError:
        """Build the OData error for a plain HTTP status."""
        return cls(detail, status=status)

    @classmethod
    def unauthorized(cls) -> ODataError:
        """Return the 401 SuccessFactors sends for a wrong user name or password."""
        return cls(
            "Authentication failed. You have entered an incorrect username or password (status code = 4).",
            status=401,
            headers={"WWW-Authenticate": 'Basic realm="SuccessFactors OData API"'},
        )
