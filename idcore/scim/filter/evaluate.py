"""Evaluate a filter tree against one resource dict in memory (RFC 7644 §3.4.2.2 semantics).

The schema decides how values compare: strings case-insensitively unless ``caseExact``
(RFC 7644 §3.4.2.2), dateTimes as instants, numbers as numbers, booleans only with eq/ne. Without a
schema, or for an attribute the schema does not know, the type is taken from the stored value.
Multi-valued attributes match when any value matches; an absent attribute matches nothing except
``eq null`` (and ``ne null`` matches a present one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from idcore.scim.errors import InvalidFilter
from idcore.scim.filter.ast import (
    And,
    AttrPath,
    Compare,
    CompareOp,
    Filter,
    Not,
    Or,
    Present,
    Value,
    ValuePath,
)
from idcore.scim.schema import Attribute, AttrType, ResourceType

_ORDERING = {CompareOp.GT, CompareOp.GE, CompareOp.LT, CompareOp.LE}
_SUBSTRING = {CompareOp.CO, CompareOp.SW, CompareOp.EW}
_TESTS: dict[CompareOp, Callable[[Any, Any], bool]] = {
    CompareOp.EQ: lambda a, b: a == b,
    CompareOp.NE: lambda a, b: a != b,
    CompareOp.CO: lambda a, b: b in a,
    CompareOp.SW: lambda a, b: a.startswith(b),
    CompareOp.EW: lambda a, b: a.endswith(b),
    CompareOp.GT: lambda a, b: a > b,
    CompareOp.GE: lambda a, b: a >= b,
    CompareOp.LT: lambda a, b: a < b,
    CompareOp.LE: lambda a, b: a <= b,
}


def evaluate(node: Filter, resource: Mapping[str, Any], schema: ResourceType | None = None) -> bool:
    """Return True when ``resource`` matches the filter; raise InvalidFilter for impossible comparisons."""
    return _Evaluator(schema, None).test(node, resource)


def evaluate_element(
    node: Filter, element: Mapping[str, Any], attribute: Attribute | None, schema: ResourceType | None = None
) -> bool:
    """Return True when one element of a complex attribute matches a value filter (``type eq "work"``)."""
    return _Evaluator(schema, attribute).test(node, element)


def get_ci(mapping: Mapping[str, Any], key: str) -> Any:
    """Return ``mapping[key]`` matching the key case-insensitively (RFC 7643 §2.1), or None."""
    if key in mapping:
        return mapping[key]
    lowered = key.lower()
    return next((value for name, value in mapping.items() if name.lower() == lowered), None)


class _Evaluator:
    """Evaluates at one level: the resource (``parent`` None) or inside a value path's complex attribute."""

    def __init__(self, schema: ResourceType | None, parent: Attribute | None) -> None:
        self.schema = schema
        self.parent = parent

    def test(self, node: Filter, data: Mapping[str, Any]) -> bool:
        if isinstance(node, And):
            return self.test(node.left, data) and self.test(node.right, data)
        if isinstance(node, Or):
            return self.test(node.left, data) or self.test(node.right, data)
        if isinstance(node, Not):
            return not self.test(node.filter, data)
        if isinstance(node, ValuePath):
            elements, definition = self.elements(node.path, data)
            inner = _Evaluator(self.schema, definition)
            return any(isinstance(e, Mapping) and inner.test(node.filter, e) for e in elements)
        if isinstance(node, Present):
            return bool(self.values(node.path, data, implied_value=False)[0])
        return self.compare(node, data)

    def compare(self, node: Compare, data: Mapping[str, Any]) -> bool:
        values, definition = self.values(node.path, data, implied_value=True)
        if node.value is None:
            if node.op not in (CompareOp.EQ, CompareOp.NE):
                raise InvalidFilter(f"Operator '{node.op}' cannot compare with null")
            return (not values) if node.op is CompareOp.EQ else bool(values)
        attr_type = definition.type if definition else None
        if attr_type is not None:
            check_operator(node.op, attr_type, node.path)
        case_exact = definition.case_exact if definition else False
        test = _TESTS[node.op]
        for value in values:
            kind = attr_type or _infer_type(value)
            left, right = _coerce(value, kind, case_exact), _coerce(node.value, kind, case_exact)
            if left is None or right is None:
                if definition is not None and right is None:
                    raise InvalidFilter(f"Value {node.value!r} cannot be compared with '{node.path.dotted}'")
                continue
            try:
                if test(left, right):
                    return True
            except TypeError:  # a substring or ordering test on a type without one, found in the data
                continue
        return False

    def definition(self, path: AttrPath) -> tuple[Attribute | None, bool]:
        """Return the top-level attribute definition and whether it lives under its URN key."""
        if self.parent is not None:
            return self.parent.sub(path.attr), False
        if self.schema is None:
            return None, path.urn is not None
        found = self.schema.resolve(AttrPath(path.attr, urn=path.urn))
        if found is None:
            return None, path.urn is not None and path.urn.lower() != self.schema.schema.id.lower()
        return found.attribute, found.extension

    def elements(self, path: AttrPath, data: Mapping[str, Any]) -> tuple[list[Any], Attribute | None]:
        """Return the values of ``path.attr`` as a list, filtered by the path's value filter."""
        definition, under_urn = self.definition(path)
        container: Any = data
        if under_urn and path.urn:
            nested = get_ci(data, path.urn)
            container = nested if isinstance(nested, Mapping) else ({} if self.schema else data)
        raw = get_ci(container, path.attr)
        elements = [e for e in (raw if isinstance(raw, list) else [raw]) if e is not None]
        if path.value_filter is not None:
            inner = _Evaluator(self.schema, definition)
            elements = [e for e in elements if isinstance(e, Mapping) and inner.test(path.value_filter, e)]
        return elements, definition

    def values(
        self, path: AttrPath, data: Mapping[str, Any], *, implied_value: bool
    ) -> tuple[list[Any], Attribute | None]:
        """Return the non-empty leaf values a path names and the definition that types them."""
        elements, definition = self.elements(path, data)
        sub_name = path.sub_attr
        if (
            sub_name is None
            and implied_value
            and (
                (definition is not None and definition.is_complex)
                or any(isinstance(e, Mapping) for e in elements)
            )
        ):
            sub_name = "value"  # RFC 7644 §3.4.2.2: a complex multi-valued attribute compares its "value"
        if sub_name is not None:
            definition = definition.sub(sub_name) if definition else None
            leaves: list[Any] = []
            for element in elements:
                found = get_ci(element, sub_name) if isinstance(element, Mapping) else None
                leaves.extend(found if isinstance(found, list) else [found])
            elements = leaves
        return [value for value in elements if value not in (None, "", [], {})], definition


