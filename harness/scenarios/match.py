"""The catalog's expectation language: a value matched against what happened, and ``${…}`` placeholders.

An expectation is plain YAML data compared with the facts of a run (docs/scenarios.md lists them):

- a mapping matches a mapping that has each of its keys with a matching value (other keys are ignored);
- a list matches a list of the same length, item by item, in order;
- anything else matches an equal value;
- a mapping whose one key starts with ``$`` is an operator:

  ========================== =====================================================================================
  ``$absent``                the key is missing, null or empty (as a string: ``key: $absent``)
  ``$present``               the key is there and neither null nor empty (``key: $present``)
  ``{$contains: X}``         a string containing X (or each of a list of X); a list with an item equal to X
  ``{$not: M}``              M does not match
  ``{$any: M}``              a list with at least one item matching M
  ``{$all: M}``              a non-empty list whose every item matches M
  ``{$none: M}``             a list with no item matching M (or nothing at all)
  ``{$len: M}``              a list, mapping or string whose length matches M
  ``{$gt: X}``, ``{$ge: X}`` greater than (or equal to) X
  ``{$where: [S, M]}``       keep the list items matching S, then match that list with M
  ``{$and: [M, …]}``         every M matches
  ========================== =====================================================================================

``match(expected, actual)`` returns the mismatches as ``path: expected …, got …`` lines (empty when it matches).
``fill(value, names)`` replaces each ``${name.path}`` with the value found at that dotted path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["OPERATORS", "Unbound", "dig", "fill", "match"]

PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")
Problems = list[str]


class Unbound(LookupError):
    """A placeholder names something the scenario never made."""


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."


def _miss(path: str, expected: str, actual: Any) -> Problems:
    return [f"{path or 'value'}: expected {expected}, got {_short(actual)}"]


def match(expected: Any, actual: Any, path: str = "") -> Problems:
    """Return the ways ``actual`` does not match ``expected`` (empty when it matches)."""
    if isinstance(expected, str) and expected in ("$absent", "$present"):
        return _operator({expected: True}, actual, path)
    if isinstance(expected, Mapping) and len(expected) == 1 and str(next(iter(expected))).startswith("$"):
        return _operator(expected, actual, path)
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return _miss(path, "a mapping", actual)
        problems: Problems = []
        for key, want in expected.items():
            here = f"{path}.{key}" if path else str(key)
            problems += match(want, actual.get(key), here)
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            got = f"{len(actual)}: {_short(actual)}" if isinstance(actual, list) else _short(actual)
            return [f"{path or 'value'}: expected {len(expected)} items, got {got}"]
        return [
            p
            for i, (w, a) in enumerate(zip(expected, actual, strict=True))
            for p in match(w, a, f"{path}[{i}]")
        ]
    return [] if expected == actual else _miss(path, _short(expected), actual)


def _operator(expected: Mapping[str, Any], actual: Any, path: str) -> Problems:
    [(name, operand)] = expected.items()
    if name not in OPERATORS:
        return [f"{path or 'value'}: unknown operator {name} (known: {', '.join(sorted(OPERATORS))})"]
    return OPERATORS[name](operand, actual, path)


def _absent(_: Any, actual: Any, path: str) -> Problems:
    return [] if _empty(actual) else _miss(path, "nothing", actual)


def _present(_: Any, actual: Any, path: str) -> Problems:
    return _miss(path, "a value", actual) if _empty(actual) else []


def _contains(operand: Any, actual: Any, path: str) -> Problems:
    if isinstance(actual, list):
        return [] if operand in actual else _miss(path, f"a list with {_short(operand)}", actual)
    text = "" if actual is None else str(actual)
    wanted = operand if isinstance(operand, list) else [operand]
    missing = [w for w in wanted if str(w) not in text]
    return _miss(path, f"text containing {_short(missing)}", actual) if missing else []


def _not(operand: Any, actual: Any, path: str) -> Problems:
    return _miss(path, f"not {_short(operand)}", actual) if not match(operand, actual, path) else []


def _any(operand: Any, actual: Any, path: str) -> Problems:
    if not isinstance(actual, list):
        return _miss(path, "a list", actual)
    return (
        []
        if any(not match(operand, item) for item in actual)
        else _miss(path, f"an item like {_short(operand)}", actual)
    )


def _all(operand: Any, actual: Any, path: str) -> Problems:
    if not isinstance(actual, list) or not actual:
        return _miss(path, f"a non-empty list of items like {_short(operand)}", actual)
    return [p for i, item in enumerate(actual) for p in match(operand, item, f"{path}[{i}]")]


def _none(operand: Any, actual: Any, path: str) -> Problems:
    found = (
        [item for item in actual or [] if not match(operand, item)]
        if isinstance(actual, list | type(None))
        else None
    )
    if found is None:
        return _miss(path, "a list", actual)
    return _miss(path, f"no item like {_short(operand)}", found) if found else []


def _len(operand: Any, actual: Any, path: str) -> Problems:
    if not isinstance(actual, list | Mapping | str):
        return _miss(path, "something with a length", actual)
    return match(operand, len(actual), f"{path}.length")


def _compare(strict: bool) -> Callable[[Any, Any, str], Problems]:
    def compare(operand: Any, actual: Any, path: str) -> Problems:
        try:
            ok = actual > operand if strict else actual >= operand
        except TypeError:
            ok = False
        return [] if ok else _miss(path, f"{'>' if strict else '>='} {_short(operand)}", actual)

    return compare


def _where(operand: Any, actual: Any, path: str) -> Problems:
    if not isinstance(operand, list) or len(operand) != 2:
        return [f"{path or 'value'}: $where takes [selector, expectation]"]
    if not isinstance(actual, list):
        return _miss(path, "a list", actual)
    selector, wanted = operand
    return match(wanted, [item for item in actual if not match(selector, item)], f"{path}(where)")


def _and(operand: Any, actual: Any, path: str) -> Problems:
    return [p for each in operand for p in match(each, actual, path)]


OPERATORS: dict[str, Callable[[Any, Any, str], Problems]] = {
    "$absent": _absent,
    "$present": _present,
    "$contains": _contains,
    "$not": _not,
    "$any": _any,
    "$all": _all,
    "$none": _none,
    "$len": _len,
    "$gt": _compare(True),
    "$ge": _compare(False),
    "$where": _where,
    "$and": _and,
}


def fill(value: Any, lookup: Callable[[str], Any]) -> Any:
    """Return ``value`` with each ``${name.path}`` replaced by ``lookup("name.path")``, in keys and values.

    A string that is one placeholder and nothing else takes the looked-up value as it is (a boolean stays a boolean).
    """
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole:
            return lookup(whole.group(1).strip())
        return PLACEHOLDER.sub(lambda m: str(lookup(m.group(1).strip())), value)
    if isinstance(value, list):
        return [fill(item, lookup) for item in value]
    if isinstance(value, Mapping):
        return {fill(key, lookup): fill(item, lookup) for key, item in value.items()}
    return value


def dig(root: Any, dotted: str) -> Any:
    """Return the value at ``dotted`` (``a.b.0.c``) inside ``root``; raise Unbound when a step is missing."""
    value = root
    for part in dotted.split(".") if dotted else []:
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise Unbound(dotted)
    return value
