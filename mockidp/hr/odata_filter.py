"""The OData v2 ``$filter`` subset SuccessFactors clients send: a lexer, a parser and the AST.

Grammar (OData v2 URI conventions §4.5, with SuccessFactors' ``in`` extension)::

    expr     := and_expr ("or" and_expr)*
    and_expr := unary ("and" unary)*
    unary    := "not" unary | "(" expr ")" | path OP literal | path "in" literal ("," literal)*
    OP       := eq | ne | gt | ge | lt | le
    path     := name ("/" name)*
    literal  := 'text' | datetimeoffset'ISO' | datetime'ISO' | number | null | true | false

Anything else (functions such as ``substringof``, arithmetic) is refused with a 400, never guessed; so is a filter
nesting ``(`` or ``not`` deeper than ``FILTER_MAX_DEPTH`` or holding more than ``FILTER_MAX_CLAUSES`` comparisons
(idcore.limits), before anything walks its tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from idcore.limits import FilterBudget
from mockidp.hr.errors import ODataError

__all__ = ["COMPARISONS", "And", "Compare", "In", "Literal", "Node", "Not", "Or", "parse_filter"]

COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")
Literal = str | int | float | bool | datetime | None

_TOKEN = re.compile(
    r"""
    \s*(?:
      (?P<typed>(?:datetimeoffset|datetime)'[^']*')
    | (?P<string>'(?:[^']|'')*')
    | (?P<number>-?\d+(?:\.\d+)?[mMdDlL]?)
    | (?P<punct>[(),])
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Compare:
    path: str
    op: str
    value: Literal


@dataclass(frozen=True)
class In:
    path: str
    values: tuple[Literal, ...]


@dataclass(frozen=True)
class And:
    left: Node
    right: Node


@dataclass(frozen=True)
class Or:
    left: Node
    right: Node


@dataclass(frozen=True)
class Not:
    operand: Node


Node = Compare | In | And | Or | Not


def _bad(message: str) -> ODataError:
    return ODataError(f"[COE0008]Invalid $filter: {message}", code="COE_GENERAL_BAD_REQUEST")


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise _bad(f"unexpected text at position {position}: {text[position : position + 20]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        position = match.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.budget = FilterBudget(_bad)

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise _bad("the expression ends too early")
        self.index += 1
        return token

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token[0] == "word" and token[1].lower() == word:
            self.index += 1
            return True
        return False

    def expr(self) -> Node:
        node = self.and_expr()
        while self.keyword("or"):
            node = Or(node, self.and_expr())
        return node

    def and_expr(self) -> Node:
        node = self.unary()
        while self.keyword("and"):
            node = And(node, self.unary())
        return node

    def unary(self) -> Node:
        if self.keyword("not"):
            self.budget.enter()
            negated = Not(self.unary())
            self.budget.leave()
            return negated
        kind, text = self.take()
        if (kind, text) == ("punct", "("):
            self.budget.enter()
            node = self.expr()
            self.budget.leave()
            if self.take() != ("punct", ")"):
                raise _bad("a ')' is missing")
            return node
        if kind != "word":
            raise _bad(f"expected a property name, found {text!r}")
        return self.comparison(text)

    def comparison(self, path: str) -> Node:
        self.budget.clause()
        kind, op = self.take()
        op = op.lower()
        if kind == "punct" and op == "(":
            raise _bad(f"function {path}() is not supported")
        if op == "in":
            values = [self.literal()]
            while self.peek() == ("punct", ","):
                self.take()
                self.budget.clause()
                values.append(self.literal())
            return In(path, tuple(values))
        if op not in COMPARISONS:
            raise _bad(f"unsupported operator {op!r}")
        return Compare(path, op, self.literal())

    def literal(self) -> Literal:
        kind, text = self.take()
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            digits = text.rstrip("mMdDlL")
            return float(digits) if "." in digits else int(digits)
        if kind == "typed":
            return _datetime(text[text.index("'") + 1 : -1])
        if kind == "word" and text.lower() in ("null", "true", "false"):
            return {"null": None, "true": True, "false": False}[text.lower()]
        raise _bad(f"expected a literal, found {text!r}")


def _datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (ValueError, OverflowError) as exc:  # OverflowError: an offset beyond year 1 or 9999 in UTC
        raise _bad(f"{text!r} is not a valid date and time") from exc


def parse_filter(text: str) -> Node:
    """Parse ``$filter`` text into an AST, or raise a 400 ODataError."""
    parser = _Parser(text)
    if not parser.tokens:
        raise _bad("the expression is empty")
    node = parser.expr()
    if parser.peek() is not None:
        raise _bad(f"unexpected {parser.peek()[1]!r} after the expression")  # type: ignore[index]
    return node
