"""mockidp's OpenAPI 3.0 document, derived: routes from the URL map, entities from the property tables.

Every Graph and token view declares its operation (``idcore.openapi.operation``); the user, group,
servicePrincipal and appRoleAssignment schemas are built from ``mockidp.properties`` (and the assignment table),
the same tables ``$select``, ``$filter`` and the serializers read. ``SCHEMAS`` holds only the shapes no table
describes (envelopes, references, tokens, errors). The HR systems (Workday SOAP, SuccessFactors OData) and
``/_control`` are not Graph and are left out.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import Rule

from idcore.openapi import Operation, build_paths
from mockidp.properties import CONSTANTS, EXTENSION_ATTRS, GROUP_PROPS, SP_PROPS, USER_PROPS, Prop

__all__ = ["DELTA", "LIST", "REPLICA", "SCHEMAS", "SELECT", "document", "entity_schema", "is_documented"]


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema or {"type": "string"}, "description": description}


SELECT: tuple[dict[str, Any], ...] = (_query("$select", "Comma-separated properties to return"),)
_CONSISTENCY = {
    "name": "ConsistencyLevel",
    "in": "header",
    "schema": {"type": "string"},
    "description": "eventual turns on $search, $count=true and advanced filters (ne, not); other values are ignored",
}
LIST: tuple[dict[str, Any], ...] = (
    _query("$filter", "OData filter on the properties that support it"),
    *SELECT,
    _query("$top", "Page size", {"type": "integer", "minimum": 1, "maximum": 999}),
    _query("$orderby", "A property that supports ordering, asc or desc"),
    _query("$count", "true or false", {"type": "boolean"}),
    _query("$search", '"property:text" terms (with ConsistencyLevel: eventual)'),
    _query("$skiptoken", "Paging token from an @odata.nextLink"),
    _CONSISTENCY,
)
DELTA: tuple[dict[str, Any], ...] = (
    _query("$skiptoken", "Paging token from an @odata.nextLink"),
    _query("$deltatoken", "State token from an @odata.deltaLink"),
    _query("$top", "Page size", {"type": "integer", "minimum": 1, "maximum": 999}),
)
REPLICA: dict[str, Any] = {
    "name": "X-Scimulator-View",
    "in": "header",
    "schema": {"type": "string", "enum": ["current", "replica"]},
    "description": "replica: what the provisioning service sees after the replication delay",
}

_S = {"type": "string"}
_NS = {"type": "string", "nullable": True}
_B = {"type": "boolean"}
_GUID = {"type": "string", "format": "uuid"}
_TIME = {"type": "string", "format": "date-time", "nullable": True}
_STRINGS = {"type": "array", "items": _S}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "@odata.context": _S,
            "@odata.count": {"type": "integer"},
            "@odata.nextLink": _S,
            "value": {"type": "array", "items": _ref(item)},
        },
        "required": ["value"],
    }


SCHEMAS: dict[str, dict[str, Any]] = {
    "memberDelta": {
        "type": "object",
        "properties": {
            "@odata.type": {"type": "string", "enum": ["#microsoft.graph.user", "#microsoft.graph.group"]},
            "id": _GUID,
            "@removed": _ref("removed"),
        },
        "required": ["@odata.type", "id"],
    },
    "removed": {
        "type": "object",
        "properties": {"reason": {"type": "string", "enum": ["changed", "deleted"]}},
        "required": ["reason"],
    },
    "directoryObject": {
        "type": "object",
        "properties": {"@odata.type": _S, "id": _GUID, "displayName": _NS},
        "required": ["@odata.type", "id"],
        "additionalProperties": True,
    },
    "appRole": {
        "type": "object",
        "properties": {
            "id": _GUID,
            "value": _NS,
            "displayName": _S,
            "description": _S,
            "isEnabled": _B,
            "origin": _S,
            "allowedMemberTypes": _STRINGS,
        },
    },
    "newAppRoleAssignment": {
        "type": "object",
        "properties": {"principalId": _GUID, "resourceId": _GUID, "appRoleId": _GUID},
        "required": ["principalId", "resourceId", "appRoleId"],
    },
    "reference": {"type": "object", "properties": {"@odata.id": _S}, "required": ["@odata.id"]},
    "alternativeSecurityId": {
        "type": "object",
        "properties": {
            "type": {"type": "integer"},
            "identityProvider": _NS,
            "key": {"type": "string", "format": "byte"},
        },
    },
    "partner": {
        "type": "object",
        "description": "microsoft.graph.crossTenantAccessPolicyConfigurationPartner",
        "properties": {
            "tenantId": _S,
            "isServiceProvider": {"type": "boolean", "nullable": True},
            "isInMultiTenantOrganization": _B,
            "automaticUserConsentSettings": {
                "type": "object",
                "nullable": True,
                "properties": {"inboundAllowed": _B, "outboundAllowed": _B},
            },
        },
        "additionalProperties": True,
    },
    "identitySync": {
        "type": "object",
        "description": "microsoft.graph.crossTenantIdentitySyncPolicyPartner",
        "properties": {
            "tenantId": _S,
            "displayName": _NS,
            "userSyncInbound": {"type": "object", "properties": {"isSyncAllowed": _B}},
        },
    },
    "organization": {
        "type": "object",
        "properties": {
            "id": _GUID,
            "displayName": _S,
            "tenantType": _S,
            "verifiedDomains": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        },
    },
    "partnerCollection": _page("partner"),
    "organizationCollection": _page("organization"),
    "userCollection": _page("user"),
    "groupCollection": _page("group"),
    "servicePrincipalCollection": _page("servicePrincipal"),
    "appRoleAssignmentCollection": _page("appRoleAssignment"),
    "directoryObjectCollection": _page("directoryObject"),
    "deltaPage": {
        "type": "object",
        "description": "a delta page: objects, or {id, @removed} for deletions; nextLink or deltaLink",
        "properties": {
            "@odata.context": _S,
            "@odata.nextLink": _S,
            "@odata.deltaLink": _S,
            "value": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        },
        "required": ["value"],
    },
    "tokenRequest": {
        "type": "object",
        "properties": {
            "grant_type": {"type": "string", "enum": ["client_credentials"]},
            "client_id": _S,
            "client_secret": _S,
            "scope": _S,
        },
        "required": ["grant_type", "client_id", "client_secret", "scope"],
    },
    "token": {
        "type": "object",
        "properties": {
            "token_type": _S,
            "expires_in": {"type": "integer"},
            "ext_expires_in": {"type": "integer"},
            "access_token": _S,
        },
    },
    "jwks": {
        "type": "object",
        "properties": {"keys": {"type": "array", "items": {"type": "object", "additionalProperties": True}}},
    },
    "error": {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": _S,
                    "message": _S,
                    "innerError": {"type": "object", "additionalProperties": True},
                },
                "required": ["code", "message"],
            }
        },
        "required": ["error"],
    },
    "oauthError": {
        "type": "object",
        "properties": {
            "error": _S,
            "error_description": _S,
            "error_codes": {"type": "array", "items": {"type": "integer"}},
        },
        "required": ["error"],
    },
}


_KINDS: dict[str, dict[str, Any]] = {
    "string": _NS,
    "guid": _GUID,
    "bool": {"type": "boolean", "nullable": True},
    "datetime": _TIME,
    "collection": _STRINGS,
    "identities": {"type": "array", "items": _ref("alternativeSecurityId")},
}
# Properties whose JSON value has a shape of its own.
_SHAPES: dict[str, dict[str, Any]] = {
    "onPremisesExtensionAttributes": {
        "type": "object",
        "properties": {name: _NS for name in EXTENSION_ATTRS},
    },
    "appRoles": {"type": "array", "items": _ref("appRole")},
    "userType": {"type": "string", "nullable": True, "enum": ["Member", "Guest", None]},
}


def _prop_schema(prop: Prop) -> dict[str, Any]:
    if prop.wire in _SHAPES:
        return _SHAPES[prop.wire]
    if prop.kind == "const":
        return {"type": "boolean"} if isinstance(CONSTANTS[prop.wire], bool) else _S
    return _KINDS.get(prop.kind, {"type": "object"})


def entity_schema(props: dict[str, Prop], description: str, **extra: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON Schema of an entity from its property table (plus ``extra`` properties)."""
    properties = {prop.wire: _prop_schema(prop) for prop in props.values()}
    properties.update(extra)
    return {"type": "object", "description": description, "properties": properties}


