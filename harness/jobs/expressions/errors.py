"""Errors raised while parsing or evaluating an Entra attribute-mapping expression.

ExpressionError
├── ExpressionSyntaxError          the text is not a valid expression (carries the 1-based column)
│   ├── ExpressionTooLongError     longer than the documented 10,000 characters
│   ├── UnknownFunctionError       a name that is not in the function list (with a close match)
│   └── ArgumentCountError         a known function called with the wrong number of arguments
└── ExpressionEvaluationError      a function could not produce a value (carries the function and reason)
"""

from __future__ import annotations

from harness.errors import UserError


class ExpressionError(UserError):
    """Base class of every expression error (a ``harness.errors.UserError``: the expression is input)."""


class ExpressionSyntaxError(ExpressionError):
    """The expression text cannot be parsed; `column` is 1-based."""

    def __init__(self, message: str, text: str, column: int) -> None:
        self.reason = message
        self.text = text
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        flat = self.text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
        start = max(0, self.column - 61)
        snippet = flat[start : start + 100]
        prefix = "…" if start else ""
        caret = " " * (len(prefix) + self.column - 1 - start) + "^"
        return f"{self.reason} (column {self.column})\n  {prefix}{snippet}\n  {caret}"


class ExpressionTooLongError(ExpressionSyntaxError):
    """The expression exceeds the 10,000-character limit."""


class UnknownFunctionError(ExpressionSyntaxError):
    """A function name is not in Entra's function list."""

    def __init__(self, name: str, text: str, column: int, suggestion: str | None) -> None:
        self.name = name
        self.suggestion = suggestion
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        super().__init__(f"Unknown function '{name}'{hint}", text, column)


class ArgumentCountError(ExpressionSyntaxError):
    """A function is called with the wrong number of arguments."""

    def __init__(self, function: str, signature: str, expected: str, given: int, text: str, column: int):
        self.function = function
        self.signature = signature
        super().__init__(
            f"{function} takes {expected} argument(s), {given} given; signature: {signature}", text, column
        )


class ExpressionEvaluationError(ExpressionError):
    """A function failed on the values it was given."""

    def __init__(self, function: str, reason: str) -> None:
        self.function = function
        self.reason = reason
        super().__init__(f"{function}: {reason}")
