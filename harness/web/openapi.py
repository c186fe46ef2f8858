"""``/openapi.json``: the web app's JSON API, described from its own URL map and view docstrings.

Each ``/api`` rule becomes a path (``<key>`` → ``{key}``) with one operation per method, its summary the view's
first docstring line; so the document cannot drift from the routes it describes.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify

__all__ = ["bp", "document"]

bp = Blueprint("openapi", __name__)
_PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
_ERROR = {
    "description": 'A problem the person can fix: {"error": {"status", "message"}}',
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def document(app: Flask) -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of ``app``'s ``/api`` routes."""
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/"):
            continue
        path = _PARAM.sub(r"{\1}", rule.rule)
        view = app.view_functions[rule.endpoint]
        summary = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in _PARAM.findall(rule.rule)
        ]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation: dict[str, Any] = {
                "operationId": f"{rule.endpoint.split('.')[-1]}_{method.lower()}",
                "summary": summary,
                "parameters": params,
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {}}},
                    "4XX": _ERROR,
                },
            }
            if method in ("POST", "PUT"):
                operation["requestBody"] = {
                    "required": False,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "scimulator web",
            "version": "1",
            "description": "The JSON API behind the Provision on demand, logs, testers and target activity pages.",
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
                            "required": ["status", "message"],
                        }
                    },
                }
            }
        },
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    """Return the OpenAPI document."""
    return jsonify(document(current_app._get_current_object()))  # type: ignore[attr-defined]
