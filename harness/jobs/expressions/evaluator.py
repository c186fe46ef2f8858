"""Evaluate a parsed expression against a source object."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from .context import EvalContext
from .errors import ExpressionEvaluationError
from .functions import FUNCTIONS, Invocation
from .nodes import (
    AttributeRef,
    Call,
    Comparison,
    Constant,
    Expression,
    Node,
    NumberLiteral,
    Omitted,
    StringLiteral,
)
from .parser import parse
from .values import DROP, Output, Value, to_output, to_text


def evaluate(
    expression: str | Expression | Node,
    source: Mapping[str, Any],
    ctx: EvalContext | None = None,
    *,
    changed_attributes: Iterable[str] | None = None,
) -> Output:
    """Evaluate an expression: a str, a list (multi-valued), DROP (not flowed) or None (null, not provisioned).

    `changed_attributes` names the source attributes that changed in an incremental update; when given, Switch
    reproduces the documented gotcha (EvalSettings.switch_null_gotcha).
    """
    if isinstance(expression, str):
        expression = parse(expression)
    root = expression.root if isinstance(expression, Expression) else expression
    evaluator = Evaluator(source, ctx or EvalContext(), changed_attributes)
    return to_output(evaluator.eval(root))


class Evaluator:
    """Walks the AST; holds the source lookup, the context and the changed-attribute set."""

    def __init__(self, source: Mapping[str, Any], ctx: EvalContext, changed: Iterable[str] | None) -> None:
        self.source = source
        self.ctx = ctx
        self.changed_attributes = None if changed is None else {name.lower() for name in changed}
        self._by_lower = {name.lower(): name for name in source}

    def lookup(self, name: str) -> Value:
        """Return a source attribute; case-insensitive unless it is a directory extension (EvalSettings)."""
        if name in self.source:
            return self.source[name]
        if not self.ctx.settings.attribute_lookup_case_insensitive or name.lower().startswith("extension_"):
            return None
        actual = self._by_lower.get(name.lower())
        return None if actual is None else self.source[actual]

    def eval(self, node: Node) -> Value:
        """Evaluate one node to an internal value."""
        if isinstance(node, StringLiteral | NumberLiteral):
            return node.value
        if isinstance(node, AttributeRef):
            return self.lookup(node.name)
        if isinstance(node, Omitted):
            return None
        if isinstance(node, Constant):
            return node.value
        if isinstance(node, Comparison):
            return self._compare(node)
        if isinstance(node, Call):
            return self._call(node)
        raise TypeError(f"not an expression node: {node!r}")

    def _call(self, node: Call) -> Value:
        spec = FUNCTIONS[node.name]
        invocation = Invocation(node.name, self)
        if spec.lazy:
            return spec.impl(invocation, node.args)
        args = [self.eval(arg) for arg in node.args]
        if any(arg is DROP for arg in args):
            return DROP  # IgnoreFlowIfNullOrEmpty inside another function still drops the attribute
        return spec.impl(invocation, args)

    def _compare(self, node: Comparison) -> Value:
        """S28 IIF operators; numbers compare as numbers, dates as dates, anything else as ordinal strings."""
        left, right = self.eval(node.left), self.eval(node.right)
        pair: tuple[Any, Any] | None = _as_numbers(left, right) or _as_dates(left, right)
        if pair is None:
            pair = (to_text(left, "IIF") or "", to_text(right, "IIF") or "")
        a, b = pair
        try:
            return {
                "=": a == b,
                "<>": a != b,
                ">": a > b,
                ">=": a >= b,
                "<": a < b,
                "<=": a <= b,
            }[node.op]
        except TypeError as exc:
            raise ExpressionEvaluationError("IIF", f"cannot compare {left!r} {node.op} {right!r}") from exc


def _as_numbers(left: Value, right: Value) -> tuple[float, float] | None:
    numbers = []
    for value in (left, right):
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict, datetime)):
            return None
        try:
            numbers.append(float(value))  # type: ignore[arg-type]
        except ValueError:
            return None
    return numbers[0], numbers[1]


def _as_dates(left: Value, right: Value) -> tuple[Any, Any] | None:
    if isinstance(left, datetime) and isinstance(right, datetime):
        return left, right
    return None
