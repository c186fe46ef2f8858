"""One error handler for the web app: a clear message, as JSON under ``/api`` and as a page elsewhere.

A ``WebError`` carries the message a person can act on; an HTTP error (404, 405) keeps its own text; anything
else is logged and answered with a short message, never a stack trace.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from harness.web.service import WebError

__all__ = ["init_app", "wants_json"]

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """Return True for the JSON API's requests."""
    return request.path.startswith("/api/") or request.path == "/openapi.json"


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(WebError, _web_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _answer(message: str, status: int) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify({"error": {"status": status, "message": message}}), status
    return render_template("error.html", message=message, status=status), status


def _web_error(exc: WebError) -> tuple[Response | str, int]:
    return _answer(exc.message, exc.status)


def _http_error(exc: HTTPException) -> tuple[Response | str, int]:
    return _answer(exc.description or exc.name, exc.code or 500)


def _unexpected(exc: Exception) -> tuple[Response | str, int]:
    log.exception("unexpected error in the web app")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return _answer(f"Something went wrong: {type(exc).__name__}{': ' + first if first else ''}", 500)
