"""Nest flat target paths into a SCIM resource body, as Entra's POST does (entra-behavior.md §2.4, S3 sample).

``name.givenName`` becomes ``{"name": {"givenName": …}}``; ``emails[type eq "work"].value`` becomes an element
``{"primary": true, "type": "work", "value": …}`` of ``emails`` (the filter's ``eq`` clauses give the element's
keys); extension attributes nest under their URN key (S9); boolean attributes carry JSON booleans (S3 sample:
``"active": true``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from harness.jobs.model import Settings
from idcore.scim.filter import And, AttrPath, Compare, CompareOp, Filter, parse_path
from idcore.scim.schema import AttrType, ResourceType

__all__ = ["build_resource", "element_keys", "is_boolean_path"]

_CORE_SUFFIXES = (":core:2.0:user", ":core:2.0:group")


@lru_cache(maxsize=1024)
def _parse(path: str) -> AttrPath:
    return parse_path(path)


def is_boolean_path(schema: ResourceType, path: str) -> bool:
    """Return True when the path names a boolean attribute in the schema (``active``, ``…primary``)."""
    parsed = _parse(path)
    resolved = schema.resolve(AttrPath(parsed.attr, parsed.sub_attr, parsed.urn))
    return resolved is not None and resolved.target.type is AttrType.BOOLEAN


def element_keys(value_filter: Filter | None) -> dict[str, Any]:
    """Return the ``attr eq value`` pairs of a value filter (``type eq "work"`` → {"type": "work"})."""
    if isinstance(value_filter, Compare) and value_filter.op is CompareOp.EQ:
        return {value_filter.path.attr: value_filter.value}
    if isinstance(value_filter, And):
        return {**element_keys(value_filter.left), **element_keys(value_filter.right)}
    return {}


def build_resource(values: Mapping[str, Any], schema: ResourceType, settings: Settings) -> dict[str, Any]:
    """Return the nested resource for flat target paths, elements of multi-valued attributes sorted by key."""
    body: dict[str, Any] = {}
    for path, value in values.items():
        parsed = _parse(path)
        container = body
        if parsed.urn and not parsed.urn.lower().endswith(_CORE_SUFFIXES):
            container = body.setdefault(parsed.urn, {})
        typed = _typed(value, is_boolean_path(schema, path))
        if parsed.value_filter is not None:
            _put_elements(container.setdefault(parsed.attr, []), parsed, typed, settings)
        elif parsed.sub_attr:
            container.setdefault(parsed.attr, {})[parsed.sub_attr] = typed
        else:
            container[parsed.attr] = typed
    return {key: _sorted_elements(item) for key, item in body.items()}


def _put_elements(elements: list[dict[str, Any]], path: AttrPath, value: Any, settings: Settings) -> None:
    keys = element_keys(path.value_filter)
    for index, item in enumerate(value if isinstance(value, list) else [value]):
        same = [element for element in elements if all(element.get(k) == v for k, v in keys.items())]
        if index < len(same):
            element = same[index]  # another sub-attribute of the same typed entry (addresses)
        else:
            element = dict(keys)
            if settings.typed_entries_have_primary:
                # S3 sample: the work email is primary; other typed entries are sent with primary false.
                element["primary"] = (
                    path.attr.lower() == "emails" and keys.get("type") == "work" and index == 0
                )
            elements.append(element)
        element[path.sub_attr or "value"] = item


def _typed(value: Any, boolean: bool) -> Any:
    if boolean and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _sorted_elements(item: Any) -> Any:
    if isinstance(item, list):
        return [dict(sorted(e.items())) if isinstance(e, dict) else e for e in item]
    if isinstance(item, dict):
        return dict(sorted(item.items()))
    return item
