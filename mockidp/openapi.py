"""The OpenAPI 3.0 description of mockidp's Graph and token routes, hand-written: paths, parameters, schemas.

``OPERATIONS`` lists every route (path, method, summary, request schema, response status and schema);
``SCHEMAS`` are the components. ``document()`` assembles them; tests check it against the app's URL map, resolve
every ``$ref`` and validate it as OpenAPI 3.0.
"""

from __future__ import annotations

from typing import Any

__all__ = ["OPERATIONS", "SCHEMAS", "document"]

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


_USER_STRINGS = [
    "userPrincipalName",
    "displayName",
    "givenName",
    "surname",
    "mail",
    "mailNickname",
    "jobTitle",
    "department",
    "companyName",
    "employeeId",
    "employeeType",
    "officeLocation",
    "streetAddress",
    "city",
    "state",
    "postalCode",
    "country",
    "usageLocation",
    "preferredLanguage",
    "mobilePhone",
    "faxNumber",
    "creationType",
]

SCHEMAS: dict[str, dict[str, Any]] = {
    "user": {
        "type": "object",
        "description": "microsoft.graph.user (plus extension_<appId>_<name> properties)",
        "properties": {
            "id": _GUID,
            "accountEnabled": _B,
            "userType": {"type": "string", "enum": ["Member", "Guest"]},
            **{name: _NS for name in _USER_STRINGS},
            "businessPhones": _STRINGS,
            "otherMails": _STRINGS,
            "proxyAddresses": _STRINGS,
            "onPremisesExtensionAttributes": {
                "type": "object",
                "properties": {f"extensionAttribute{n}": _NS for n in range(1, 16)},
            },
            "createdDateTime": _TIME,
            "deletedDateTime": _TIME,
        },
        "additionalProperties": True,
    },
    "group": {
        "type": "object",
        "description": "microsoft.graph.group; members@delta only in /groups/delta",
        "properties": {
            "id": _GUID,
            "displayName": _S,
            "description": _NS,
            "mail": _NS,
            "mailNickname": _NS,
            "mailEnabled": _B,
            "securityEnabled": _B,
            "groupTypes": _STRINGS,
            "createdDateTime": _TIME,
            "deletedDateTime": _TIME,
            "members@delta": {"type": "array", "items": _ref("memberDelta")},
        },
    },
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
    "servicePrincipal": {
        "type": "object",
        "properties": {
            "id": _GUID,
            "appId": _S,
            "displayName": _S,
            "accountEnabled": _B,
            "servicePrincipalType": _S,
            "appRoleAssignmentRequired": _B,
            "tags": _STRINGS,
            "appRoles": {"type": "array", "items": _ref("appRole")},
        },
    },
    "appRoleAssignment": {
        "type": "object",
        "properties": {
            "id": _S,
            "appRoleId": _GUID,
            "principalId": _GUID,
            "principalType": {"type": "string", "enum": ["User", "Group"]},
            "principalDisplayName": _NS,
            "resourceId": _GUID,
            "resourceDisplayName": _S,
            "createdDateTime": _TIME,
            "deletedDateTime": _TIME,
        },
    },
    "newAppRoleAssignment": {
        "type": "object",
        "properties": {"principalId": _GUID, "resourceId": _GUID, "appRoleId": _GUID},
        "required": ["principalId", "resourceId", "appRoleId"],
    },
    "reference": {"type": "object", "properties": {"@odata.id": _S}, "required": ["@odata.id"]},
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

_U, _G, _SP, _BIN = "/v1.0/users", "/v1.0/groups", "/v1.0/servicePrincipals", "/v1.0/directory/deletedItems"

# (path, method, summary, request body schema or None, success status, response schema or None)
OPERATIONS: list[tuple[str, str, str, str | None, str, str | None]] = [
    ("/{tenant}/oauth2/v2.0/token", "post", "Client-credentials token", "tokenRequest", "200", "token"),
    ("/{tenant}/discovery/v2.0/keys", "get", "Signing keys (JWKS)", None, "200", "jwks"),
    (
        _U,
        "get",
        "List users ($filter, $search, $select, $top, $orderby, $count)",
        None,
        "200",
        "userCollection",
    ),
    (_U, "post", "Create a user", "user", "201", "user"),
    (_U + "/{id}", "get", "Get a user by id or userPrincipalName", None, "200", "user"),
    (_U + "/{id}", "patch", "Update a user", "user", "204", None),
    (_U + "/{id}", "delete", "Delete a user (to the recycle bin)", None, "204", None),
    (_U + "/delta", "get", "Track user changes", None, "200", "deltaPage"),
    (_U + "/{id}/manager", "get", "Get a user's manager", None, "200", "user"),
    (_U + "/{id}/manager/$ref", "put", "Set a user's manager", "reference", "204", None),
    (_U + "/{id}/manager/$ref", "delete", "Remove a user's manager", None, "204", None),
    (
        _U + "/{id}/memberOf",
        "get",
        "Groups a user is a direct member of",
        None,
        "200",
        "directoryObjectCollection",
    ),
    (
        _U + "/{id}/appRoleAssignments",
        "get",
        "A user's assignments",
        None,
        "200",
        "appRoleAssignmentCollection",
    ),
    (_G, "get", "List groups ($filter, $search, $select, $top, $count)", None, "200", "groupCollection"),
    (_G, "post", "Create a group", "group", "201", "group"),
    (_G + "/{id}", "get", "Get a group", None, "200", "group"),
    (_G + "/{id}", "patch", "Update a group", "group", "204", None),
    (_G + "/{id}", "delete", "Delete a group (recycle bin per GROUP_RECYCLE_BIN)", None, "204", None),
    (_G + "/delta", "get", "Track group changes (with members@delta)", None, "200", "deltaPage"),
    (_G + "/{id}/members", "get", "A group's direct members", None, "200", "directoryObjectCollection"),
    (_G + "/{id}/members/$ref", "post", "Add a member", "reference", "204", None),
    (_G + "/{id}/members/{memberId}/$ref", "delete", "Remove a member", None, "204", None),
    (
        _G + "/{id}/memberOf",
        "get",
        "Groups a group is a direct member of",
        None,
        "200",
        "directoryObjectCollection",
    ),
    (
        _G + "/{id}/appRoleAssignments",
        "get",
        "A group's assignments",
        None,
        "200",
        "appRoleAssignmentCollection",
    ),
    (_SP, "get", "List enterprise apps", None, "200", "servicePrincipalCollection"),
    (_SP + "/{id}", "get", "Get an enterprise app with its appRoles", None, "200", "servicePrincipal"),
    (_SP + "/{id}/appRoleAssignedTo", "get", "Who is assigned", None, "200", "appRoleAssignmentCollection"),
    (_SP + "/{id}/appRoleAssignedTo", "post", "Assign", "newAppRoleAssignment", "201", "appRoleAssignment"),
    (_SP + "/{id}/appRoleAssignedTo/{assignmentId}", "delete", "Remove an assignment", None, "204", None),
    (_BIN + "/microsoft.graph.user", "get", "Deleted users", None, "200", "userCollection"),
    (_BIN + "/microsoft.graph.group", "get", "Deleted groups", None, "200", "groupCollection"),
    (_BIN + "/{id}", "get", "Get a deleted user or group", None, "200", "directoryObject"),
    (_BIN + "/{id}", "delete", "Delete a user or group for good", None, "204", None),
    (_BIN + "/{id}/restore", "post", "Restore a deleted user or group", None, "200", "directoryObject"),
    ("/openapi.json", "get", "This document", None, "200", None),
]


def _operation(
    path: str, summary: str, request: str | None, status: str, response: str | None
) -> dict[str, Any]:
    """Return one OpenAPI operation object."""
    error = "oauthError" if path.endswith("/token") else "error"
    media = "application/x-www-form-urlencoded" if request == "tokenRequest" else "application/json"
    ok: dict[str, Any] = {"description": "Success"}
    if response:
        ok["content"] = {"application/json": {"schema": _ref(response)}}
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {
            status: ok,
            "400": {"description": "Bad request", "content": {"application/json": {"schema": _ref(error)}}},
        },
    }
    if not path.startswith("/{tenant}") and path != "/openapi.json":
        op["security"] = [{"bearer": []}]
        op["responses"]["401"] = {"description": "No or bad token", "content": _json_ref("error")}
        op["responses"]["404"] = {"description": "Not found", "content": _json_ref("error")}
    if request:
        op["requestBody"] = {"required": True, "content": {media: {"schema": _ref(request)}}}
    return op


def _json_ref(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(name)}}


def document() -> dict[str, Any]:
    """Return the OpenAPI 3.0 document."""
    paths: dict[str, dict[str, Any]] = {}
    for path, method, summary, request, status, response in OPERATIONS:
        item = paths.setdefault(path, {})
        names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        item["parameters"] = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in names
        ]
        if not item["parameters"]:
            del item["parameters"]
        item[method] = _operation(path, summary, request, status, response)
    return {
        "openapi": "3.0.3",
        "info": {"title": "mockidp (Graph-shaped directory)", "version": "1.0"},
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