def check_operator(op: CompareOp, attr_type: AttrType, path: AttrPath) -> None:
    """Raise InvalidFilter when ``op`` is not defined for attributes of ``attr_type`` (shared with sql.py)."""
    # RFC 7644 §3.4.2.2: gt/ge/lt/le on "boolean" or "binary" attributes SHALL fail with invalidFilter.
    if attr_type in (AttrType.BOOLEAN, AttrType.BINARY) and op in _ORDERING:
        raise InvalidFilter(f"Operator '{op}' is not defined for the {attr_type} attribute '{path.dotted}'")
    if (
        attr_type in (AttrType.BOOLEAN, AttrType.INTEGER, AttrType.DECIMAL, AttrType.COMPLEX)
        and op in _SUBSTRING
    ):
        raise InvalidFilter(f"Operator '{op}' is not defined for the {attr_type} attribute '{path.dotted}'")


def _infer_type(value: Any) -> AttrType:
    if isinstance(value, bool):
        return AttrType.BOOLEAN
    if isinstance(value, (int, float)):
        return AttrType.DECIMAL
    return AttrType.STRING


def _coerce(value: Value | Any, kind: AttrType, case_exact: bool) -> Any:
    """Return ``value`` in the comparable form of ``kind``, or None when it has none."""
    if kind is AttrType.BOOLEAN:
        if isinstance(value, bool):
            return value
        return {"true": True, "false": False}.get(value.lower()) if isinstance(value, str) else None
    if kind in (AttrType.INTEGER, AttrType.DECIMAL):
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            return value
        try:
            return float(value) if isinstance(value, str) else None
        except ValueError:
            return None
    if kind is AttrType.DATE_TIME:
        return parse_datetime(value)
    if isinstance(value, (dict, list)):
        return None
    text = value if isinstance(value, str) else _literal_text(value)
    return text if case_exact or kind is AttrType.BINARY else text.casefold()


def _literal_text(value: Any) -> str:
    return {True: "true", False: "false"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def parse_datetime(value: Any) -> datetime | None:
    """Return an aware datetime for an xsd:dateTime string (RFC 7643 §2.3.5), or None; naive means UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
