"""Translate a filter tree into a SQLAlchemy boolean expression, so a server filters in the database.

RFC 7644 §3.4.2.2 semantics, the same as :mod:`idcore.scim.filter.evaluate` (a parametrized test runs both on one
data set): attribute names ignore case, string values compare case-insensitively unless ``caseExact``, an absent
attribute matches nothing but ``eq null``, and a multi-valued attribute matches when any value does.

The caller describes its storage in a :class:`SqlMapping`:

- ``columns``: indexed columns by canonical key (``username``, ``meta.created``, ``urn:…:user:employeenumber``);
  ``folded`` columns hold ``str.casefold()`` copies, so case-insensitive comparison stays an index lookup;
- ``children``: multi-valued attributes kept in child tables (emails, members), reached with ``EXISTS``;
- ``body``: the JSON column holding the whole resource, the fallback for every other attribute (JSON path
  expressions, and ``json_each`` / ``json_array_elements`` for multi-valued ones) — never a Python scan.

Every leaf is guarded so it yields TRUE or FALSE and never NULL, which keeps ``not (...)`` two-valued like the
in-memory evaluator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    String,
    and_,
    case,
    cast,
    column,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.sql.elements import ColumnElement

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
from idcore.scim.filter.evaluate import check_operator, parse_datetime
from idcore.scim.schema import Attribute, AttrType, ResourceType

__all__ = ["SqlChild", "SqlColumn", "SqlMapping", "column_key", "to_sql"]

Expr = ColumnElement[Any]


@dataclass(frozen=True)
class SqlColumn:
    """A column holding one attribute; ``folded`` when it stores the case-folded value."""

    expr: Expr
    type: AttrType = AttrType.STRING
    folded: bool = False
    case_exact: bool | None = None  # overrides the schema's caseExact (a server matching userName exactly)


@dataclass(frozen=True)
class SqlChild:
    """A multi-valued attribute kept in a child table.

    ``exists(condition)`` returns ``EXISTS (SELECT … WHERE <child belongs to the row> AND condition)``;
    ``columns`` maps lower-case sub-attribute names to the child's columns.
    """

    exists: Callable[[Expr], Expr]
    columns: Mapping[str, SqlColumn]


@dataclass(frozen=True)
class SqlMapping:
    """How one resource type is stored: indexed columns, child tables and the JSON body column."""

    resource_type: ResourceType
    body: Expr
    dialect: str = "sqlite"
    columns: Mapping[str, SqlColumn] = field(default_factory=dict)
    children: Mapping[str, SqlChild] = field(default_factory=dict)
    fold: str = "lower"  # SQL function that case-folds JSON values (SQLite's lower() only folds ASCII)


def column_key(attr: str, sub_attr: str | None = None, urn: str | None = None) -> str:
    """Return the canonical lower-case key of an attribute: ``[urn:]attr[.sub]``."""
    key = f"{urn}:{attr}" if urn else attr
    return (f"{key}.{sub_attr}" if sub_attr else key).lower()


def to_sql(node: Filter, mapping: SqlMapping) -> Expr:
    """Return the SQL condition equivalent to ``node``; raise InvalidFilter for impossible comparisons."""
    return _Translator(mapping).filter(node)


@dataclass(frozen=True)
class _Target:
    """Where a path's values live: a column, a child table column, or a JSON path (scalar or array)."""

    definition: Attribute | None
    column: SqlColumn | None = None
    child: SqlChild | None = None
    sub: str | None = None
    json_path: tuple[str, ...] = ()
    json_multi: bool = False


