"""The values an expression passes around, and their conversions.

Inside an evaluation a value is one of: None (null — an absent attribute or an omitted argument), str, bool, int,
float, datetime (from CDate, Now, DateAdd…), a list (multi-valued), a dict (an app role assignment), or DROP.
What leaves `evaluate` is normalised by `to_output`: booleans flow as "True"/"False" (S28 Not: "Boolean String"),
numbers as decimal text, dates as `M/d/yyyy h:mm:ss tt` in UTC (S28 CDate/Now).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final, TypeAlias

from .errors import ExpressionEvaluationError


class _Drop:
    """The sentinel of IgnoreFlowIfNullOrEmpty: drop the attribute from the flow."""

    def __repr__(self) -> str:
        return "DROP"


DROP: Final = _Drop()

Value: TypeAlias = None | str | bool | int | float | datetime | list[Any] | dict[str, Any] | _Drop
Output: TypeAlias = None | str | list[Any] | _Drop


def is_null(value: Value) -> bool:
    """Return True for null: an absent attribute, an omitted argument, or an empty multi-valued attribute."""
    return value is None or (isinstance(value, list) and not value)


def is_null_or_empty(value: Value) -> bool:
    """Return True for null or the empty string."""
    return is_null(value) or value == ""


def format_datetime(value: datetime) -> str:
    """Render a date as Entra does: UTC, `M/d/yyyy h:mm:ss tt` (S28 CDate, DateAdd, Now)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    hour12 = value.hour % 12 or 12
    meridiem = "AM" if value.hour < 12 else "PM"
    return f"{value.month}/{value.day}/{value.year} {hour12}:{value.minute:02d}:{value.second:02d} {meridiem}"


def scalar_text(value: Value) -> str | None:
    """Render one non-list value as text; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, dict):
        return str(value.get("value", value.get("displayName", "")))
    return str(value)


def to_text(value: Value, function: str) -> str | None:
    """Coerce an argument to a single string, or None; a multi-valued one is refused unless it has one value."""
    if isinstance(value, list):
        if not value:
            return None
        if len(value) > 1:
            raise ExpressionEvaluationError(
                function, f"expects a single value but got a multi-valued attribute with {len(value)} values"
            )
        value = value[0]
    return scalar_text(value)


def to_int(value: Value, function: str, parameter: str) -> int:
    """Coerce an argument to an integer or fail naming the parameter."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = to_text(value, function)
    if text is not None:
        try:
            return int(text.strip())
        except ValueError:
            pass
    raise ExpressionEvaluationError(function, f"{parameter} must be an integer, got {text!r}")


def to_output(value: Value) -> Output:
    """Normalise an evaluation result to what a mapping flows: str, list, DROP or None."""
    if value is DROP or value is None:
        return value  # type: ignore[return-value]
    if isinstance(value, list):
        return [item if isinstance(item, dict) else scalar_text(item) for item in value if item is not None]
    return scalar_text(value)
