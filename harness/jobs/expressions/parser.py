"""Recursive-descent parser producing the AST in `nodes` (S28 "Syntax overview").

    expression = comparison END
    comparison = operand [ operator operand ]
    operand    = call | attribute | string | number | constant
    call       = name "(" [ argument { "," argument } ] ")"
    argument   = comparison | (nothing: an omitted argument, null)      e.g. Switch([x], , "a", "b")

Function names are checked here, with their argument counts, so a typo fails before any evaluation.
S28: "The syntax is case-sensitive" — `switch(...)` is an unknown function whose suggestion is `Switch`.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from .errors import ArgumentCountError, ExpressionSyntaxError, ExpressionTooLongError, UnknownFunctionError
from .functions import FUNCTIONS
from .lexer import Kind, Token, tokenize
from .nodes import (
    CONSTANTS,
    AttributeRef,
    Call,
    Comparison,
    Constant,
    Expression,
    Node,
    NumberLiteral,
    Omitted,
    StringLiteral,
    walk,
)

MAX_LENGTH = 10_000  # S5 known issues: an expression may hold at most 10,000 characters.
# Calls nested deeper are refused with their column, before anything recursive walks the tree (Python's stack
# would run out near 1,000 levels, which 10,000 characters reach: "Trim(" is five). Entra documents no
# nesting limit; this one is the mock's, far beyond any mapping Microsoft documents.
MAX_NESTING = 100


@lru_cache(maxsize=2048)
def parse(text: str) -> Expression:
    """Parse expression text into a cached, immutable AST."""
    if len(text) > MAX_LENGTH:
        raise ExpressionTooLongError(
            f"Expression is {len(text)} characters long; the limit is {MAX_LENGTH}", text, MAX_LENGTH + 1
        )
    if not text.strip():
        raise ExpressionSyntaxError("Expression is empty", text, 1)
    parser = _Parser(text, tokenize(text))
    root = parser.comparison()
    parser.expect(Kind.END)
    _check_top_level_only(text, root)
    return Expression(text=text, root=root)


def suggest(name: str) -> str | None:
    """Return the known name closest to `name`, if any is close."""
    by_lower = {known.lower(): known for known in [*FUNCTIONS, *CONSTANTS]}
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    prefixes = [known for lower, known in by_lower.items() if name.lower().startswith(lower)]
    if prefixes:
        return max(prefixes, key=len)  # "AppendString" → "Append"
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, kind: Kind) -> Token:
        if self.current.kind is not kind:
            self.fail(f"Expected {kind.value!r} but found {self._describe(self.current)}")
        return self.advance()

    def fail(self, message: str, column: int | None = None) -> None:
        raise ExpressionSyntaxError(message, self.text, column or self.current.column)

    @staticmethod
    def _describe(token: Token) -> str:
        if token.kind is Kind.END:
            return "the end of the expression"
        return f"{token.kind.value} {token.value!r}"

    def comparison(self) -> Node:
        left = self.operand()
        if self.current.kind is Kind.OPERATOR:
            op = self.advance()
            right = self.operand()
            return Comparison(column=left.column, op=str(op.value), left=left, right=right)
        return left

    def operand(self) -> Node:
        token = self.current
        if token.kind is Kind.STRING:
            self.advance()
            return StringLiteral(column=token.column, value=str(token.value))
        if token.kind is Kind.NUMBER:
            self.advance()
            assert isinstance(token.value, (int, float))
            return NumberLiteral(column=token.column, value=token.value)
        if token.kind is Kind.ATTRIBUTE:
            self.advance()
            return AttributeRef(column=token.column, name=str(token.value))
        if token.kind is Kind.NAME:
            return self.call_or_constant()
        self.fail(
            f'Expected a function, an [attribute], a "string" or a number but found {self._describe(token)}'
        )
        raise AssertionError  # unreachable: fail() raises

    def call_or_constant(self) -> Node:
        token = self.advance()
        name = str(token.value)
        if self.current.kind is not Kind.LPAREN:
            if name in CONSTANTS:
                return Constant(column=token.column, name=name)
            if name in FUNCTIONS:
                self.fail(f"Function '{name}' must be called with parentheses: {name}(…)")
            raise UnknownFunctionError(name, self.text, token.column, suggest(name))
        if name not in FUNCTIONS:
            raise UnknownFunctionError(name, self.text, token.column, suggest(name))
        self.advance()
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(f"Function calls nest deeper than {MAX_NESTING} levels", token.column)
        args = self.arguments()
        self.depth -= 1
        self._check_arity(name, args, token.column)
        return Call(column=token.column, name=name, args=tuple(args))

    def arguments(self) -> list[Node]:
        if self.current.kind is Kind.RPAREN:
            self.advance()
            return []
        args = [self.argument()]
        while self.current.kind is Kind.COMMA:
            self.advance()
            args.append(self.argument())
        self.expect(Kind.RPAREN)
        return args

    def argument(self) -> Node:
        if self.current.kind in (Kind.COMMA, Kind.RPAREN):
            return Omitted(column=self.current.column)
        return self.comparison()

    def _check_arity(self, name: str, args: list[Node], column: int) -> None:
        spec = FUNCTIONS[name]
        given = len(args)
        too_few = given < spec.min_args
        too_many = spec.max_args is not None and given > spec.max_args
        odd = spec.even_args and given % 2
        if too_few or too_many or odd:
            raise ArgumentCountError(name, spec.signature, spec.expected_args, given, self.text, column)


def _check_top_level_only(text: str, root: Node) -> None:
    """S28 SelectUniqueValue: "This function must be at the top-level and can't be nested"."""
    for node in walk(root):
        if isinstance(node, Call) and FUNCTIONS[node.name].top_level_only and node is not root:
            raise ExpressionSyntaxError(
                f"{node.name} must be at the top level and can't be nested", text, node.column
            )
