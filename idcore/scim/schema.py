"""Schema as data: attribute characteristics (RFC 7643 §2.2, §7), resolution of paths, /Schemas rendering.

Filter evaluation, PATCH and the serializers read these definitions instead of branching per
attribute. The definitions of User, EnterpriseUser and Group are in :mod:`idcore.scim.schema_data`.
Python names are snake_case; the camelCase wire names appear only in the ``to_dict`` renderers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from idcore.scim.filter.ast import AttrPath

SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"


class AttrType(StrEnum):
    """The data types of RFC 7643 §2.3."""

    STRING = "string"
    BOOLEAN = "boolean"
    DECIMAL = "decimal"
    INTEGER = "integer"
    DATE_TIME = "dateTime"
    REFERENCE = "reference"
    COMPLEX = "complex"
    BINARY = "binary"


class AttrMutability(StrEnum):
    """RFC 7643 §7 ``mutability``."""

    READ_ONLY = "readOnly"
    READ_WRITE = "readWrite"
    IMMUTABLE = "immutable"
    WRITE_ONLY = "writeOnly"


class AttrReturned(StrEnum):
    """RFC 7643 §7 ``returned``."""

    ALWAYS = "always"
    NEVER = "never"
    DEFAULT = "default"
    REQUEST = "request"


class AttrUniqueness(StrEnum):
    """RFC 7643 §7 ``uniqueness``."""

    NONE = "none"
    SERVER = "server"
    GLOBAL = "global"


@dataclass(frozen=True)
class Attribute:
    """One attribute definition with its RFC 7643 §7 characteristics."""

    name: str
    type: AttrType = AttrType.STRING
    multi_valued: bool = False
    required: bool = False
    case_exact: bool = False
    mutability: AttrMutability = AttrMutability.READ_WRITE
    returned: AttrReturned = AttrReturned.DEFAULT
    uniqueness: AttrUniqueness = AttrUniqueness.NONE
    sub_attributes: tuple[Attribute, ...] = ()
    canonical_values: tuple[str, ...] = ()
    reference_types: tuple[str, ...] = ()
    description: str = ""

    @property
    def is_complex(self) -> bool:
        """Return True for complex attributes (those with sub-attributes)."""
        return self.type is AttrType.COMPLEX

    def sub(self, name: str) -> Attribute | None:
        """Return the sub-attribute called ``name`` (case-insensitive), or None."""
        return _find(self.sub_attributes, name)

    def to_dict(self) -> dict[str, Any]:
        """Render this definition as in RFC 7643 §7 (camelCase keys)."""
        body: dict[str, Any] = {
            "name": self.name,
            "type": self.type.value,
            "multiValued": self.multi_valued,
            "description": self.description,
            "required": self.required,
            "caseExact": self.case_exact,
            "mutability": self.mutability.value,
            "returned": self.returned.value,
            "uniqueness": self.uniqueness.value,
        }
        if self.canonical_values:
            body["canonicalValues"] = list(self.canonical_values)
        if self.type is AttrType.REFERENCE:
            body["referenceTypes"] = list(self.reference_types)
        if self.sub_attributes:
            body["subAttributes"] = [sub.to_dict() for sub in self.sub_attributes]
        return body


@dataclass(frozen=True)
class Schema:
    """A schema (core or extension): its URN id, name and top-level attributes."""

    id: str
    name: str
    attributes: tuple[Attribute, ...]
    description: str = ""

    def attribute(self, name: str) -> Attribute | None:
        """Return the top-level attribute called ``name`` (case-insensitive), or None."""
        return _find(self.attributes, name)

    def to_dict(self, base_url: str = "") -> dict[str, Any]:
        """Render this schema as a /Schemas resource (RFC 7643 §7)."""
        return {
            "schemas": [SCHEMA_SCHEMA],
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "attributes": [attribute.to_dict() for attribute in self.attributes],
            "meta": {"resourceType": "Schema", "location": f"{base_url}/Schemas/{self.id}"},
        }


@dataclass(frozen=True)
class Resolved:
    """Where a path lands: the schema holding it, the attribute and, for ``a.b``, the sub-attribute.

    ``extension`` is True when the value lives under the schema URN key of the resource
    (``resource["urn:...:enterprise:2.0:User"]["employeeNumber"]``) rather than at the top level.
    """

    schema_urn: str
    attribute: Attribute
    sub_attribute: Attribute | None = None
    extension: bool = False

    @property
    def target(self) -> Attribute:
        """Return the innermost definition the path names."""
        return self.sub_attribute or self.attribute


_NAMES_KEPT = 4096
_UNKNOWN = object()


@dataclass(frozen=True)
class ResourceType:
    """A resource type (RFC 7643 §6): a core schema, its extensions and the common attributes."""

    name: str
    endpoint: str
    schema: Schema
    extensions: tuple[Schema, ...] = ()
    common: tuple[Attribute, ...] = ()
    required_extensions: frozenset[str] = field(default_factory=frozenset)
    description: str = ""
    #: Names already resolved (a response resolves each key of each resource): bounded, never compared.
    _names: dict[str, Resolved | None] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @property
    def schema_ids(self) -> tuple[str, ...]:
        """Return the core schema URN followed by the extension URNs."""
        return (self.schema.id, *(extension.id for extension in self.extensions))

    def extension(self, urn: str) -> Schema | None:
        """Return the extension schema with this URN (case-insensitive), or None."""
        return next((s for s in self.extensions if s.id.lower() == urn.lower()), None)

    def with_extension(self, schema: Schema, *, required: bool = False) -> ResourceType:
        """Return a copy that also accepts ``schema`` (a custom extension, say)."""
        required_ids = self.required_extensions | {schema.id} if required else self.required_extensions
        return replace(self, extensions=(*self.extensions, schema), required_extensions=required_ids)

    def resolve(self, path: AttrPath | str) -> Resolved | None:
        """Resolve an attribute path (case-insensitive, optionally URN-qualified) to its definition.

        RFC 7644 §3.10: an unqualified name is looked up in the core schema and the common
        attributes; extension attributes are named with their schema URN.
        """
        if isinstance(path, str):
            known = self._names.get(path, _UNKNOWN)
            if known is not _UNKNOWN:
                return known  # type: ignore[return-value]
            if len(self._names) >= _NAMES_KEPT:
                self._names.clear()
            found = self._names[path] = self.resolve(split_path(path))
            return found
        found = self._top_level(path)
        if found is None or path.sub_attr is None:
            return found
        sub = found.attribute.sub(path.sub_attr)
        return replace(found, sub_attribute=sub) if sub else None

    def _top_level(self, path: AttrPath) -> Resolved | None:
        urn = path.urn
        if urn is None or urn.lower() == self.schema.id.lower():
            attribute = self.schema.attribute(path.attr) or _find(self.common, path.attr)
            return Resolved(self.schema.id, attribute) if attribute else None
        schema = self.extension(urn)
        attribute = schema.attribute(path.attr) if schema else None
        return Resolved(schema.id, attribute, extension=True) if schema and attribute else None

    def to_dict(self, base_url: str = "") -> dict[str, Any]:
        """Render this resource type as a /ResourceTypes resource (RFC 7643 §6)."""
        return {
            "schemas": [RESOURCE_TYPE_SCHEMA],
            "id": self.name,
            "name": self.name,
            "endpoint": self.endpoint,
            "description": self.description,
            "schema": self.schema.id,
            "schemaExtensions": [
                {"schema": s.id, "required": s.id in self.required_extensions} for s in self.extensions
            ],
            "meta": {"resourceType": "ResourceType", "location": f"{base_url}/ResourceTypes/{self.name}"},
        }


def split_path(text: str) -> AttrPath:
    """Split a plain ``[urn:]attr[.sub]`` path (no value filter) into an AttrPath without parsing."""
    urn, _, rest = text.rpartition(":") if text.lower().startswith("urn:") else ("", "", text)
    attr, _, sub = rest.partition(".")
    return AttrPath(attr, sub or None, urn or None)


def render_schemas(
    resource_types: list[ResourceType] | tuple[ResourceType, ...], base_url: str = ""
) -> list[dict[str, Any]]:
    """Return the /Schemas resources of these resource types, each schema once, in order."""
    seen: dict[str, Schema] = {}
    for resource_type in resource_types:
        for schema in (resource_type.schema, *resource_type.extensions):
            seen.setdefault(schema.id, schema)
    return [schema.to_dict(base_url) for schema in seen.values()]


def _find(attributes: tuple[Attribute, ...], name: str) -> Attribute | None:
    lowered = name.lower()
    return next((attribute for attribute in attributes if attribute.name.lower() == lowered), None)