class _Translator:
    def __init__(self, mapping: SqlMapping) -> None:
        self.m = mapping

    def filter(self, node: Filter) -> Expr:
        if isinstance(node, And):
            return and_(self.filter(node.left), self.filter(node.right))
        if isinstance(node, Or):
            return or_(self.filter(node.left), self.filter(node.right))
        if isinstance(node, Not):
            return not_(self.filter(node.filter))
        if isinstance(node, ValuePath):
            return self.value_path(node.path, node.filter)
        if node.path.value_filter is not None:
            # emails[type eq "work"].value eq "x" ≡ emails[type eq "work" and value eq "x"]
            inner_path = AttrPath(node.path.sub_attr or "value")
            inner: Filter = (
                Present(inner_path) if isinstance(node, Present) else Compare(inner_path, node.op, node.value)
            )
            outer = AttrPath(node.path.attr, urn=node.path.urn)
            return self.value_path(outer, And(node.path.value_filter, inner))
        target = self.target(node.path)
        if isinstance(node, Present):
            return self.present(target)
        return self.compare(target, node)

    # -- resolution ---------------------------------------------------------------------------------------
    def target(self, path: AttrPath) -> _Target:
        resolved = self.m.resource_type.resolve(AttrPath(path.attr, urn=path.urn))
        if resolved is None:
            urn_keys = (path.urn,) if path.urn else ()
            sub_keys = (path.sub_attr,) if path.sub_attr else ()
            return _Target(None, json_path=(*urn_keys, path.attr, *sub_keys))
        attribute = resolved.attribute
        urn = resolved.schema_urn if resolved.extension else None
        base = column_key(attribute.name, urn=urn)
        child = self.m.children.get(base)
        if child is not None or attribute.multi_valued:
            sub = path.sub_attr or ("value" if attribute.is_complex else None)
            definition = attribute.sub(sub) if sub else attribute
            if child is not None:
                return _Target(definition, child=child, sub=(sub or "value").lower())
            prefix = (resolved.schema_urn,) if resolved.extension else ()
            return _Target(
                definition,
                json_path=(*prefix, attribute.name),
                json_multi=True,
                sub=definition.name if sub and definition else sub,
            )
        definition = attribute.sub(path.sub_attr) if path.sub_attr else attribute
        if path.sub_attr and definition is None:
            return _Target(
                None, json_path=(*((resolved.schema_urn,) if urn else ()), attribute.name, path.sub_attr)
            )
        if definition is not None and definition.is_complex and path.sub_attr is None:
            definition = definition.sub("value")  # a single complex (manager) compares its value
            path = path.with_sub_attr("value")
        key = column_key(attribute.name, path.sub_attr, urn)
        if key in self.m.columns:
            return _Target(definition, column=self.m.columns[key])
        names = (attribute.name, definition.name) if path.sub_attr and definition else (attribute.name,)
        return _Target(definition, json_path=(*((resolved.schema_urn,) if urn else ()), *names))

    # -- leaves -------------------------------------------------------------------------------------------
    def present(self, target: _Target) -> Expr:
        if target.child is not None:
            column = target.child.columns.get(target.sub or "value")
            return target.child.exists(_non_empty(column.expr, column.type) if column else true())
        if target.json_multi:
            return self._json_any(target, lambda element: _non_empty(element, AttrType.STRING))
        expr, kind = self.scalar(target)
        return _non_empty(expr, kind)

    def compare(self, target: _Target, node: Compare) -> Expr:
        if node.value is None:
            if node.op not in (CompareOp.EQ, CompareOp.NE):
                raise InvalidFilter(f"Operator '{node.op}' cannot compare with null")
            present = self.present(target)
            return not_(present) if node.op is CompareOp.EQ else present
        definition = target.definition
        # An attribute outside the schema takes its type from the value: "foo gt true" or "foo co 5" is as
        # undefined as on a declared boolean or number (RFC 7644 §3.4.2.2), so invalidFilter, never a crash.
        check_operator(node.op, definition.type if definition else _infer(node.value), node.path)
        if target.child is not None:
            column = target.child.columns.get(target.sub or "value")
            if column is None:
                return false()
            return target.child.exists(self.leaf(column.expr, column.type, column.folded, node, definition))
        if target.json_multi:
            return self._json_any(
                target,
                lambda element: self.leaf(
                    element, definition.type if definition else _infer(node.value), False, node, definition
                ),
            )
        expr, kind = self.scalar(target, node.value)
        folded = target.column.folded if target.column else False
        exact = target.column.case_exact if target.column else None
        return self.leaf(expr, kind, folded, node, definition, exact)

    def scalar(self, target: _Target, value: Value = None) -> tuple[Expr, AttrType]:
        if target.column is not None:
            return target.column.expr, target.column.type
        kind = target.definition.type if target.definition else _infer(value)
        return _json_scalar(self.m.body[target.json_path], kind), kind

    def leaf(
        self,
        expr: Expr,
        kind: AttrType,
        folded: bool,
        node: Compare,
        definition: Attribute | None,
        exact_override: bool | None = None,
    ) -> Expr:
        """Compare one SQL value with the filter's value, FALSE (never NULL) when the value is absent."""
        case_exact = definition.case_exact if definition else False
        case_exact = case_exact if exact_override is None else exact_override
        operand = _operand(node.value, kind)
        if operand is None:
            if definition is not None:
                raise InvalidFilter(f"Value {node.value!r} cannot be compared with '{node.path.dotted}'")
            return false()
        if kind in (AttrType.STRING, AttrType.REFERENCE, AttrType.BINARY) or isinstance(operand, str):
            exact = case_exact or kind is AttrType.BINARY
            if not exact:
                operand = str(operand).casefold()
                expr = expr if folded else getattr(func, self.m.fold)(expr)
            condition = _string_op(expr, node.op, str(operand), self.m.dialect, exact)
            return and_(_non_empty(expr, AttrType.STRING), condition)
        return and_(expr.is_not(None), _OPS[node.op](expr, operand))

    def value_path(self, path: AttrPath, inner: Filter) -> Expr:
        resolved = self.m.resource_type.resolve(AttrPath(path.attr, urn=path.urn))
        if resolved is None:
            return false()
        urn = resolved.schema_urn if resolved.extension else None
        child = self.m.children.get(column_key(resolved.attribute.name, urn=urn))
        sub_schema = ResourceType(resolved.attribute.name, "", _as_schema(resolved.attribute))
        if child is not None:
            mapping = SqlMapping(sub_schema, self.m.body, self.m.dialect, child.columns, {}, self.m.fold)
            return child.exists(_Translator(mapping).filter(inner))
        prefix = (resolved.schema_urn,) if resolved.extension else ()
        elements = self._json_elements((*prefix, resolved.attribute.name))
        mapping = SqlMapping(sub_schema, elements.c.value, self.m.dialect, {}, {}, self.m.fold)
        return exists(select(literal(1)).select_from(elements).where(_Translator(mapping).filter(inner)))

    # -- JSON arrays --------------------------------------------------------------------------------------
    def _json_elements(self, path: tuple[str, ...]) -> Any:
        """Return a table-valued function yielding the elements of the JSON array at ``path`` (none if absent)."""
        if self.m.dialect == "postgresql":
            return func.json_array_elements(_pg_array(self.m.body[path])).table_valued(column("value", JSON))
        json_path = "$" + "".join(f'."{part}"' for part in path)
        return func.json_each(self.m.body, json_path).table_valued(column("value", JSON))

    def _json_any(self, target: _Target, test: Callable[[Expr], Expr]) -> Expr:
        elements = self._json_elements(target.json_path)
        value = elements.c.value
        if target.sub is not None:
            kind = target.definition.type if target.definition else AttrType.STRING
            element = (
                value.op("->>")(target.sub)
                if self.m.dialect == "postgresql"
                else func.json_extract(value, f'$."{target.sub}"')
            )
            element = _cast_kind(element, kind, self.m.dialect)
        else:
            element = value if self.m.dialect != "postgresql" else value.op("#>>")(literal("{}"))
        return exists(select(literal(1)).select_from(elements).where(test(element)))


