"""The SCIM resource endpoints (RFC 7644 §3): thin views that parse the request and serialize the answer.

Rules live in ``mockscim.store`` and in the active profile; errors are raised as ``idcore.scim.errors`` classes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, g, request

from idcore import bodies
from idcore.openapi import operation
from idcore.scim.errors import InvalidFilter, InvalidSyntax, InvalidValue, NotFound
from idcore.scim.filter.evaluate import get_ci
from idcore.scim.messages import list_response, render_resource
from idcore.scim.schema import ResourceType
from idcore.scim.schema_data import GROUP, USER
from mockscim.params import ID_PARAMS, IF_MATCH, LIST_PARAMS, PROJECTION
from mockscim.query import ListQuery
from mockscim.state import state

__all__ = ["base_url", "check_message_schemas", "make_blueprint", "read_json", "scim_response"]

SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
# A list answers 404 under not-found-on-empty and 501 under filter-501.
_LISTED = {200: "{resource}ListResponse", 400: "Error", 404: "Error", 501: "Error"}
_TYPES = {"Users": USER, "Groups": GROUP}


def make_blueprint() -> Blueprint:
    """Return the ``/scim/v2`` blueprint with the Users and Groups routes."""
    bp = Blueprint("scim", __name__, url_prefix="/scim/v2")
    bp.before_request(_authenticate)
    for endpoint in _TYPES:
        bp.add_url_rule(
            f"/{endpoint}", f"{endpoint}_list", _list, methods=["GET"], defaults={"kind": endpoint}
        )
        bp.add_url_rule(
            f"/{endpoint}", f"{endpoint}_create", _create, methods=["POST"], defaults={"kind": endpoint}
        )
        bp.add_url_rule(
            f"/{endpoint}/.search",
            f"{endpoint}_search",
            _search,
            methods=["POST"],
            defaults={"kind": endpoint},
        )
        bp.add_url_rule(
            f"/{endpoint}/<segment('.search'):resource_id>",
            f"{endpoint}_one",
            _one,
            methods=["GET", "PUT", "PATCH", "DELETE"],
            defaults={"kind": endpoint},
        )
    bp.add_url_rule("/.search", "root_search", _root_search, methods=["POST"])
    return bp


def _authenticate() -> None:
    """Resolve the caller's tenant from its bearer token, or answer 401 (discovery is public)."""
    if request.endpoint and request.endpoint.split(".")[-1].startswith("discovery_"):
        g.tenant = None
        return
    g.tenant = state().auth.tenant(request.headers.get("Authorization"))


def base_url() -> str:
    """Return the SCIM base URL of this request (``http://host/scim/v2``)."""
    return request.url_root.rstrip("/") + "/scim/v2"


def scim_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Return a JSON response with the profile's content type (``application/scim+json`` by default)."""
    body = json.dumps(data, ensure_ascii=False) if data is not None else ""
    return Response(body, status=status, headers=headers, content_type=state().profile.content_type)


def read_json() -> Any:
    """Return the request body as JSON; raise 400 invalidSyntax when it is not (or nests too deeply)."""
    return bodies.read_json()


def _int_param(value: Any, name: str, default: int | None) -> int | None:
    """Read ``startIndex``/``count``: an integer, or a string of one (a query parameter); else invalidValue."""
    if value in (None, ""):
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidValue(f"'{name}' must be an integer, got {value!r}")
    try:
        return int(value)
    except ValueError:
        raise InvalidValue(f"'{name}' must be an integer, got {value!r}") from None


