"""Wire envelopes: ListResponse, PatchOp requests, attribute projection and the null-dropping serializer.

Projection follows RFC 7644 §3.4.2.5 and §3.9 and reads each attribute's ``returned``
characteristic from the schema data: ``never`` is never returned, ``always`` cannot be left out,
``request`` only when named in ``attributes``, ``default`` unless ``attributes`` names others or
``excludedAttributes`` names it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from idcore.scim.errors import InvalidSyntax
from idcore.scim.filter.evaluate import get_ci
from idcore.scim.schema import Attribute, AttrReturned, ResourceType, split_path

LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def list_response(
    resources: Sequence[Mapping[str, Any]],
    *,
    total_results: int | None = None,
    start_index: int = 1,
    items_per_page: int | None = None,
) -> dict[str, Any]:
    """Build a ListResponse (RFC 7644 §3.4.2); ``Resources`` is present even when empty, as Entra expects."""
    return {
        "schemas": [LIST_RESPONSE_SCHEMA],
        "totalResults": len(resources) if total_results is None else total_results,
        "startIndex": start_index,
        "itemsPerPage": len(resources) if items_per_page is None else items_per_page,
        "Resources": [dict(resource) for resource in resources],
    }


def parse_patch_request(body: Any, *, lenient: bool = False) -> list[dict[str, Any]]:
    """Return the operations of a PatchOp body; raise InvalidSyntax when it is not one.

    RFC 7644 §3.5.2: the body MUST contain ``schemas`` with the PatchOp URI and an ``Operations``
    array. ``lenient`` skips the ``schemas`` check (some clients omit it).
    """
    if not isinstance(body, Mapping):
        raise InvalidSyntax("A PATCH body must be a JSON object")
    schemas = get_ci(body, "schemas")
    if not lenient and not (
        isinstance(schemas, list) and any(str(s).lower() == PATCH_OP_SCHEMA.lower() for s in schemas)
    ):
        raise InvalidSyntax(f"A PATCH body must list the schema {PATCH_OP_SCHEMA}")
    operations = get_ci(body, "Operations")
    if not isinstance(operations, list) or not operations:
        raise InvalidSyntax("A PATCH body needs a non-empty 'Operations' array")
    if not all(isinstance(operation, Mapping) for operation in operations):
        raise InvalidSyntax("Each PATCH operation must be a JSON object")
    return [dict(operation) for operation in operations]


def split_attribute_list(value: str | Sequence[str] | None) -> list[str]:
    """Return the names of an ``attributes``/``excludedAttributes`` parameter (comma-separated text or a list)."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item and item.strip()]


@dataclass(frozen=True)
class _Selection:
    """Normalised attribute names: (schema URN, attr, sub-attr or None), all lower case."""

    paths: frozenset[tuple[str, str, str | None]]
    schemas: frozenset[str]

    @classmethod
    def parse(cls, names: list[str], schema: ResourceType) -> _Selection:
        paths: set[tuple[str, str, str | None]] = set()
        schemas: set[str] = set()
        for name in names:
            if name.lower() in (urn.lower() for urn in schema.schema_ids):
                schemas.add(name.lower())
                continue
            path = split_path(name)
            urn = (path.urn or schema.schema.id).lower()
            paths.add((urn, path.attr.lower(), path.sub_attr.lower() if path.sub_attr else None))
        return cls(frozenset(paths), frozenset(schemas))

    def whole(self, urn: str, attr: str) -> bool:
        return (urn.lower(), attr.lower(), None) in self.paths or urn.lower() in self.schemas

    def subs(self, urn: str, attr: str) -> set[str]:
        return {sub for (u, a, sub) in self.paths if u == urn.lower() and a == attr.lower() and sub}


def project(
    resource: Mapping[str, Any],
    schema: ResourceType,
    *,
    attributes: str | Sequence[str] | None = None,
    excluded_attributes: str | Sequence[str] | None = None,
) -> dict[str, Any]:
    """Return the attributes of ``resource`` a response carries, per RFC 7644 §3.4.2.5 and ``returned``."""
    wanted = split_attribute_list(attributes)
    selection = _Selection.parse(wanted, schema) if wanted else None
    excluded = _Selection.parse(split_attribute_list(excluded_attributes), schema)
    result: dict[str, Any] = {}
    for key, value in resource.items():
        extension = schema.extension(key)
        if extension is not None and isinstance(value, Mapping):
            inner = {
                name: kept
                for name, item in value.items()
                if (kept := _keep(extension.id, extension.attribute(name), name, item, selection, excluded))
                is not _DROP
            }
            if inner:
                result[key] = inner
            continue
        found = schema.resolve(key) if not key.lower().startswith("urn:") else None
        kept = _keep(schema.schema.id, found.attribute if found else None, key, value, selection, excluded)
        if kept is not _DROP:
            result[key] = kept
    return result


_DROP = object()


def _keep(
    urn: str,
    definition: Attribute | None,
    key: str,
    value: Any,
    selection: _Selection | None,
    excluded: _Selection,
) -> Any:
    """Return the projected value of one attribute, or _DROP."""
    returned = definition.returned if definition else AttrReturned.DEFAULT
    if returned is AttrReturned.NEVER:  # RFC 7643 §7: "never" — e.g. password
        return _DROP
    if returned is AttrReturned.ALWAYS:  # RFC 7644 §3.9: returned regardless of excludedAttributes
        return value
    if selection is not None:
        if selection.whole(urn, key):
            return _sub_project(definition, value, None, excluded.subs(urn, key))
        subs = selection.subs(urn, key)
        return _sub_project(definition, value, subs, set()) if subs else _DROP
    if returned is AttrReturned.REQUEST or excluded.whole(urn, key):
        return _DROP
    return _sub_project(definition, value, None, excluded.subs(urn, key))


def _sub_project(definition: Attribute | None, value: Any, only: set[str] | None, without: set[str]) -> Any:
    """Apply sub-attribute selection and ``returned`` to a complex value (or each element of a list)."""
    if isinstance(value, list):
        projected = [_sub_project(definition, item, only, without) for item in value]
        return [item for item in projected if item is not _DROP] or _DROP
    if not isinstance(value, Mapping):
        return value
    result = {}
    for name, item in value.items():
        sub = definition.sub(name) if definition else None
        returned = sub.returned if sub else AttrReturned.DEFAULT
        lowered = name.lower()
        if returned is AttrReturned.NEVER or (
            returned is not AttrReturned.ALWAYS
            and (
                lowered in without
                or (only is not None and lowered not in only)
                or (returned is AttrReturned.REQUEST and (only is None or lowered not in only))
            )
        ):
            continue
        result[name] = item
    return result or _DROP


def drop_empty(value: Any) -> Any:
    """Return ``value`` without nulls, empty lists and empty objects, recursively (Entra: "don't send nulls")."""
    if isinstance(value, Mapping):
        cleaned = {key: drop_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item is not None and item != [] and item != {}}
    if isinstance(value, list):
        cleaned_items = [drop_empty(item) for item in value]
        return [item for item in cleaned_items if item is not None and item != [] and item != {}]
    return value


def render_resource(
    resource: Mapping[str, Any],
    schema: ResourceType,
    *,
    attributes: str | Sequence[str] | None = None,
    excluded_attributes: str | Sequence[str] | None = None,
) -> dict[str, Any]:
    """Return a resource as it goes on the wire: projected, then without nulls and empty values."""
    projected = project(resource, schema, attributes=attributes, excluded_attributes=excluded_attributes)
    return drop_empty(projected)  # type: ignore[no-any-return]