def _pg_array(array: Expr) -> Expr:
    return case((func.json_typeof(array) == "array", array), else_=None)


def _as_schema(attribute: Attribute) -> Any:
    from idcore.scim.schema import Schema

    return Schema(attribute.name, attribute.name, attribute.sub_attributes)


def _json_scalar(element: Any, kind: AttrType) -> Expr:
    if kind is AttrType.BOOLEAN:
        return element.as_boolean()
    if kind in (AttrType.INTEGER, AttrType.DECIMAL):
        return element.as_float()
    return element.as_string()


def _cast_kind(element: Expr, kind: AttrType, dialect: str) -> Expr:
    if kind is AttrType.BOOLEAN:
        return cast(element, Boolean) if dialect == "postgresql" else element
    if kind in (AttrType.INTEGER, AttrType.DECIMAL):
        return cast(element, Float)
    return cast(element, String)


def _non_empty(expr: Expr, kind: AttrType) -> Expr:
    if kind in (AttrType.STRING, AttrType.REFERENCE, AttrType.BINARY):
        return and_(expr.is_not(None), expr != "")
    return expr.is_not(None)


def _infer(value: Value) -> AttrType:
    if isinstance(value, bool):
        return AttrType.BOOLEAN
    if isinstance(value, (int, float)):
        return AttrType.DECIMAL
    return AttrType.STRING


def _operand(value: Value, kind: AttrType) -> Any:
    """Return the filter value in the comparable form of ``kind`` (like the evaluator's coercion), or None."""
    if kind is AttrType.BOOLEAN:
        if isinstance(value, bool):
            return value
        return {"true": True, "false": False}.get(value.lower()) if isinstance(value, str) else None
    if kind in (AttrType.INTEGER, AttrType.DECIMAL):
        if isinstance(value, bool) or value is None:
            return None
        try:
            number = float(value) if not isinstance(value, (int, float)) else value
            # A database integer holds 64 bits; a larger literal compares as the float it is near.
            return float(number) if isinstance(number, int) and abs(number) >= 2**63 else number
        except (TypeError, ValueError, OverflowError):
            return None
    if kind is AttrType.DATE_TIME:
        parsed = parse_datetime(value)
        return parsed.astimezone(UTC) if isinstance(parsed, datetime) else None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_OPS: dict[CompareOp, Callable[[Any, Any], Expr]] = {
    CompareOp.EQ: lambda a, b: a == b,
    CompareOp.NE: lambda a, b: a != b,
    CompareOp.GT: lambda a, b: a > b,
    CompareOp.GE: lambda a, b: a >= b,
    CompareOp.LT: lambda a, b: a < b,
    CompareOp.LE: lambda a, b: a <= b,
}


def _string_op(expr: Expr, op: CompareOp, value: str, dialect: str, exact: bool) -> Expr:
    """Compare strings; substring tests avoid LIKE on case-exact columns (SQLite's LIKE ignores ASCII case)."""
    if op in _OPS:
        return _OPS[op](expr, value)
    if not exact:
        methods: dict[CompareOp, Callable[..., Expr]] = {
            CompareOp.CO: expr.contains,
            CompareOp.SW: expr.startswith,
            CompareOp.EW: expr.endswith,
        }
        method = methods[op]
        return method(value, autoescape=True)
    size = len(value)
    if op is CompareOp.CO:
        return (func.strpos(expr, value) if dialect == "postgresql" else func.instr(expr, value)) > 0
    if op is CompareOp.SW:
        return func.substr(expr, 1, size) == value
    return (func.right(expr, size) if dialect == "postgresql" else func.substr(expr, -size)) == value
