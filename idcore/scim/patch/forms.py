"""PATCH forms real clients send that the path grammar alone does not place.

- A path that is a whole extension URN (RFC 7644 §3.10: "urn:…:enterprise:2.0:User" names the extension
  object); scim2-tester sends it, with add/replace carrying the extension object and remove dropping it.
- ``schemas`` echoed inside an extension value: clients serialize the extension model with its own
  ``schemas`` key (scim2-models does); it names no attribute and is dropped.
- A bare extension attribute name (``manager``), as the old Microsoft SCIM SDK sample sends
  (entra-behavior.md §2.4): qualified with the one extension that defines it, when the dialect allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from idcore.scim.filter.ast import AttrPath
from idcore.scim.schema import ResourceType, Schema

__all__ = ["extension_named", "qualify_bare", "without_schemas"]


def extension_named(schema: ResourceType | None, path: str) -> Schema | None:
    """Return the extension schema when ``path`` is exactly its URN, else None."""
    return schema.extension(path.strip()) if schema is not None else None


def without_schemas(value: Mapping[str, Any]) -> dict[str, Any]:
    """Return an extension value without the ``schemas`` key a client echoed into it."""
    return {key: item for key, item in value.items() if key.lower() != "schemas"}


def qualify_bare(path: AttrPath, schema: ResourceType) -> AttrPath:
    """Qualify an unqualified name the core schema lacks with the single extension that defines it."""
    if path.urn is not None or schema.resolve(AttrPath(path.attr)) is not None:
        return path
    owners = [extension.id for extension in schema.extensions if extension.attribute(path.attr) is not None]
    return replace(path, urn=owners[0]) if len(owners) == 1 else path