def _text_param(value: Any, name: str, error: type[InvalidValue | InvalidFilter]) -> str | None:
    """Read ``filter``, ``sortBy`` or ``sortOrder``: a string (a SearchRequest may hold any JSON)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise error(f"'{name}' must be a string, got {json.dumps(value)[:80]}")
    return value


def _joined(value: Any, name: str) -> str | None:
    """Read ``attributes``/``excludedAttributes``: a list of strings (SearchRequest) or a comma list."""
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ",".join(value)
    if isinstance(value, str):
        return value
    raise InvalidValue(f"'{name}' must be a list of attribute names, got {json.dumps(value)[:80]}")


def _sort_order(value: Any) -> str:
    """Return ``ascending`` or ``descending`` (any case; RFC 7644 §3.4.2.3 allows no other value)."""
    if value in (None, ""):
        return "ascending"
    if not isinstance(value, str) or value.lower() not in ("ascending", "descending"):
        raise InvalidValue(f"'sortOrder' must be 'ascending' or 'descending', got {value!r}")
    return value.lower()


def check_message_schemas(body: dict[str, Any], urn: str, strict: bool) -> None:
    """Require ``schemas`` of a message to be a list of URNs; strict profiles require ``urn`` in it."""
    schemas = body.get("schemas")
    if schemas is not None and (
        not isinstance(schemas, list) or not all(isinstance(item, str) for item in schemas)
    ):
        raise InvalidSyntax("'schemas' must be a list of schema URNs (RFC 7643 §3)")
    if strict and urn not in (schemas or []):
        raise InvalidSyntax(f"The request must list the schema {urn} (RFC 7644 §3.4.3, §3.7)")


def query_from(params: Any) -> ListQuery:
    """Build a ListQuery from query parameters or a SearchRequest body (RFC 7644 §3.4.2, §3.4.3)."""
    return ListQuery(
        filter=_text_param(params.get("filter"), "filter", InvalidFilter),
        start_index=_int_param(params.get("startIndex"), "startIndex", 1) or 1,
        count=_int_param(params.get("count"), "count", None),
        sort_by=_text_param(params.get("sortBy"), "sortBy", InvalidValue),
        sort_order=_sort_order(params.get("sortOrder")),
        attributes=_joined(params.get("attributes"), "attributes"),
        excluded_attributes=_joined(params.get("excludedAttributes"), "excludedAttributes"),
    )


def _wants_members(query: ListQuery) -> bool:
    """Tell whether a group response needs members (Entra asks ``excludedAttributes=members``)."""
    excluded = {name.strip().lower() for name in (query.excluded_attributes or "").split(",")}
    if "members" in excluded:
        return False
    if query.attributes:
        return any(name.strip().lower().startswith("members") for name in query.attributes.split(","))
    return True


def list_resources(kind: str, query: ListQuery) -> Response:
    """Answer a list or search with a ListResponse."""
    current = state()
    resource_type = _TYPES[kind]
    page = current.store.list(g.tenant, resource_type, query, base_url(), with_members=_wants_members(query))
    if query.filter and page.total == 0 and current.profile.not_found_on_empty:
        raise NotFound(f"No {resource_type.name} matches {query.filter}")  # the bug: test connection fails
    resources = [_render(resource_type, resource, query) for resource in page.resources]
    body = list_response(resources, total_results=page.total, start_index=page.start_index)
    return scim_response(body)


def _render(resource_type: ResourceType, resource: dict[str, Any], query: ListQuery) -> dict[str, Any]:
    return render_resource(
        resource, resource_type, attributes=query.attributes, excluded_attributes=query.excluded_attributes
    )


@operation("GET", summary="List or filter {kind}", parameters=LIST_PARAMS, responses=_LISTED)
def _list(kind: str) -> Response:
    """List or filter resources (GET /Users, GET /Groups)."""
    return list_resources(kind, query_from(request.args))


# RFC 7644 §3.4.3: the members of a SearchRequest and their JSON types (null is the same as absent).
_SEARCH_TYPES: dict[str, type | tuple[type, ...]] = {
    "filter": str,
    "sortBy": str,
    "sortOrder": str,
    "startIndex": int,
    "count": int,
    "attributes": (str, list),
    "excludedAttributes": (str, list),
}


def _search_body() -> dict[str, Any]:
    """Read a SearchRequest body; strict profiles require its schema URN (RFC 7644 §3.4.3)."""
    body = read_json()
    if not isinstance(body, dict):
        raise InvalidSyntax("A SearchRequest must be a JSON object")
    check_message_schemas(body, SEARCH_REQUEST, state().profile.reject_unknown_attributes)
    for name, types in _SEARCH_TYPES.items():
        value = get_ci(body, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, types)):
            raise InvalidValue(f"'{name}' of a SearchRequest has the wrong type: {value!r}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise InvalidValue(f"'{name}' of a SearchRequest must list attribute names")
    return body


@operation("POST", summary="Search {kind}", request="SearchRequest", responses=_LISTED)
def _search(kind: str) -> Response:
    """Search with a SearchRequest body (POST /Users/.search)."""
    return list_resources(kind, query_from(_search_body()))


@operation(
    "POST",
    summary="Search Users and Groups at once",
    request="SearchRequest",
    responses={200: "ListResponse", 400: "Error", 501: "Error"},
)
def _root_search() -> Response:
    """Search every resource type at once (POST /.search, RFC 7644 §3.4.3): Users, then Groups, paged in SQL."""
    query = query_from(_search_body())
    current = state()
    start = max(1, query.start_index)
    size = current.profile.max_results if query.count is None else max(0, query.count)
    size = min(size, current.profile.max_results)
    with_members = _wants_members(query)
    users = current.store.list(
        g.tenant, USER, replace(query, start_index=start, count=size), base_url(), with_members=with_members
    )
    # Groups continue the numbering after the last user: the page takes what the users left of it.
    group_query = replace(query, start_index=max(1, start - users.total), count=size - len(users.resources))
    groups = current.store.list(g.tenant, GROUP, group_query, base_url(), with_members=with_members)
    resources = [_render(USER, resource, query) for resource in users.resources]
    resources += [_render(GROUP, resource, query) for resource in groups.resources]
    total = users.total + groups.total
    return scim_response(list_response(resources, total_results=total, start_index=start))


@operation(
    "POST",
    summary="Create a {resource}",
    parameters=PROJECTION,
    request="{resource}Input",
    responses={201: "{resource}", 400: "Error", 409: "Error"},
)
def _create(kind: str) -> Response:
    """Create a resource (POST): 201 with Location and ETag (RFC 7644 §3.3)."""
    current = state()
    resource_type = _TYPES[kind]
    stored = current.store.create(g.tenant, resource_type, read_json(), base_url())
    body = _render(resource_type, stored.resource, query_from(request.args))
    headers = {"Location": stored.resource["meta"]["location"], "ETag": stored.etag}
    if current.profile.no_id_on_create:
        body.pop("id", None)  # the bug: Entra cannot learn the target id
    return scim_response(body, 201, headers)


@operation(
    "GET", summary="Get a {resource}", parameters=PROJECTION, responses={200: "{resource}", 404: "Error"}
)
@operation(
    "PUT",
    summary="Replace a {resource}",
    parameters=ID_PARAMS,
    request="{resource}Input",
    responses={200: "{resource}", 400: "Error", 404: "Error", 409: "Error", 412: "Error"},
)
@operation(
    "PATCH",
    summary="Patch a {resource} (add, replace, remove)",
    description="204 under the patch-204 quirk.",
    parameters=ID_PARAMS,
    request="PatchOp",
    responses={200: "{resource}", 204: None, 400: "Error", 404: "Error", 409: "Error", 412: "Error"},
)
@operation(
    "DELETE",
    summary="Delete a {resource}",
    parameters=(IF_MATCH,),
    responses={204: None, 404: "Error", 412: "Error"},
)
def _one(kind: str, resource_id: str) -> Response:
    """Read, replace, patch or delete one resource."""
    current = state()
    resource_type = _TYPES[kind]
    if_match = request.headers.get("If-Match")
    query = query_from(request.args)
    if request.method == "DELETE":
        current.store.delete(g.tenant, resource_type, resource_id, if_match)
        return Response(status=204)
    if request.method == "GET":
        stored = current.store.get(
            g.tenant, resource_type, resource_id, base_url(), with_members=_wants_members(query)
        )
    elif request.method == "PUT":
        stored = current.store.replace(
            g.tenant, resource_type, resource_id, read_json(), base_url(), if_match
        )
    else:
        stored = current.store.patch(
            g.tenant,
            resource_type,
            resource_id,
            read_json(),
            base_url(),
            if_match,
            with_members=_wants_members(query),
        )
        status = current.profile.patch_status if resource_type is USER else current.profile.group_patch_status
        if status == 204:
            return Response(status=204, headers={"ETag": stored.etag})
    return scim_response(_render(resource_type, stored.resource, query), 200, {"ETag": stored.etag})
