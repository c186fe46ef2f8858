"""Resource bodies in and out: check a client's JSON against the schema, and build the server's representation.

Input (POST/PUT, RFC 7644 §3.3 and §3.5.1): the body must be an object listing the resource's core schema;
``id``, ``meta`` and every other readOnly attribute are ignored (RFC 7643 §7); values are coerced with the
profile's PATCH dialect (Entra's ``"True"`` strings and bare manager ids); nulls are dropped (Entra omits them but
old traffic sent them). Output: ``schemas``, ``id``, the stored attributes and ``meta`` managed by the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from idcore.scim.errors import InvalidSyntax, InvalidValue
from idcore.scim.filter.evaluate import get_ci
from idcore.scim.patch.values import coerce_value
from idcore.scim.schema import Attribute, AttrMutability, ResourceType, Schema
from mockscim.profiles import Profile

__all__ = ["check_schemas", "clean_input", "etag", "resource_schemas", "split_members"]


def etag(version: int) -> str:
    """Return the weak ETag of a resource version (RFC 7644 §3.14)."""
    return f'W/"{version}"'


def check_schemas(body: Mapping[str, Any], resource_type: ResourceType, profile: Profile) -> None:
    """Require the core schema URN in ``schemas``; reject unknown URNs in strict profiles (RFC 7643 §3)."""
    schemas = get_ci(body, "schemas")
    if schemas is None and not profile.reject_unknown_attributes:
        return
    if not isinstance(schemas, list) or not all(isinstance(s, str) for s in schemas):
        raise InvalidSyntax("'schemas' must be a list of schema URNs (RFC 7643 §3)")
    lowered = {s.lower() for s in schemas}
    if resource_type.schema.id.lower() not in lowered:
        raise InvalidSyntax(f"'schemas' must include {resource_type.schema.id}")
    known = {urn.lower() for urn in resource_type.schema_ids} | {
        s.lower() for s in profile.accept_extra_schemas
    }
    unknown = sorted(s for s in schemas if s.lower() not in known)
    if unknown and profile.reject_unknown_attributes:
        raise InvalidSyntax(f"Unknown schema(s) {', '.join(unknown)} for {resource_type.name}")


def clean_input(body: Any, resource_type: ResourceType, profile: Profile) -> dict[str, Any]:
    """Return the writable attributes of a POST/PUT body, canonically named; raise a 400 ScimError."""
    if not isinstance(body, Mapping):
        raise InvalidSyntax("The request body must be a JSON object")
    check_schemas(body, resource_type, profile)
    result: dict[str, Any] = {}
    for key, value in body.items():
        if value is None or key.lower() == "schemas":
            continue
        extension = resource_type.extension(key)
        if extension is not None:
            if not isinstance(value, Mapping):
                raise InvalidSyntax(f"Extension '{key}' must be an object")
            value = {k: v for k, v in value.items() if k.lower() != "schemas"}
            inner = _clean_attributes(value, extension, None, profile)
            if inner:
                result[extension.id] = inner
        elif key.lower().startswith("urn:"):
            if profile.reject_unknown_attributes and key.lower() != resource_type.schema.id.lower():
                raise InvalidSyntax(f"Unknown schema extension '{key}'")
            if key.lower() == resource_type.schema.id.lower() and isinstance(value, Mapping):
                result.update(_clean_attributes(value, resource_type.schema, resource_type, profile))
            else:
                result[key] = value  # a custom extension: kept and returned as sent
        else:
            result.update(_clean_attributes({key: value}, resource_type.schema, resource_type, profile))
    _check_required(result, resource_type.schema)
    return result


def _clean_attributes(
    values: Mapping[str, Any], schema: Schema, resource_type: ResourceType | None, profile: Profile
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in values.items():
        definition = schema.attribute(key)
        if definition is None and resource_type is not None:
            found = resource_type.resolve(key)
            definition = found.attribute if found else None
        if definition is None:
            if profile.reject_unknown_attributes:
                raise InvalidSyntax(f"Unknown attribute '{key}' for schema {schema.id}")
            if value is not None:
                result[key] = value
            continue
        if value is None or definition.mutability is AttrMutability.READ_ONLY:
            continue  # RFC 7643 §7: readOnly values sent by a client SHALL be ignored
        coerced = _coerce(definition, value, profile)
        if coerced not in (None, [], {}):
            result[definition.name] = coerced
    return result


def _coerce(definition: Attribute, value: Any, profile: Profile) -> Any:
    if profile.reject_unknown_attributes and definition.is_complex:
        _check_sub_attributes(definition, value)
    coerced = coerce_value(definition, value, profile.patch_dialect)
    if definition.is_complex:
        coerced = (
            [_strip_read_only(definition, item) for item in coerced]
            if definition.multi_valued
            else _strip_read_only(definition, coerced)
        )
    return coerced


def _check_sub_attributes(definition: Attribute, value: Any) -> None:
    """Refuse sub-attributes the schema does not declare (strict profiles; RFC 7643 §2.4 lists them)."""
    elements = value if isinstance(value, list) else [value]
    for element in elements:
        if not isinstance(element, Mapping):
            continue  # the type check of coerce_value reports it
        unknown = sorted(key for key in element if definition.sub(key) is None)
        if unknown:
            names = ", ".join(f"'{definition.name}.{key}'" for key in unknown)
            raise InvalidSyntax(f"Unknown sub-attribute(s) {names}: not in the schema of '{definition.name}'")


def _strip_read_only(definition: Attribute, element: Any) -> Any:
    if not isinstance(element, dict):
        return element
    return {
        key: item
        for key, item in element.items()
        if not (
            (sub := definition.sub(key))
            and sub.mutability is AttrMutability.READ_ONLY
            and definition.name not in ("members",)
        )
    }


def _check_required(values: Mapping[str, Any], schema: Schema) -> None:
    for attribute in schema.attributes:
        if (
            attribute.required
            and attribute.mutability is not AttrMutability.READ_ONLY
            and not _present(values.get(attribute.name))
        ):
            raise InvalidValue(f"Attribute '{attribute.name}' is required (RFC 7643 §{_section(schema)})")


def _present(value: Any) -> bool:
    return value not in (None, "", [], {})


def _section(schema: Schema) -> str:
    return "4.1" if schema.name == "User" else "4.2"


def split_members(values: dict[str, Any]) -> list[dict[str, Any]]:
    """Remove ``members`` from a group's attributes and return them, each with a string ``value``."""
    members = values.pop("members", None) or []
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    for member in members:
        value = member.get("value") if isinstance(member, dict) else None
        if not isinstance(value, str) or not value:
            raise InvalidValue("Each member needs a string 'value' (the member's id)")
        if value not in seen:
            seen.add(value)
            result.append({k: v for k, v in member.items() if k in ("value", "type", "display", "$ref")})
    return result


def resource_schemas(values: Mapping[str, Any], resource_type: ResourceType) -> list[str]:
    """Return the ``schemas`` of a stored resource: its core URN and each extension it has values for."""
    extensions = [key for key in values if key.lower().startswith("urn:")]
    return [resource_type.schema.id, *extensions]
