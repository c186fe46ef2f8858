"""The query and header parameters of the SCIM routes as OpenAPI data, declared by the views that read them."""

from __future__ import annotations

from typing import Any

__all__ = ["ID_PARAMS", "IF_MATCH", "LIST_PARAMS", "PROJECTION"]

PROJECTION: tuple[dict[str, Any], ...] = (
    {
        "name": "attributes",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Comma-separated attributes to return (RFC 7644 §3.9)",
    },
    {
        "name": "excludedAttributes",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Comma-separated attributes to leave out (RFC 7644 §3.9)",
    },
)
LIST_PARAMS: tuple[dict[str, Any], ...] = (
    {
        "name": "filter",
        "in": "query",
        "schema": {"type": "string"},
        "description": "RFC 7644 §3.4.2.2 filter",
    },
    {
        "name": "startIndex",
        "in": "query",
        "schema": {"type": "integer"},
        "description": "1-based index of the first result; a value below 1 is interpreted as 1 (RFC 7644 §3.4.2.4)",
    },
    {
        "name": "count",
        "in": "query",
        "schema": {"type": "integer"},
        "description": "Page size; a negative value is interpreted as 0 (RFC 7644 §3.4.2.4), at most maxResults",
    },
    {"name": "sortBy", "in": "query", "schema": {"type": "string"}, "description": "RFC 7644 §3.4.2.3"},
    {
        "name": "sortOrder",
        "in": "query",
        "schema": {"type": "string", "enum": ["ascending", "descending"]},
        "description": "RFC 7644 §3.4.2.3; default ascending",
    },
    *PROJECTION,
)
IF_MATCH: dict[str, Any] = {
    "name": "If-Match",
    "in": "header",
    "schema": {"type": "string"},
    "description": "ETag of the version being changed; a mismatch is 412 (RFC 7644 §3.14)",
}
ID_PARAMS: tuple[dict[str, Any], ...] = (IF_MATCH, *PROJECTION)
