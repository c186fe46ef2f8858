"""Conditions, null tests and flow control: IIF, Switch, Not, CBool, BitAnd, Coalesce, IsNull, IsNullOrEmpty,
IsPresent, IsString, IgnoreFlowIfNullOrEmpty, SelectUniqueValue (S28)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..nodes import Node, referenced_attributes
from ..values import DROP, Value, is_null, is_null_or_empty, to_int, to_text
from .base import Invocation, spec


def truth(inv: Invocation, value: Value) -> bool:
    """Read a condition: booleans, "True"/"False" strings and numbers (non-zero is true)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    text = to_text(value, inv.name)
    if text is None:
        return False
    if text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    try:
        return float(text) != 0
    except ValueError:
        inv.fail(f"cannot read {text!r} as a Boolean")


def iif(inv: Invocation, nodes: Sequence[Node]) -> Value:
    """S28 IIF: only the chosen branch is evaluated."""
    condition, if_true, if_false = nodes
    if inv.ctx.settings.iif_null_condition_fails:
        # S28 IIF known limitation: a null/empty source attribute makes the condition check fail.
        for name in sorted(referenced_attributes(condition)):
            if is_null_or_empty(inv.lookup(name)):
                inv.fail(
                    f"the condition reads [{name}], which is null or empty, so the condition check fails "
                    f'(documented limitation); use Switch([{name}], [{name}], "", "<value if empty>") instead'
                )
    return inv.eval(if_true if truth(inv, inv.eval(condition)) else if_false)


def switch(inv: Invocation, nodes: Sequence[Node]) -> Value:
    """S28 Switch: case-sensitive exact match of source against keys, else defaultValue."""
    source, default, *pairs = nodes
    changed = inv.changed_attributes
    if changed is not None and inv.ctx.settings.switch_null_gotcha:
        # S28 Switch caution: another mapped attribute changed but not the Switch's source → "evaluated as null".
        names = referenced_attributes(source)
        if names and not any(name.lower() in changed for name in names):
            return None
    text = to_text(inv.eval(source), inv.name) or ""  # S28: a null source matches the "" key
    for key_node, value_node in zip(pairs[::2], pairs[1::2]):
        if (to_text(inv.eval(key_node), inv.name) or "") == text:
            return inv.eval(value_node)
    return inv.eval(default)


def not_(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Not: "If source value is True, returns False. Otherwise, returns True"."""
    text = to_text(args[0], inv.name)
    return not (text is not None and text.strip().lower() == "true")


def cbool(inv: Invocation, args: Sequence[Value]) -> Value:
    return truth(inv, args[0])


def bit_and(inv: Invocation, args: Sequence[Value]) -> Value:
    return to_int(args[0], inv.name, "value1") & to_int(args[1], inv.name, "value2")


def coalesce(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Coalesce: the first value that isn't NULL (the last argument doubles as defaultValue)."""
    return next((value for value in args if not is_null(value)), None)


def select_unique_value(inv: Invocation, nodes: Sequence[Node]) -> Value:
    """S28 SelectUniqueValue: the first generated value not already present in the target."""
    if not inv.ctx.settings.allow_select_unique_value:
        inv.fail(
            "is only supported for Workday to Active Directory, SuccessFactors to Active Directory and "
            "API-driven provisioning to on-premises Active Directory; set EvalSettings.allow_select_unique_value "
            "to use it here"
        )
    taken = inv.ctx.is_value_taken
    if taken is None:
        inv.fail("needs EvalContext.is_value_taken to check values against the target")
    tried: list[str] = []
    for node in nodes:
        value = to_text(inv.eval(node), inv.name)
        if value is None or value == "":
            continue
        if not taken(value):
            return value
        tried.append(value)
    inv.fail(f"all generated values already exist in the target ({', '.join(tried)}); the entry is escrowed")


def _flag(test: Any):
    return lambda inv, args: test(args[0])


SPECS = (
    spec("IIF", "condition, valueIfTrue, valueIfFalse", iif, lazy=True),
    spec(
        "Switch",
        "source, defaultValue, key1, value1, key2, value2, ...",
        switch,
        4,
        lazy=True,
        even_args=True,
    ),
    spec("Not", "source", not_),
    spec("CBool", "Expression", cbool),
    spec("BitAnd", "value1, value2", bit_and),
    spec("Coalesce", "source1, ..., [defaultValue]", coalesce, 1),
    spec("IsNull", "Expression", _flag(is_null)),
    spec("IsNullOrEmpty", "Expression", _flag(is_null_or_empty)),
    spec("IsPresent", "Expression", _flag(lambda v: not is_null_or_empty(v))),
    spec("IsString", "Expression", _flag(lambda v: isinstance(v, str))),
    spec("IgnoreFlowIfNullOrEmpty", "expression", _flag(lambda v: DROP if is_null_or_empty(v) else v)),
    spec(
        "SelectUniqueValue",
        "uniqueValueRule1, uniqueValueRule2, ...",
        select_unique_value,
        2,
        lazy=True,
        top_level_only=True,
    ),
)
