"""The OpenAPI 3 document of mockscim's SCIM routes, written by hand as data (served at ``/openapi.json``)."""

from __future__ import annotations

from typing import Any

__all__ = ["openapi_document"]

_SCIM_JSON = "application/scim+json"
_ERROR = {
    "description": "SCIM error (RFC 7644 §3.12)",
    "content": {_SCIM_JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_LIST_PARAMS = [
    {
        "name": "filter",
        "in": "query",
        "schema": {"type": "string"},
        "description": "RFC 7644 §3.4.2.2 filter",
    },
    {"name": "startIndex", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "count", "in": "query", "schema": {"type": "integer", "minimum": 0}},
    {"name": "sortBy", "in": "query", "schema": {"type": "string"}},
    {"name": "sortOrder", "in": "query", "schema": {"type": "string", "enum": ["ascending", "descending"]}},
    {"name": "attributes", "in": "query", "schema": {"type": "string"}},
    {"name": "excludedAttributes", "in": "query", "schema": {"type": "string"}},
]
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "schema": {"type": "string"},
    "description": "ETag of the version being changed; a mismatch is 412 (RFC 7644 §3.14)",
}


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {_SCIM_JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {_SCIM_JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _resource_paths(endpoint: str, schema: str) -> dict[str, Any]:
    errors = {"400": _ERROR, "401": _ERROR}
    return {
        f"/scim/v2/{endpoint}": {
            "get": {
                "summary": f"List or filter {endpoint}",
                "parameters": _LIST_PARAMS,
                "responses": {"200": _ok("ListResponse", "ListResponse"), **errors, "501": _ERROR},
            },
            "post": {
                "summary": f"Create a {schema}",
                "requestBody": _body(schema),
                "responses": {"201": _ok("Created", schema), **errors, "409": _ERROR, "413": _ERROR},
            },
        },
        f"/scim/v2/{endpoint}/.search": {
            "post": {
                "summary": f"Search {endpoint}",
                "requestBody": _body("SearchRequest"),
                "responses": {"200": _ok("ListResponse", "ListResponse"), **errors},
            },
        },
        f"/scim/v2/{endpoint}/{{id}}": {
            "parameters": [_ID],
            "get": {
                "summary": f"Get a {schema}",
                "responses": {"200": _ok("Found", schema), "404": _ERROR, **errors},
            },
            "put": {
                "summary": f"Replace a {schema}",
                "parameters": [_IF_MATCH],
                "requestBody": _body(schema),
                "responses": {
                    "200": _ok("Replaced", schema),
                    "404": _ERROR,
                    "409": _ERROR,
                    "412": _ERROR,
                    **errors,
                },
            },
            "patch": {
                "summary": f"Patch a {schema} (add/replace/remove)",
                "parameters": [_IF_MATCH],
                "requestBody": _body("PatchOp"),
                "responses": {
                    "200": _ok("Patched", schema),
                    "204": {"description": "Patched (profile)"},
                    "404": _ERROR,
                    "412": _ERROR,
                    **errors,
                },
            },
            "delete": {
                "summary": f"Delete a {schema}",
                "parameters": [_IF_MATCH],
                "responses": {"204": {"description": "Deleted"}, "404": _ERROR, "412": _ERROR, **errors},
            },
        },
    }


def _discovery_paths() -> dict[str, Any]:
    plain = {"description": "Discovery resource", "content": {_SCIM_JSON: {"schema": {"type": "object"}}}}
    return {
        "/scim/v2/ServiceProviderConfig": {
            "get": {"summary": "Service provider configuration", "security": [], "responses": {"200": plain}}
        },
        "/scim/v2/ResourceTypes": {
            "get": {
                "summary": "Resource types",
                "security": [],
                "responses": {"200": _ok("ListResponse", "ListResponse")},
            }
        },
        "/scim/v2/Schemas": {
            "get": {
                "summary": "Schemas with attribute definitions",
                "security": [],
                "responses": {"200": _ok("ListResponse", "ListResponse")},
            }
        },
        "/scim/v2/Bulk": {
            "post": {
                "summary": "Bulk operations (RFC 7644 §3.7)",
                "requestBody": _body("BulkRequest"),
                "responses": {"200": plain, "413": _ERROR, "400": _ERROR},
            }
        },
        "/oauth2/token": {
            "post": {
                "summary": "OAuth 2.0 client-credentials token (when configured)",
                "security": [],
                "requestBody": {
                    "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}
                },
                "responses": {
                    "200": {"description": "Token"},
                    "400": {"description": "Error"},
                    "401": {"description": "Bad client"},
                },
            }
        },
    }


def _schemas() -> dict[str, Any]:
    obj = {"type": "object", "additionalProperties": True}
    return {
        "Error": {
            "type": "object",
            "required": ["schemas", "status"],
            "properties": {
                "schemas": {"type": "array", "items": {"type": "string"}},
                "status": {"type": "string"},
                "scimType": {"type": "string"},
                "detail": {"type": "string"},
            },
        },
        "ListResponse": {
            "type": "object",
            "properties": {
                "schemas": {"type": "array", "items": {"type": "string"}},
                "totalResults": {"type": "integer"},
                "startIndex": {"type": "integer"},
                "itemsPerPage": {"type": "integer"},
                "Resources": {"type": "array", "items": obj},
            },
        },
        "User": {**obj, "required": ["schemas", "userName"]},
        "Group": {**obj, "required": ["schemas", "displayName"]},
        "PatchOp": {
            "type": "object",
            "required": ["schemas", "Operations"],
            "properties": {
                "schemas": {"type": "array", "items": {"type": "string"}},
                "Operations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["op"],
                        "properties": {
                            "op": {"type": "string", "description": "add, replace or remove (any case)"},
                            "path": {"type": "string"},
                            "value": {},
                        },
                    },
                },
            },
        },
        "SearchRequest": obj,
        "BulkRequest": obj,
    }


def openapi_document(server_url: str = "") -> dict[str, Any]:
    """Return the OpenAPI 3.0 document, with ``server_url`` as its server."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "mockscim",
            "version": "1.0",
            "description": "A SCIM 2.0 target (RFC 7643/7644) with configurable profiles and quirks.",
        },
        "servers": [{"url": server_url or "/"}],
        "security": [{"bearer": []}],
        "paths": {
            **_resource_paths("Users", "User"),
            **_resource_paths("Groups", "Group"),
            **_discovery_paths(),
        },
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
