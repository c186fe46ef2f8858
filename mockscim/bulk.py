"""POST /Bulk (RFC 7644 §3.7): operations run in order, each in its own transaction, with bulkId references.

``maxOperations`` and ``maxPayloadSize`` come from the profile (too many operations → 413, §3.7.4);
``failOnErrors`` stops after that many errors (§3.7.3). ``bulkId:<id>`` in a later operation's path or data is
replaced by the id the earlier POST created.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, g

from idcore import openapi
from idcore.errors import ProtocolError
from idcore.scim.errors import InvalidSyntax, InvalidValue, PayloadTooLarge, ScimError
from idcore.scim.schema_data import GROUP, USER
from mockscim.state import state
from mockscim.views import base_url, check_message_schemas, read_json, scim_response

__all__ = ["register"]

BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
_TYPES = {"users": USER, "groups": GROUP}


@openapi.operation(
    "POST",
    summary="Bulk operations (RFC 7644 §3.7)",
    request="BulkRequest",
    responses={200: "BulkResponse", 400: "Error"},
)
def _bulk() -> Response:
    """Run a BulkRequest and answer a BulkResponse."""
    profile = state().profile
    body = read_json()
    if not isinstance(body, dict) or not isinstance(body.get("Operations"), list):
        raise InvalidSyntax("A BulkRequest needs an 'Operations' array")
    check_message_schemas(body, BULK_REQUEST, profile.reject_unknown_attributes)
    operations = body["Operations"]
    if len(operations) > profile.bulk_max_operations:
        raise PayloadTooLarge(
            f"At most {profile.bulk_max_operations} operations per bulk request (RFC 7644 §3.7.4)"
        )
    fail_on_errors = body.get("failOnErrors")
    if fail_on_errors is not None and (
        isinstance(fail_on_errors, bool) or not isinstance(fail_on_errors, int) or fail_on_errors < 1
    ):
        raise InvalidValue("'failOnErrors' must be a positive integer")
    for operation in operations:
        _check_operation(operation)
    results: list[dict[str, Any]] = []
    bulk_ids: dict[str, str] = {}
    errors = 0
    for operation in operations:
        result = _run(operation, bulk_ids)
        results.append(result)
        if int(result["status"]) >= 400:
            errors += 1
            if fail_on_errors is not None and errors >= fail_on_errors:
                break
    return scim_response({"schemas": [BULK_RESPONSE], "Operations": results})


_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _check_operation(operation: Any) -> None:
    """Refuse, before anything runs, an operation whose structure is wrong (RFC 7644 §3.7: a 400 for the request)."""
    if not isinstance(operation, dict):
        raise InvalidSyntax("Each bulk operation must be an object")
    method = operation.get("method")
    if not isinstance(method, str) or method.upper() not in _METHODS:
        raise InvalidSyntax(f"Each bulk operation needs a 'method' among {', '.join(_METHODS)}")
    for name in ("path", "bulkId", "version"):
        if operation.get(name) is not None and not isinstance(operation[name], str):
            raise InvalidSyntax(f"The '{name}' of a bulk operation must be a string")


def _run(operation: Any, bulk_ids: dict[str, str]) -> dict[str, Any]:
    """Run one operation and return its BulkResponse entry; errors become entries, never exceptions."""
    method = str(operation.get("method", "")).upper() if isinstance(operation, dict) else ""
    bulk_id = operation.get("bulkId") if isinstance(operation, dict) else None
    entry: dict[str, Any] = {"method": method}
    if bulk_id:
        entry["bulkId"] = bulk_id
    try:
        status, stored = _dispatch(method, _resolve(operation, bulk_ids))
    except ScimError as error:
        return {**entry, "status": str(error.status), "response": error.to_dict()}
    except ProtocolError as error:
        return {**entry, "status": str(error.status), "response": {"detail": error.detail}}
    if stored is not None:
        entry["location"] = stored.resource["meta"]["location"]
        entry["version"] = stored.etag
        if method == "POST" and bulk_id:
            bulk_ids[str(bulk_id)] = stored.resource["id"]
    entry["status"] = str(status)
    return entry


def _resolve(operation: Any, bulk_ids: dict[str, str]) -> dict[str, Any]:
    if not isinstance(operation, dict):
        raise InvalidSyntax("Each bulk operation must be an object")
    text = json.dumps({k: v for k, v in operation.items() if k in ("path", "data", "version")})
    for bulk_id, resource_id in bulk_ids.items():
        text = text.replace(f"bulkId:{bulk_id}", resource_id)
    if "bulkId:" in text:
        raise InvalidValue("A bulkId reference names no earlier POST of this request", status=409)
    return json.loads(text)


def _dispatch(method: str, operation: dict[str, Any]) -> tuple[int, Any]:
    store, tenant, base = state().store, g.tenant, base_url()
    path = str(operation.get("path") or "").strip("/")
    endpoint, _, resource_id = path.partition("/")
    resource_type = _TYPES.get(endpoint.lower())
    if resource_type is None:
        raise InvalidValue(f"Unknown bulk path {operation.get('path')!r}")
    version = operation.get("version")
    if method == "POST" and not resource_id:
        return 201, store.create(tenant, resource_type, operation.get("data"), base)
    if not resource_id:
        raise InvalidValue(f"{method} needs a path with a resource id")
    if method == "PUT":
        return 200, store.replace(tenant, resource_type, resource_id, operation.get("data"), base, version)
    if method == "PATCH":
        return 200, store.patch(tenant, resource_type, resource_id, operation.get("data"), base, version)
    if method == "DELETE":
        store.delete(tenant, resource_type, resource_id, version)
        return 204, None
    raise InvalidValue(f"Unknown bulk method {method!r}")


def register(bp: Blueprint) -> None:
    """Add POST /Bulk to the ``/scim/v2`` blueprint."""
    bp.add_url_rule("/Bulk", "bulk", _bulk, methods=["POST"])
