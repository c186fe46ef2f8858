"""Check and coerce PATCH values against attribute definitions (RFC 7643 §2.3 data types)."""

from __future__ import annotations

from typing import Any

from idcore.scim.errors import InvalidValue
from idcore.scim.filter.evaluate import get_ci, parse_datetime
from idcore.scim.patch.dialect import PatchDialect
from idcore.scim.schema import Attribute, AttrType

_SCALAR_TYPES: dict[AttrType, tuple[type, ...]] = {
    AttrType.STRING: (str,),
    AttrType.REFERENCE: (str,),
    AttrType.BINARY: (str,),
    AttrType.DATE_TIME: (str,),
    AttrType.BOOLEAN: (bool,),
    AttrType.INTEGER: (int,),
    AttrType.DECIMAL: (int, float),
}


def coerce_value(
    definition: Attribute | None, value: Any, dialect: PatchDialect, *, element: bool = False
) -> Any:
    """Return ``value`` checked against ``definition``; raise InvalidValue when it cannot fit.

    ``element`` means one element of a multi-valued attribute is wanted rather than the whole.
    Multi-valued attributes come back as lists (a single element is wrapped).
    """
    if definition is None:
        return _drop_nulls(value)
    if definition.multi_valued and not element:
        items = value if isinstance(value, list) else [value]
        return [coerce_value(definition, item, dialect, element=True) for item in items if item is not None]
    if definition.is_complex:
        return _coerce_complex(definition, value, dialect)
    return coerce_scalar(definition, value, dialect)


def coerce_scalar(definition: Attribute, value: Any, dialect: PatchDialect) -> Any:
    """Return a simple value in the attribute's type; raise InvalidValue when it is not one."""
    if definition.type is AttrType.BOOLEAN and dialect.coerce_booleans and isinstance(value, str):
        # Entra's legacy PATCH sends "True"/"False" (Microsoft Learn, SCIM compliance known issues).
        value = {"true": True, "false": False}.get(value.strip().lower(), value)
    accepted = _SCALAR_TYPES.get(definition.type, (str,))
    if isinstance(value, bool) and bool not in accepted or not isinstance(value, accepted):
        raise InvalidValue(f"Attribute '{definition.name}' expects a {definition.type.value}, got {value!r}")
    if definition.type is AttrType.DATE_TIME and parse_datetime(value) is None:
        raise InvalidValue(f"Attribute '{definition.name}' expects an xsd:dateTime, got {value!r}")
    return value


def _coerce_complex(definition: Attribute, value: Any, dialect: PatchDialect) -> dict[str, Any]:
    if dialect.coerce_complex and not definition.multi_valued and definition.sub("value") is not None:
        if isinstance(value, list) and len(value) == 1:
            value = value[0]  # manager as a one-item array (old Microsoft SDK sample)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = {"value": value}  # manager as a bare id (Entra traffic, 2024)
    if not isinstance(value, dict):
        raise InvalidValue(f"Attribute '{definition.name}' expects an object, got {value!r}")
    result: dict[str, Any] = {}
    for key, item in value.items():
        if item is None:
            continue
        sub = definition.sub(key)
        result[sub.name if sub else key] = coerce_scalar(sub, item, dialect) if sub else item
    return result


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _drop_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_drop_nulls(item) for item in value if item is not None]
    return value


def same_element(existing: Any, new: Any) -> bool:
    """Return True when two multi-valued elements are the same value (RFC 7644 §3.5.2.1: no duplicates).

    Complex elements with a ``value`` are the same when ``value`` (and ``type``, if both have one)
    are equal; other elements when they are equal.
    """
    if isinstance(existing, dict) and isinstance(new, dict):
        if "value" in new and get_ci(existing, "value") is not None:
            same_type = (
                get_ci(existing, "type") is None
                or "type" not in new
                or get_ci(existing, "type") == new["type"]
            )
            return bool(get_ci(existing, "value") == new["value"] and same_type)
        return existing == new
    return bool(existing == new)
