"""Graph ``$filter`` to SQL: a recursive-descent parser that emits SQLAlchemy clauses over indexed columns.

Grammar (the subset of OData v4 §5.1.1 that Graph supports on directory objects)::

    filter     = or_expr
    or_expr    = and_expr *( "or" and_expr )
    and_expr   = unary *( "and" unary )
    unary      = "not" unary / primary
    primary    = "(" filter ")" / func / path ( compare-op literal / "in" "(" literal *( "," literal ) ")" )
                 / path "/any(" var ":" lambda ")"
    func       = "startswith(" path "," string ")"
    lambda     = var "eq" literal / "startswith(" var "," string ")" / var "/" member "eq" literal
    member     = "key" / "identityProvider"        ; alternativeSecurityIds only
    compare-op = "eq" / "ne" / "ge" / "le" / "gt" / "lt"

String comparisons are case-insensitive, as in Graph. ``ne`` and ``not`` are advanced queries: Graph answers them
only with ``ConsistencyLevel: eventual`` (learn.microsoft.com/graph/aad-advanced-queries), so does this parser.
A filter nesting ``(`` or ``not`` deeper than ``FILTER_MAX_DEPTH`` or holding more than ``FILTER_MAX_CLAUSES``
comparisons (idcore.limits) is a 400 before it is compiled. Anything else — unknown property, operator the property does not support, ``endswith`` — is Graph's 400
``Request_UnsupportedQuery``, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, not_, or_, select, true
from sqlmodel import col

from idcore.clock import parse_iso
from idcore.limits import FilterBudget
from mockidp.errors import BadRequest, UnsupportedQuery
from mockidp.models import IndexEntry
from mockidp.properties import EXTENSION_ATTRS, EXTENSION_NAME, IDENTITY_MEMBERS, Prop

__all__ = ["FilterCompiler", "prefix_range"]

_TOKEN = re.compile(
    r"""
    \s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<datetime>\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))
    | (?P<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*)
    | (?P<punct>[(),:])
    )""",
    re.VERBOSE,
)

_COMPARE = {"eq", "ne", "ge", "le", "gt", "lt"}


@dataclass
class Token:
    """One lexeme: its kind and text."""

    kind: str
    text: str


def tokenize(text: str) -> list[Token]:
    """Split a $filter into tokens, or raise Graph's 400 on a character it cannot read."""
    tokens, pos, text = [], 0, text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise BadRequest(f"Invalid filter clause: syntax error at position {pos} in '{text}'.")
        kind = match.lastgroup or "punct"
        tokens.append(Token(kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


def prefix_range(expr: Any, prefix: str) -> ColumnElement[bool]:
    """Return ``expr`` starts with ``prefix`` as a range (``>= p and < p+1``), which any B-tree index serves.

    LIKE 'p%' cannot use SQLite's expression indexes; a range can, on SQLite and PostgreSQL alike.
    """
    if not prefix:
        return expr.is_not(None)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(expr >= prefix, expr < upper)


class FilterCompiler:
    """Compile one $filter for one resource type of one tenant into a SQL clause."""

    def __init__(self, model: Any, props: dict[str, Prop], tenant_id: str, type_name: str) -> None:
        self.model, self.props, self.tenant_id, self.type_name = model, props, tenant_id, type_name
        self.tokens: list[Token] = []
        self.pos = 0
        self.advanced = False  # set when the filter uses ne / not (needs ConsistencyLevel: eventual)

    def compile(self, text: str) -> ColumnElement[bool]:
        """Return the SQL clause for ``text``."""
        self.tokens, self.pos = tokenize(text), 0
        self.budget = FilterBudget(lambda message: BadRequest(f"Invalid filter clause: {message}."))
        if not self.tokens:
            raise BadRequest("Invalid filter clause: the filter is empty.")
        clause = self._or()
        if self.pos != len(self.tokens):
            raise BadRequest(f"Invalid filter clause: unexpected '{self.tokens[self.pos].text}'.")
        return clause

    # -- token helpers -------------------------------------------------------------------------------------
    def _peek(self, offset: int = 0) -> Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def _next(self) -> Token:
        token = self._peek()
        if token is None:
            raise BadRequest("Invalid filter clause: the filter ends too early.")
        self.pos += 1
        return token

    def _expect(self, text: str) -> None:
        token = self._next()
        if token.text.lower() != text:
            raise BadRequest(f"Invalid filter clause: expected '{text}' but found '{token.text}'.")

    def _at_word(self, word: str) -> bool:
        token = self._peek()
        return token is not None and token.kind == "name" and token.text.lower() == word

    # -- grammar -------------------------------------------------------------------------------------------
    def _or(self) -> ColumnElement[bool]:
        clauses = [self._and()]
        while self._at_word("or"):
            self.pos += 1
            clauses.append(self._and())
        return clauses[0] if len(clauses) == 1 else or_(*clauses)

    def _and(self) -> ColumnElement[bool]:
        clauses = [self._unary()]
        while self._at_word("and"):
            self.pos += 1
            clauses.append(self._unary())
        return clauses[0] if len(clauses) == 1 else and_(*clauses)

    def _unary(self) -> ColumnElement[bool]:
        if self._at_word("not"):
            self.pos += 1
            self.advanced = True
            self.budget.enter()
            clause = not_(self._unary())
            self.budget.leave()
            return clause
        return self._primary()

    def _primary(self) -> ColumnElement[bool]:
        token = self._next()
        if token.text == "(":
            self.budget.enter()
            clause = self._or()
            self.budget.leave()
            self._expect(")")
            return clause
        self.budget.clause()
        if token.kind != "name":
            raise BadRequest(f"Invalid filter clause: unexpected '{token.text}'.")
        lowered = token.text.lower()
        following = self._peek()
        if (
            lowered in ("startswith", "endswith", "contains")
            and following is not None
            and following.text == "("
        ):
            return self._function(lowered)
        if lowered.endswith(("/any", "/all")):
            return self._lambda(token.text)
        operator = self._next()
        if operator.text.lower() == "in":
            return self._in(token.text)
        if operator.text.lower() not in _COMPARE:
            raise BadRequest(f"Invalid filter clause: unknown operator '{operator.text}'.")
        return self._compare(token.text, operator.text.lower(), self._literal())

    def _function(self, name: str) -> ColumnElement[bool]:
        if name != "startswith":
            raise UnsupportedQuery(
                f"Unsupported Query. The '{name}' function is not supported on {self.type_name}."
            )
        self._expect("(")
        path = self._next().text
        self._expect(",")
        value = self._literal()
        self._expect(")")
        if not isinstance(value, str):
            raise BadRequest("Invalid filter clause: startswith needs a string.")
        return self._startswith(path, value)

    def _in(self, path: str) -> ColumnElement[bool]:
        self._expect("(")
        values = [self._literal()]
        while (following := self._peek()) is not None and following.text == ",":
            self.pos += 1
            self.budget.clause()
            values.append(self._literal())
        self._expect(")")
        return or_(*(self._compare(path, "eq", value) for value in values))

    def _lambda(self, head: str) -> ColumnElement[bool]:
        path, _, kind = head.rpartition("/")
        if kind.lower() == "all":
            raise UnsupportedQuery(f"Unsupported Query. The 'all' lambda is not supported on '{path}'.")
        prop = self._collection(path)
        self._expect("(")
        var = self._next().text
        self._expect(":")
        if prop.kind == "identities":
            return self._identity_lambda(prop, var)
        if self._at_word("startswith"):
            self.pos += 1
            self._expect("(")
            self._var(var)
            self._expect(",")
            value = self._literal()
            self._expect(")")
            matches = prefix_range(col(IndexEntry.value), str(value).lower())
        else:
            self._var(var)
            self._expect("eq")
            matches = col(IndexEntry.value) == str(self._literal()).lower()
        self._expect(")")
        return self._indexed(prop.wire, matches)

    def _identity_lambda(self, prop: Prop, var: str) -> ColumnElement[bool]:
        """``alternativeSecurityIds/any(x:x/key eq '...')`` (or ``x/identityProvider``): one indexed member."""
        head, _, member = self._next().text.partition("/")
        if head != var or member not in IDENTITY_MEMBERS:
            raise self._unsupported(prop.wire)
        self._expect("eq")
        matches = col(IndexEntry.value) == str(self._literal()).lower()
        self._expect(")")
        return self._indexed(f"{prop.wire}/{member}", matches)

    def _var(self, var: str) -> None:
        token = self._next()
        if token.text != var:
            raise BadRequest(f"Invalid filter clause: expected the lambda variable '{var}'.")

    def _literal(self) -> Any:
        token = self._next()
        if token.kind == "string":
            return token.text[1:-1].replace("''", "'")
        if token.kind == "datetime":
            try:
                return parse_iso(token.text)
            except ValueError as exc:
                raise BadRequest(
                    f"Invalid filter clause: '{token.text}' is not a valid DateTimeOffset."
                ) from exc
        if token.kind == "guid":
            return token.text.lower()
        if token.kind == "number":
            return float(token.text) if "." in token.text else int(token.text)
        if token.kind == "name" and token.text.lower() in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[token.text.lower()]
        raise BadRequest(f"Invalid filter clause: '{token.text}' is not a value.")

    # -- translation ---------------------------------------------------------------------------------------
    def _prop(self, path: str) -> Prop:
        prop = self.props.get(path.lower())
        if prop is None:
            raise BadRequest(
                f"Could not find a property named '{path}' on type 'microsoft.graph.{self.type_name}'."
            )
        if not prop.filter or prop.kind in ("collection", "identities"):
            raise self._unsupported(prop.wire)
        return prop

    def _collection(self, path: str) -> Prop:
        prop = self.props.get(path.lower())
        if prop is None or prop.kind not in ("collection", "identities") or not prop.filter:
            raise self._unsupported(path)
        return prop

    def _unsupported(self, wire: str) -> UnsupportedQuery:
        return UnsupportedQuery(
            f"Unsupported or invalid query filter clause specified for property '{wire}' "
            f"of resource '{self.type_name[0].upper() + self.type_name[1:]}'."
        )

    def _indexed(self, prop: str, matches: ColumnElement[bool]) -> ColumnElement[bool]:
        inner = select(col(IndexEntry.user_id)).where(
            col(IndexEntry.tenant_id) == self.tenant_id, col(IndexEntry.prop) == prop, matches
        )
        return self.model.id.in_(inner)

    def _extension(self, path: str) -> str | None:
        head, _, tail = path.partition("/")
        if head.lower() == "onpremisesextensionattributes" and tail in EXTENSION_ATTRS:
            return f"onPremisesExtensionAttributes/{tail}"
        if not tail and EXTENSION_NAME.match(path) and self.type_name == "user":
            return path
        return None

    def _startswith(self, path: str, value: str) -> ColumnElement[bool]:
        extension = self._extension(path)
        if extension:
            return self._indexed(extension, prefix_range(col(IndexEntry.value), value.lower()))
        prop = self._prop(path)
        if prop.kind not in ("string",):
            raise self._unsupported(prop.wire)
        return self._keyed(prefix_range(func.lower(getattr(self.model, prop.column)), value.lower()))

    def _compare(self, path: str, op: str, value: Any) -> ColumnElement[bool]:
        extension = self._extension(path)
        if extension:
            if op != "eq" or not isinstance(value, str):
                raise self._unsupported(path)
            return self._indexed(extension, col(IndexEntry.value) == value.lower())
        prop = self._prop(path)
        column = getattr(self.model, prop.column)
        if op == "ne":
            self.advanced = True
        if value is None:
            if op not in ("eq", "ne"):
                raise self._unsupported(prop.wire)
            return column.is_(None) if op == "eq" else column.is_not(None)
        if prop.kind == "bool":
            return self._bool(prop, column, op, value)
        if prop.kind == "datetime":
            return self._ordered(column, op, self._datetime(prop, value))
        if not isinstance(value, str):
            raise BadRequest(f"Invalid filter clause: '{prop.wire}' compares with a string.")
        lowered = func.lower(column) if prop.kind == "string" else column
        clause = self._ordered(lowered, op, value.lower())
        if op == "eq":
            return self._keyed(clause)
        return or_(column.is_(None), clause) if op == "ne" else clause

    def _keyed(self, clause: ColumnElement[bool]) -> ColumnElement[bool]:
        """Repeat the tenant beside an indexed comparison, so each branch of an ``or`` is its own index lookup.

        ``(upn eq 'x' or mail eq 'x')`` under the query's ``tenant_id = :t`` is a scan of the tenant's rows on
        SQLite (its OR optimization needs every branch to name the index's leading column); with the tenant in
        each branch it is one ``(tenant_id, lower(column))`` lookup per branch, on PostgreSQL a BitmapOr.
        """
        return and_(self.model.tenant_id == self.tenant_id, clause)

    def _bool(self, prop: Prop, column: Any, op: str, value: Any) -> ColumnElement[bool]:
        if not isinstance(value, bool) or op not in ("eq", "ne"):
            raise self._unsupported(prop.wire)
        return column == (true() if value == (op == "eq") else false())

    def _datetime(self, prop: Prop, value: Any) -> datetime:
        if not isinstance(value, datetime):
            raise BadRequest(f"Invalid filter clause: '{prop.wire}' compares with a DateTimeOffset.")
        return value

    @staticmethod
    def _ordered(column: Any, op: str, value: Any) -> ColumnElement[bool]:
        return {
            "eq": column == value,
            "ne": column != value,
            "ge": column >= value,
            "le": column <= value,
            "gt": column > value,
            "lt": column < value,
        }[op]