def _entities() -> dict[str, dict[str, Any]]:
    from mockidp.views.assignments import ASSIGNMENT_PROPS

    user = entity_schema(USER_PROPS, "microsoft.graph.user (plus extension_<appId>_<name> properties)")
    user["additionalProperties"] = True
    assignment = entity_schema(ASSIGNMENT_PROPS, "microsoft.graph.appRoleAssignment")
    assignment["properties"]["principalType"] = {"type": "string", "enum": ["User", "Group"]}
    return {
        "user": user,
        "group": entity_schema(
            GROUP_PROPS,
            "microsoft.graph.group; members@delta only in /groups/delta",
            **{"members@delta": {"type": "array", "items": _ref("memberDelta")}},
        ),
        "servicePrincipal": entity_schema(SP_PROPS, "microsoft.graph.servicePrincipal"),
        "appRoleAssignment": assignment,
    }


def is_documented(rule: Rule) -> bool:
    """Tell whether a rule is part of the Graph document (Graph, token and keys routes, this document)."""
    return rule.rule.startswith("/v1.0/") or "/v2.0/" in rule.rule or rule.rule == "/openapi.json"


_PHRASES = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad request",
    401: "No or bad token",
    403: "The app lacks a permission",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
}


def _render(declared: Operation, rule: Rule, method: str) -> dict[str, Any]:
    statuses = dict(declared.responses)
    token = rule.rule.startswith("/<tenant>")
    if not declared.public:
        statuses.update({401: "error", 403: "error"})
    if declared.request or rule.arguments - set(rule.defaults or {}):
        statuses.setdefault(400, "oauthError" if token else "error")
    responses: dict[str, Any] = {}
    for status, schema in sorted(statuses.items()):
        entry: dict[str, Any] = {"description": _PHRASES.get(status, "Answer")}
        if schema is not None:
            entry["content"] = {"application/json": {"schema": _ref(schema)}}
        responses[str(status)] = entry
    out: dict[str, Any] = {
        "operationId": rule.endpoint,
        "summary": declared.summary,
        "responses": responses,
    }
    if declared.parameters:
        out["parameters"] = [dict(parameter) for parameter in declared.parameters]
    if declared.request:
        media = declared.request_media or "application/json"
        out["requestBody"] = {"required": True, "content": {media: {"schema": _ref(declared.request)}}}
    out["security"] = [] if declared.public else [{"bearer": []}]
    return out


def document(app: Flask) -> dict[str, Any]:
    """Return the OpenAPI 3.0 document of ``app``'s Graph and token routes."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "mockidp (Graph-shaped directory)", "version": "1.0"},
        "paths": build_paths(app, is_documented, _render),
        "components": {
            "schemas": {**_entities(), **SCHEMAS},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
