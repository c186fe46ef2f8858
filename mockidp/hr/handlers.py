"""Blueprint-level error handling: HR routes answer in their own protocol even inside the Graph-shaped app.

The mockidp app's error family is Graph's; a blueprint's handlers win for requests routed to it, so each HR
blueprint converts any error (its own, another family's, Flask's HTTP errors, crashes) into its family's shape.
Unknown paths and wrong methods never reach a blueprint by routing alone, so each HR blueprint also owns a
catch-all rule under its prefix and its views accept every method and refuse the wrong ones themselves.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response
from werkzeug.exceptions import HTTPException

from idcore.errors import ProtocolError

__all__ = ["ALL_METHODS", "install_handlers"]

log = logging.getLogger(__name__)

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def install_handlers(bp: Blueprint, family: type[ProtocolError]) -> None:
    """Answer every error raised under ``bp`` in the shape of ``family``."""

    def protocol(error: ProtocolError) -> Response:
        if isinstance(error, family):
            return error.to_response()
        converted = family.from_http(error.status, error.detail)
        converted.headers.update(error.headers)
        return converted.to_response()

    def http(error: HTTPException) -> Response:
        return family.from_http(error.code or 500, error.description or error.name).to_response()

    def crash(error: Exception) -> Response:
        log.exception("unhandled error in %s", bp.name)
        return family.from_http(500, "The server hit an unexpected error; see its log.").to_response()

    bp.register_error_handler(ProtocolError, protocol)
    bp.register_error_handler(HTTPException, http)
    bp.register_error_handler(Exception, crash)
