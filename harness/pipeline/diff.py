"""Compare the desired target object with the target's resource as GET returned it (entra-behavior.md §2.4, §8).

Only attributes whose value differs are exported (S3: "only attributes whose value differs are sent"); the op is
``Add`` when the target held no value and ``Replace`` otherwise (S3 sample: an attribute previously empty → Add).
How strings compare is Settings.compare_case (UNSURE): by default the SCIM schema's ``caseExact`` decides
(RFC 7643 §2.2), booleans equal their "True"/"False" strings, and numbers their text. An attribute the target does
not return counts as different (§8 inference: azure-docs#11784, Sentry's periodic ``active`` PATCHes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from harness.jobs.model import Settings
from harness.pipeline.mapping import MappedObject
from idcore.scim.errors import InvalidFilter
from idcore.scim.filter import AttrPath, parse_path
from idcore.scim.filter.evaluate import evaluate_element, get_ci
from idcore.scim.schema import AttrReturned, Resolved, ResourceType
from idcore.scim.schema_data import GROUP, USER

__all__ = ["Change", "diff", "diff_reference", "is_empty", "read_path", "resource_type_for", "same_value"]


@dataclass(frozen=True)
class Change:
    """One attribute to export: its target path, the target's old value, the new value and the PATCH op."""

    path: str
    old: Any
    new: Any
    op: Literal["Add", "Replace", "Remove"]


def resource_type_for(object_type: str) -> ResourceType:
    """Return the SCIM resource type (schema data) of "User" or "Group"."""
    return GROUP if object_type.lower().startswith("group") else USER


def diff(
    mapped: MappedObject,
    current: Mapping[str, Any] | None,
    *,
    settings: Settings | None = None,
    resource_type: ResourceType | None = None,
) -> list[Change]:
    """Return the changes that bring ``current`` (None: nothing yet) to ``mapped``, in mapping order."""
    settings = settings or Settings()
    schema = resource_type or resource_type_for(mapped.object_type)
    resource = current or {}
    changes = []
    for path, new in mapped.values.items():
        definition = _resolve(schema, path)
        if current is not None and _never_returned(definition) and not settings.unreturned_attribute_differs:
            continue
        old = read_path(resource, path)
        if not same_value(old, new, case_exact=_case_exact(definition, settings)):
            changes.append(Change(path, old, new, "Add" if is_empty(old) else "Replace"))
    for path, default in mapped.fill_if_empty.items():
        old = read_path(resource, path)
        if is_empty(old):
            changes.append(
                Change(path, old, default, "Add")
            )  # S9 None mapping: default fills an empty target
    return changes


def diff_reference(path: str, target_id: str, current: Mapping[str, Any] | None) -> Change | None:
    """Return the manager change to send, or None when the target already points at ``target_id``."""
    old = read_path(current or {}, path)
    if old is not None and str(old) == str(target_id):
        return None
    return Change(path, old, target_id, "Add" if is_empty(old) else "Replace")


def read_path(resource: Mapping[str, Any], path: str) -> Any:
    """Return the value at a target path in a SCIM resource, or None; a reference gives its ``value``.

    ``emails[type eq "work"].value`` reads the matching element(s); ``urn:…:User:employeeNumber`` reads under the
    extension's URN key (RFC 7643 §3.3); names match case-insensitively (RFC 7643 §2.1).
    """
    parsed = _parse(path)
    container: Any = resource
    if parsed.urn and not parsed.urn.lower().endswith((":core:2.0:user", ":core:2.0:group")):
        container = get_ci(resource, parsed.urn)
        if not isinstance(container, Mapping):
            return None
    value = get_ci(container, parsed.attr)
    if parsed.value_filter is not None:
        return _read_filtered(value, parsed)
    if parsed.sub_attr:
        value = get_ci(value, parsed.sub_attr) if isinstance(value, Mapping) else None
    if isinstance(value, Mapping) and "value" in value and not parsed.sub_attr:
        return value.get("value")  # a reference (manager) is compared by the id it holds
    return value


def _read_filtered(value: Any, path: AttrPath) -> Any:
    if not isinstance(value, list):
        return None
    found = []
    for element in value:
        if isinstance(element, Mapping) and path.value_filter and _matches(path, element):
            found.append(get_ci(element, path.sub_attr) if path.sub_attr else element)
    found = [item for item in found if item is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else found


def _matches(path: AttrPath, element: Mapping[str, Any]) -> bool:
    try:
        return bool(path.value_filter and evaluate_element(path.value_filter, element, None))
    except InvalidFilter:  # an element the filter cannot compare (a number against a string) does not match
        return False


def is_empty(value: Any) -> bool:
    """Return True for the values a target holds when it has none: absent, null, "" or []."""
    return value is None or value == "" or value == []


def same_value(old: Any, new: Any, *, case_exact: bool) -> bool:
    """Return True when the target's value equals the desired one under the comparison rules."""
    if isinstance(new, list) or isinstance(old, list):
        olds = sorted(_norm(v, case_exact) for v in _as_list(old))
        news = sorted(_norm(v, case_exact) for v in _as_list(new))
        return olds == news
    if old is None:
        return new is None
    return _norm(old, case_exact) == _norm(new, case_exact)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return [v for v in value if v is not None] if isinstance(value, list) else [value]


def _norm(value: Any, case_exact: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # Entra's "True"/"False" strings equal SCIM booleans
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Mapping):
        value = value.get("value", value)
    text = str(value)
    if text.lower() in ("true", "false"):
        return text.lower()
    return text if case_exact else text.casefold()


def _parse(path: str) -> AttrPath:
    return _PATH_CACHE.get(path) or _PATH_CACHE.setdefault(path, parse_path(path))


_PATH_CACHE: dict[str, AttrPath] = {}


def _resolve(schema: ResourceType, path: str) -> Resolved | None:
    parsed = _parse(path)
    return schema.resolve(AttrPath(parsed.attr, parsed.sub_attr, parsed.urn))


def _case_exact(definition: Resolved | None, settings: Settings) -> bool:
    if settings.compare_case == "exact":
        return True
    if settings.compare_case == "ignore" or definition is None:
        return False
    return definition.target.case_exact


def _never_returned(definition: Resolved | None) -> bool:
    return definition is not None and definition.target.returned is AttrReturned.NEVER
