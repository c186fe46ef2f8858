"""mockscim's OpenAPI 3.0 document, derived: routes from the URL map, bodies from the SCIM schemas, per the profile.

Each view declares its operation (``idcore.openapi.operation``: summary, parameters, statuses); the User and Group
schemas come from ``idcore.scim.schema_data`` as the active profile advertises them in ``/Schemas``. What the
profile changes is visible: the success media type (``application/json`` under ``json-content-type``), whether
``schemas`` is required and unknown attributes refused (``strict-rfc``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import Rule

from idcore.openapi import Operation, build_paths, fill
from idcore.scim.errors import ScimError
from idcore.scim.schema import Attribute, AttrMutability, AttrType, ResourceType
from idcore.scim.schema_data import COMMON_ATTRIBUTES
from mockscim.discovery import resource_types
from mockscim.profiles import Profile
from mockscim.state import state

__all__ = ["openapi_document", "resource_schema"]

_TYPES = {"Users": "User", "Groups": "Group"}
_PHRASES = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad request (SCIM scimType)",
    401: "No or bad bearer token",
    404: "Not found",
    405: "Method not allowed",
    409: "Uniqueness conflict",
    412: "ETag mismatch",
    413: "Body or operation count over the limit",
    501: "Filter not implemented (profile)",
}


def _is_documented(rule: Rule) -> bool:
    return rule.rule.startswith("/scim/v2/") or rule.rule in ("/oauth2/token", "/openapi.json")


def _context(rule: Rule) -> dict[str, str]:
    kind = str((rule.defaults or {}).get("kind", ""))
    return {"kind": kind, "resource": _TYPES.get(kind, "")}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _renderer(profile: Profile) -> Any:
    def render(declared: Operation, rule: Rule, method: str) -> dict[str, Any]:
        context = _context(rule)
        oauth = rule.rule == "/oauth2/token"
        responses: dict[str, Any] = {}
        statuses = dict(declared.responses)
        if not declared.public:
            statuses.setdefault(401, "Error")
        if declared.request:
            statuses.setdefault(413, "Error")
        for status, schema in sorted(statuses.items()):
            entry: dict[str, Any] = {"description": _PHRASES.get(status, "Answer")}
            if schema == "Error":
                entry["content"] = {ScimError.content_type: {"schema": _ref("Error")}}
            elif schema is not None:
                media = "application/json" if oauth or rule.rule == "/openapi.json" else profile.content_type
                entry["content"] = {media: {"schema": _ref(fill(schema, context))}}
            responses[str(status)] = entry
        out: dict[str, Any] = {
            "operationId": f"{rule.endpoint}.{method.lower()}",
            "summary": fill(declared.summary, context),
            "responses": responses,
        }
        if declared.description:
            out["description"] = declared.description
        if declared.parameters:
            out["parameters"] = [dict(parameter) for parameter in declared.parameters]
        if declared.request:
            media = declared.request_media or "application/scim+json"
            out["requestBody"] = {"required": True, "content": {media: {"schema": _ref(declared.request)}}}
            out["requestBody"]["content"][media]["schema"] = _ref(fill(declared.request, context))
        if declared.public:
            out["security"] = []
        return out

    return render


def _attribute_schema(attribute: Attribute, strict: bool, request: bool) -> dict[str, Any]:
    """Return the JSON Schema of one SCIM attribute (RFC 7643 §2.3 types)."""
    if attribute.is_complex:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {
                sub.name: _attribute_schema(sub, strict, request) for sub in attribute.sub_attributes
            },
        }
        if strict and request:
            schema["additionalProperties"] = False
    else:
        schema = dict(_SCALARS[attribute.type])
    if attribute.description:
        schema["description"] = attribute.description
    if attribute.mutability is AttrMutability.READ_ONLY and not request:
        schema["readOnly"] = True
    if attribute.multi_valued:
        return {"type": "array", "items": schema}
    return schema


_SCALARS: dict[AttrType, dict[str, Any]] = {
    AttrType.STRING: {"type": "string"},
    AttrType.REFERENCE: {"type": "string"},
    AttrType.BINARY: {"type": "string"},
    AttrType.BOOLEAN: {"type": "boolean"},
    AttrType.INTEGER: {"type": "integer"},
    AttrType.DECIMAL: {"type": "number"},
    AttrType.DATE_TIME: {"type": "string", "format": "date-time"},
}


def resource_schema(resource_type: ResourceType, profile: Profile, *, request: bool) -> dict[str, Any]:
    """Return the JSON Schema of a User or Group as sent (``request``) or as answered."""
    strict = profile.reject_unknown_attributes
    attributes = (*COMMON_ATTRIBUTES, *resource_type.schema.attributes)
    properties = {a.name: _attribute_schema(a, strict, request) for a in attributes}
    for extension in resource_type.extensions:
        inner = {a.name: _attribute_schema(a, strict, request) for a in extension.attributes}
        properties[extension.id] = {
            "type": "object",
            "properties": inner,
            "description": extension.description,
        }
        if strict and request:
            properties[extension.id]["additionalProperties"] = False
    properties["schemas"] = {"type": "array", "items": {"type": "string"}, "minItems": 1}
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "description": resource_type.description,
    }
    if request:
        required = [a.name for a in resource_type.schema.attributes if a.required]
        schema["required"] = ["schemas", *required] if strict else required
        if strict:
            schema["additionalProperties"] = False
    return schema


def _list_response(items: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["schemas", "totalResults"],
        "properties": {
            "schemas": {"type": "array", "items": {"type": "string"}},
            "totalResults": {"type": "integer"},
            "startIndex": {"type": "integer"},
            "itemsPerPage": {"type": "integer"},
            "Resources": {"type": "array", "items": items},
        },
    }


def _components(profile: Profile) -> dict[str, Any]:
    user, group = resource_types(profile)
    strings = {"type": "array", "items": {"type": "string"}}
    obj = {"type": "object"}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["schemas", "status"],
            "properties": {
                "schemas": strings,
                "status": {"type": "string"},
                "scimType": {"type": "string"},
                "detail": {"type": "string"},
            },
        },
        "OAuthError": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
        },
        "Token": {
            "type": "object",
            "required": ["access_token", "token_type", "expires_in"],
            "properties": {
                "access_token": {"type": "string"},
                "token_type": {"type": "string"},
                "expires_in": {"type": "integer"},
            },
        },
        "TokenRequest": {
            "type": "object",
            "properties": {name: {"type": "string"} for name in ("grant_type", "client_id", "client_secret")},
        },
        "ListResponse": _list_response(obj),
        "UserListResponse": _list_response(_ref("User")),
        "GroupListResponse": _list_response(_ref("Group")),
        "User": resource_schema(user, profile, request=False),
        "Group": resource_schema(group, profile, request=False),
        "UserInput": resource_schema(user, profile, request=True),
        "GroupInput": resource_schema(group, profile, request=True),
        "PatchOp": _patch_op(),
        "SearchRequest": _search_request(profile),
        "BulkRequest": _bulk_request(profile),
        "BulkResponse": {
            "type": "object",
            "required": ["schemas", "Operations"],
            "properties": {"schemas": strings, "Operations": {"type": "array", "items": obj}},
        },
        "ServiceProviderConfig": {
            "type": "object",
            "required": ["schemas", "patch", "bulk", "filter"],
            "properties": {"schemas": strings},
        },
        "ResourceType": {
            "type": "object",
            "required": ["schemas", "id", "name", "endpoint", "schema"],
            "properties": {
                "schemas": strings,
                "id": {"type": "string"},
                "name": {"type": "string"},
                "endpoint": {"type": "string"},
                "schema": {"type": "string"},
            },
        },
        "Schema": {
            "type": "object",
            "required": ["schemas", "id", "attributes"],
            "properties": {
                "schemas": strings,
                "id": {"type": "string"},
                "attributes": {"type": "array", "items": obj},
            },
        },
        "OpenAPI": {"type": "object", "required": ["openapi", "paths"]},
    }
    return schemas


_OP = "^([Aa][Dd][Dd]|[Rr][Ee][Pp][Ll][Aa][Cc][Ee]|[Rr][Ee][Mm][Oo][Vv][Ee])$"


def _patch_op() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["schemas", "Operations"],
        "properties": {
            "schemas": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "Operations": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["op"],
                    "properties": {
                        "op": {
                            "type": "string",
                            "pattern": _OP,
                            "description": "add, replace or remove (any case)",
                        },
                        "path": {"type": "string"},
                        "value": {},
                    },
                },
            },
        },
    }


def _message_schemas(profile: Profile) -> dict[str, Any]:
    """Describe ``schemas`` of a SearchRequest or BulkRequest: required by strict profiles, else optional."""
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    if not profile.reject_unknown_attributes:
        schema["nullable"] = True
    return schema


def _search_request(profile: Profile) -> dict[str, Any]:
    # RFC 7643 §2.5: null is the same as absent, so every member may be null.
    listing = {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        "nullable": True,
    }
    schema: dict[str, Any] = {
        "type": "object",
        "description": "RFC 7644 §3.4.3; startIndex below 1 is read as 1, a negative count as 0 (§3.4.2.4)",
        "properties": {
            "schemas": _message_schemas(profile),
            "filter": {"type": "string", "nullable": True},
            "startIndex": {"type": "integer", "nullable": True},
            "count": {"type": "integer", "nullable": True},
            "sortBy": {"type": "string", "nullable": True},
            "sortOrder": {"type": "string", "enum": ["ascending", "descending", None], "nullable": True},
            "attributes": listing,
            "excludedAttributes": listing,
        },
    }
    if profile.reject_unknown_attributes:
        schema["required"] = ["schemas"]
    return schema


def _bulk_request(profile: Profile) -> dict[str, Any]:
    operation = {
        "type": "object",
        "required": ["method"],
        "properties": {
            "method": {"type": "string", "enum": ["POST", "PUT", "PATCH", "DELETE"]},
            "path": {"type": "string", "nullable": True},
            "bulkId": {"type": "string", "nullable": True},
            "version": {"type": "string", "nullable": True},
            "data": {"nullable": True},
        },
    }
    return {
        "type": "object",
        "required": ["schemas", "Operations"] if profile.reject_unknown_attributes else ["Operations"],
        "properties": {
            "schemas": _message_schemas(profile),
            "failOnErrors": {"type": "integer", "minimum": 1, "nullable": True},
            "Operations": {"type": "array", "items": operation},
        },
    }


def openapi_document(app: Flask, server_url: str = "") -> dict[str, Any]:
    """Return the OpenAPI 3.0 document of ``app``'s SCIM, token and document routes under its active profile."""
    profile = state(app).current_profile()
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "mockscim",
            "version": "1.0",
            "description": f"A SCIM 2.0 target (RFC 7643/7644); profile {profile.name}. {profile.description}",
        },
        "servers": [{"url": server_url or "/"}],
        "security": [{"bearer": []}],
        "paths": build_paths(app, _is_documented, _renderer(profile)),
        "components": {
            "schemas": _components(profile),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
