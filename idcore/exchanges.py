"""Recorded HTTP exchanges (``fixtures/recorded/*.json``): placeholders, subset matching, JSON pointers, statuses.

A recorded exchange names ids it cannot know in advance as ``{name.attr}`` (``{user.id}``), filled from the answers
saved earlier under ``save_as``; its ``expect`` is matched by subset, its ``absent`` pointers must name nothing, and
its ``status`` is one status or the list Entra accepts. mockscim's tests replay the corpus against mockscim with
these, and ``scimulator validate`` replays it against any endpoint — one reading of the file for both.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["PLACEHOLDER", "Unbound", "contains", "fill", "present", "statuses"]

PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")


class Unbound(LookupError):
    """A placeholder names a resource (or an attribute of it) that was never created; str() is the placeholder."""


def fill(value: Any, bound: dict[str, dict[str, Any]]) -> Any:
    """Return ``value`` with every ``{name.attr}`` replaced by that attribute of the resource saved as ``name``."""
    if isinstance(value, str):

        def one(match: re.Match[str]) -> str:
            resource = bound.get(match.group(1))
            if resource is None or match.group(2) not in resource:
                raise Unbound(match.group(0))
            return str(resource[match.group(2)])

        return PLACEHOLDER.sub(one, value)
    if isinstance(value, list):
        return [fill(item, bound) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, bound) for key, item in value.items()}
    return value


def contains(actual: Any, expected: Any) -> bool:
    """Tell whether ``actual`` holds ``expected``: objects by subset, lists item by item, scalars equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], item) for key, item in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(actual == expected)


def present(body: Any, pointer: str) -> bool:
    """Tell whether the JSON pointer ``pointer`` (``/Resources/0/members``) names something in ``body``."""
    node = body
    for token in pointer.strip("/").split("/"):
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            return False
    return True


def statuses(exchange: dict[str, Any]) -> list[int]:
    """Return the statuses Entra accepts for an exchange (one, or a set such as 200/204 for a PATCH)."""
    status = exchange["status"]
    return status if isinstance(status, list) else [status]
