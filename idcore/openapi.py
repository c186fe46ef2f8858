"""OpenAPI 3.0 documents derived from a Flask app: its URL map gives paths and methods, each view declares the rest.

A view states what it takes and what it can answer with :func:`operation` (summary, parameters, request body,
statuses); :func:`build_paths` walks ``app.url_map`` and turns every rule it is asked to document into path items,
so a route cannot exist undocumented (:class:`Undocumented`) and a documented path cannot lack its route. Texts and
schema names may hold ``{placeholders}`` filled from the rule's ``defaults`` through a ``context`` function, so one
view serving ``/Users`` and ``/Groups`` declares itself once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask
from werkzeug.routing import BaseConverter, Map, Rule

__all__ = [
    "Operation",
    "ReservedSegment",
    "Undocumented",
    "build_paths",
    "documented_routes",
    "fill",
    "install_converters",
    "openapi_path",
    "operation",
]

F = TypeVar("F", bound=Callable[..., Any])
_ATTRIBUTE = "__openapi__"
_AUTOMATIC = {"HEAD", "OPTIONS"}
_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([A-Za-z_][A-Za-z0-9_]*)>")


class Undocumented(LookupError):
    """A route of the URL map has no declaration for one of its methods."""


@dataclass(frozen=True)
class Operation:
    """What one view answers for one method: summary, parameters, request body and statuses.

    ``responses`` maps a status to a component schema name (a body of that schema) or None (no body);
    ``request`` names the request body's component schema; ``public`` drops the security requirement.
    """

    summary: str
    responses: Mapping[int, str | None]
    request: str | None = None
    parameters: tuple[Mapping[str, Any], ...] = ()
    public: bool = False
    description: str = ""
    request_media: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def operation(methods: str | Iterable[str], **spec: Any) -> Callable[[F], F]:
    """Declare, on a view, the :class:`Operation` it performs for ``methods`` (stackable, one per method set)."""
    names = [methods] if isinstance(methods, str) else list(methods)
    declared = Operation(**spec)

    def attach(view: F) -> F:
        table: dict[str, Operation] = dict(getattr(view, _ATTRIBUTE, {}))
        table.update({name.upper(): declared for name in names})
        setattr(view, _ATTRIBUTE, table)
        return view

    return attach


def openapi_path(rule: Rule | str) -> str:
    """Return the OpenAPI spelling of a Werkzeug rule: ``/Users/<resource_id>`` → ``/Users/{resource_id}``."""
    return _VARIABLE.sub(r"{\1}", rule if isinstance(rule, str) else rule.rule)


def documented_routes(app: Flask, include: Callable[[Rule], bool]) -> set[tuple[str, str]]:
    """Return (OpenAPI path, lower-case method) of every rule ``include`` selects (HEAD and OPTIONS aside)."""
    return {
        (openapi_path(rule), method.lower())
        for rule in app.url_map.iter_rules()
        if include(rule)
        for method in (rule.methods or set()) - _AUTOMATIC
    }


def build_paths(
    app: Flask,
    include: Callable[[Rule], bool],
    render: Callable[[Operation, Rule, str], dict[str, Any]],
) -> dict[str, dict[str, Any]]:
    """Return the ``paths`` object of every rule ``include`` selects; raise Undocumented for a silent view.

    ``render(declared, rule, method)`` turns a declaration into an OpenAPI operation object (the app adds its
    media types, error schema and security); path parameters come from the rule's variables.
    """
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not include(rule):
            continue
        table: Mapping[str, Operation] = getattr(app.view_functions[rule.endpoint], _ATTRIBUTE, {})
        item = paths.setdefault(openapi_path(rule), {})
        variables = sorted(set(rule.arguments) - set(rule.defaults or {}))
        if variables:
            item["parameters"] = [
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                for name in variables
            ]
        for method in sorted((rule.methods or set()) - _AUTOMATIC):
            declared = table.get(method)
            if declared is None:
                raise Undocumented(f"{method} {rule.rule} ({rule.endpoint}) declares no OpenAPI operation")
            item[method.lower()] = render(declared, rule, method)
    return paths


def fill(text: str, context: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders of a declaration from ``context`` (unknown names stay as written)."""
    return re.sub(r"\{([A-Za-z_]+)\}", lambda m: context.get(m.group(1), m.group(0)), text)


class ReservedSegment(BaseConverter):
    """A path segment that is never one of the reserved words given (``<segment(".search"):resource_id>``).

    ``/Users/.search`` is a route of its own (RFC 7644 §3.4.3) and ``/users/delta`` a Graph function: without
    this, the id route matches them too, answers other methods with 404 and adds its methods to ``Allow``.
    """

    def __init__(self, url_map: Map, *reserved: str) -> None:
        super().__init__(url_map)
        words = "|".join(re.escape(word) for word in reserved)
        self.regex = f"(?!(?:{words})(?:/|$))[^/]+" if words else "[^/]+"


def install_converters(app: Flask) -> None:
    """Register :class:`ReservedSegment` as the ``segment`` converter of ``app``."""
    app.url_map.converters["segment"] = ReservedSegment
