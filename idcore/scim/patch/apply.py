"""Apply RFC 7644 §3.5.2 PATCH operations to a resource dict, returning a new dict.

The input is never mutated: operations run on a deep copy, and the first failing operation raises,
so a failed PATCH changes nothing (RFC 7644 §3.5.2: "the entire PATCH request MUST be treated as
atomic"). Paths follow ``PATH = attrPath / valuePath [subAttr]``; every path form is handled by
add, replace and remove, plus path-less add/replace with an object value, and the forms of ``forms``
(a whole extension URN as the path, ``schemas`` echoed in an extension value, a bare ``manager``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from idcore.scim.errors import InvalidFilter, InvalidPath, InvalidSyntax, InvalidValue, Mutability, NoTarget
from idcore.scim.filter.ast import And, AttrPath, Compare, CompareOp, Filter
from idcore.scim.filter.evaluate import evaluate_element, get_ci
from idcore.scim.filter.parser import parse_path
from idcore.scim.filter.render import render_path
from idcore.scim.patch.dialect import ENTRA_DIALECT, PatchDialect
from idcore.scim.patch.forms import extension_named, qualify_bare, without_schemas
from idcore.scim.patch.values import coerce_scalar, coerce_value, same_element
from idcore.scim.schema import Attribute, AttrMutability, ResourceType, split_path

OPS = ("add", "replace", "remove")
_MISSING = object()


def apply_patch(
    resource: Mapping[str, Any],
    operations: Sequence[Mapping[str, Any]],
    schema: ResourceType | None = None,
    *,
    dialect: PatchDialect = ENTRA_DIALECT,
) -> dict[str, Any]:
    """Return a copy of ``resource`` with the PATCH ``operations`` applied; raise a ScimError on the first failure."""
    result: dict[str, Any] = copy.deepcopy(dict(resource))
    patcher = _Patcher(result, schema, dialect)
    for operation in operations:
        patcher.apply(operation)
    patcher.tidy_extensions()
    return result


@dataclass
class _Target:
    """Where a path lands: the dict holding the attribute, its key and its definitions."""

    path: AttrPath
    container: dict[str, Any]
    key: str
    attribute: Attribute | None
    sub: Attribute | None

    @property
    def current(self) -> Any:
        return self.container.get(self.key)

    @property
    def multi_valued(self) -> bool:
        if self.attribute is not None:
            return self.attribute.multi_valued
        return isinstance(self.current, list)


class _Patcher:
    def __init__(self, resource: dict[str, Any], schema: ResourceType | None, dialect: PatchDialect) -> None:
        self.resource = resource
        self.schema = schema
        self.dialect = dialect

    def apply(self, operation: Mapping[str, Any]) -> None:
        if not isinstance(operation, Mapping):
            raise InvalidSyntax(f"A PATCH operation must be an object, got {operation!r}")
        op = get_ci(operation, "op")
        # Entra sends "Add"/"Replace"/"Remove"; RFC 7644 §3.5.2 op values are matched case-insensitively here.
        if not isinstance(op, str) or op.lower() not in OPS:
            raise InvalidSyntax(f"Unknown PATCH op {op!r}; expected add, replace or remove")
        op = op.lower()
        path = get_ci(operation, "path")
        has_value = any(key.lower() == "value" for key in operation)
        value = get_ci(operation, "value") if has_value else _MISSING
        if path in (None, ""):
            self.apply_pathless(op, value)
        elif isinstance(path, str) and (extension := extension_named(self.schema, path)) is not None:
            self.apply_extension(op, extension.id, value)
        elif isinstance(path, str):
            self.apply_path(op, _parse(path), value)
        else:
            raise InvalidPath(f"A PATCH path must be a string, got {path!r}")

    def apply_extension(self, op: str, urn: str, value: Any) -> None:
        """Apply an operation whose path is a whole extension URN (RFC 7644 §3.10)."""
        if op == "remove":
            self.resource.pop(_key(self.resource, urn), None)
        elif isinstance(value, Mapping):
            self.apply_pathless(op, {urn: value})
        else:
            raise InvalidValue(f"A PATCH {op} on '{urn}' needs an object value")

    def apply_pathless(self, op: str, value: Any) -> None:
        if op == "remove":
            raise NoTarget("A remove operation needs a path (RFC 7644 §3.5.2.2)")
        if not isinstance(value, Mapping):
            raise InvalidValue(f"A PATCH {op} without a path needs an object value (RFC 7644 §3.5.2.1)")
        for key, item in value.items():
            extension = self.schema.extension(key) if self.schema else None
            if extension is not None and isinstance(item, Mapping):
                for name, sub_item in without_schemas(item).items():
                    inner = split_path(name)
                    self.apply_path(op, AttrPath(inner.attr, inner.sub_attr, extension.id), sub_item)
            elif "." in key or key.lower().startswith("urn:"):
                if not self.dialect.flat_keys:
                    raise InvalidPath(f"Unknown attribute {key!r} in a path-less {op}")
                # Entra (aadOptscim062020) folds changes into {"name.givenName": ..., "urn:...:employeeNumber": ...}.
                self.apply_path(op, _parse(key), item)
            else:
                self.apply_path(op, AttrPath(key), item)

    def apply_path(self, op: str, path: AttrPath, value: Any) -> None:
        target = self.locate(path)
        before = copy.deepcopy(target.current)
        if op == "remove":
            self.remove(target, value)
        elif value is _MISSING or (value is None and op == "add"):
            raise InvalidValue(f"A PATCH {op} needs a value (RFC 7644 §3.5.2)")
        elif value is None and not self.dialect.null_removes:
            raise InvalidValue(f"A PATCH {op} with null is not accepted for '{path.dotted}'")
        elif value is None:
            self.remove(target, _MISSING)
        else:
            self.add_or_replace(op, target, value)
        _drop_if_empty(target)
        self.check_change(op, target, before)

    def locate(self, path: AttrPath) -> _Target:
        attribute = sub = None
        container = self.resource
        if self.schema is not None and self.dialect.bare_extension_paths:
            path = qualify_bare(path, self.schema)
        in_extension = path.urn is not None
        if self.schema is not None:
            found = self.schema.resolve(AttrPath(path.attr, urn=path.urn))
            if found is None and not self.dialect.allow_unknown:
                raise InvalidPath(f"Unknown attribute '{_text(path)}'")
            if found is not None:
                attribute, in_extension = found.attribute, found.extension
                path = AttrPath(found.attribute.name, path.sub_attr, found.schema_urn, path.value_filter)
        if (
            attribute is not None
            and (path.sub_attr or path.value_filter is not None)
            and not attribute.is_complex
        ):
            raise InvalidPath(f"'{attribute.name}' has no sub-attributes")
        if attribute is not None and path.sub_attr:
            sub = attribute.sub(path.sub_attr)
            if sub is None and not self.dialect.allow_unknown:
                raise InvalidPath(f"Unknown attribute '{_text(path)}'")
        if in_extension and path.urn:
            key = _key(self.resource, path.urn)
            container = self.resource.setdefault(key, {})
            if not isinstance(container, dict):
                raise InvalidPath(f"'{path.urn}' is not an extension object")
        name = attribute.name if attribute else path.attr
        return _Target(path, container, _key(container, name), attribute, sub)

    def add_or_replace(self, op: str, target: _Target, value: Any) -> None:
        path = target.path
        if path.value_filter is not None:
            self.set_filtered(op, target, value)
        elif path.sub_attr:
            self.set_sub_attribute(target, value)
        elif target.multi_valued:
            new = coerce_value(target.attribute, value, self.dialect)
            new = new if isinstance(new, list) else [new]
            touched = new
            if op == "add":  # RFC 7644 §3.5.2.1: add to a multi-valued attribute appends; no duplicates
                existing = list(target.current or [])
                touched = [item for item in new if not any(same_element(old, item) for old in existing)]
                new = existing + touched
            target.container[target.key] = _one_primary(new, touched)
        else:
            new = coerce_value(target.attribute, value, self.dialect)
            current = target.current
            if isinstance(new, dict) and isinstance(current, dict) and isinstance(value, Mapping):
                # RFC 7644 §3.5.2.3: sub-attributes not given in "value" are left unchanged.
                new = {**current, **new}
            target.container[target.key] = new

    def set_sub_attribute(self, target: _Target, value: Any) -> None:
        new = self.coerce_sub(target, value)
        if target.multi_valued:
            elements = target.current or [{}]
            for element in elements:
                element[_key(element, self.sub_name(target))] = copy.deepcopy(new)
            target.container[target.key] = elements
        else:
            element = target.container.setdefault(target.key, {})
            element[_key(element, self.sub_name(target))] = new

    def set_filtered(self, op: str, target: _Target, value: Any) -> None:
        elements, matched = self.match(target)
        if not matched:
            element = self.element_from_filter(target)
            if target.multi_valued:
                target.container[target.key] = [*elements, element]
            else:
                target.container[target.key] = element
            matched = [element]
        for element in matched:
            if target.path.sub_attr:
                element[_key(element, self.sub_name(target))] = self.coerce_sub(target, value)
            else:
                new = coerce_value(target.attribute, value, self.dialect, element=True)
                if op == "replace":
                    element.clear()
                element.update(new)
        if target.multi_valued:
            target.container[target.key] = _one_primary(target.container[target.key], matched)

    def element_from_filter(self, target: _Target) -> dict[str, Any]:
        template = _equalities(target.path.value_filter) if self.dialect.create_on_no_match else None
        if template is None:
            raise NoTarget(f"No value matches '{_text(target.path)}' (RFC 7644 §3.5.2.3)")
        definition = target.attribute
        return {
            (sub.name if sub else key): coerce_scalar(sub, item, self.dialect) if sub else item
            for key, item in template.items()
            for sub in [definition.sub(key) if definition else None]
        }

    def remove(self, target: _Target, value: Any) -> None:
        path, current = target.path, target.current
        if current is None:
            return
        if path.value_filter is not None:
            elements, matched = self.match(target)
            if path.sub_attr:
                for element in matched:
                    element.pop(_key(element, self.sub_name(target)), None)
            else:
                kept = [element for element in elements if not any(element is m for m in matched)]
                target.container[target.key] = kept if target.multi_valued else (kept[0] if kept else None)
        elif path.sub_attr:
            for element in current if isinstance(current, list) else [current]:
                if isinstance(element, dict):
                    element.pop(_key(element, self.sub_name(target)), None)
        elif target.multi_valued and value not in (_MISSING, None) and self.dialect.remove_by_value:
            # Azure style (entra-behavior.md §2.6): Remove members with a value removes those members only.
            doomed = coerce_value(target.attribute, value, self.dialect)
            target.container[target.key] = [e for e in current if not any(same_element(e, d) for d in doomed)]
        else:
            del target.container[target.key]

    def match(self, target: _Target) -> tuple[list[Any], list[dict[str, Any]]]:
        current = target.current
        elements = current if isinstance(current, list) else ([] if current is None else [current])
        assert target.path.value_filter is not None
        matched = [
            element
            for element in elements
            if isinstance(element, dict)
            and evaluate_element(target.path.value_filter, element, target.attribute, self.schema)
        ]
        return list(elements), matched

    def coerce_sub(self, target: _Target, value: Any) -> Any:
        return coerce_scalar(target.sub, value, self.dialect) if target.sub else value

    def sub_name(self, target: _Target) -> str:
        return target.sub.name if target.sub else str(target.path.sub_attr)

    def check_change(self, op: str, target: _Target, before: Any) -> None:
        after = target.current
        if before == after:
            return
        definitions = [d for d in (target.attribute, target.sub) if d is not None]
        for definition in definitions if self.dialect.enforce_mutability else []:
            # RFC 7644 §3.5.2: a client MUST NOT modify a readOnly or immutable attribute, but MAY
            # "add" a value to an immutable attribute that had none.
            if definition.mutability is AttrMutability.READ_ONLY:
                raise Mutability(f"Attribute '{_text(target.path)}' is readOnly")
            if definition.mutability is AttrMutability.IMMUTABLE and not (op == "add" and before is None):
                raise Mutability(f"Attribute '{_text(target.path)}' is immutable")
        if (
            target.attribute is not None
            and target.attribute.required
            and after is None
            and not target.path.sub_attr
        ):
            raise InvalidValue(f"Attribute '{target.attribute.name}' is required and cannot be removed")

    def tidy_extensions(self) -> None:
        """Drop emptied extension objects and list the URN of every non-empty one in ``schemas`` (RFC 7643 §3)."""
        for key in [k for k, v in self.resource.items() if k.lower().startswith("urn:") and v == {}]:
            del self.resource[key]
        for extension in self.schema.extensions if self.schema else ():
            key = _key(self.resource, extension.id)
            if key not in self.resource:
                continue
            schemas = self.resource.get("schemas")
            if isinstance(schemas, list) and not any(str(s).lower() == extension.id.lower() for s in schemas):
                schemas.append(extension.id)


def _parse(text: str) -> AttrPath:
    try:
        return parse_path(text)
    except InvalidFilter as error:
        raise InvalidPath(error.detail.replace("in filter:", "in path:")) from None


def _text(path: AttrPath) -> str:
    return render_path(path)


def _key(container: Mapping[str, Any], name: str) -> str:
    """Return the existing key spelling ``name`` case-insensitively, else ``name`` (RFC 7643 §2.1)."""
    lowered = name.lower()
    return next((key for key in container if key.lower() == lowered), name)


def _drop_if_empty(target: _Target) -> None:
    # RFC 7644 §3.5.2.2: "If no other values remain after removal ... the attribute SHALL be considered unassigned."
    if target.key in target.container and target.container[target.key] in (None, [], {}):
        del target.container[target.key]


def _equalities(node: Filter | None) -> dict[str, Any] | None:
    """Return the ``attr eq value`` pairs of an and-only filter, or None for any other shape."""
    if isinstance(node, Compare) and node.op is CompareOp.EQ and not node.path.sub_attr:
        return {node.path.attr: node.value}
    if isinstance(node, And):
        left, right = _equalities(node.left), _equalities(node.right)
        return None if left is None or right is None else {**left, **right}
    return None


def _one_primary(elements: list[Any], touched: Sequence[Any]) -> list[Any]:
    """Keep at most one ``primary: true``, preferring the touched elements (RFC 7643 §2.4)."""
    primaries = [e for e in elements if isinstance(e, dict) and get_ci(e, "primary") is True]
    if len(primaries) > 1:
        keep = next((e for e in reversed(primaries) if any(e is t for t in touched)), primaries[-1])
        for element in primaries:
            if element is not keep:
                element[_key(element, "primary")] = False
    return elements
