"""Render filter trees and paths back to canonical text (lower-case operators, JSON literals).

``render_filter(parse_filter(text))`` is a fixed point: rendering, parsing and rendering again gives
the same string. Parentheses are written only where precedence (not > and > or) needs them.
"""

from __future__ import annotations

import json

from idcore.scim.filter.ast import And, AttrPath, Compare, Filter, Not, Or, Present, Value, ValuePath

_PRECEDENCE = {Or: 1, And: 2}


def render_filter(node: Filter) -> str:
    """Return the canonical filter text of ``node`` (e.g. ``userName eq "x"``)."""
    if isinstance(node, Compare):
        return f"{render_path(node.path)} {node.op.value} {render_value(node.value)}"
    if isinstance(node, Present):
        return f"{render_path(node.path)} pr"
    if isinstance(node, Not):
        return f"not ({render_filter(node.filter)})"
    if isinstance(node, ValuePath):
        return f"{render_path(node.path)}[{render_filter(node.filter)}]"
    if isinstance(node, (And, Or)):
        word = "and" if isinstance(node, And) else "or"
        return f"{_operand(node.left, node, right=False)} {word} {_operand(node.right, node, right=True)}"
    raise TypeError(f"not a filter node: {node!r}")


def render_path(path: AttrPath) -> str:
    """Return the text of a path: ``urn:...:attr``, ``attr.sub`` or ``attr[filter].sub``."""
    text = f"{path.urn}:{path.attr}" if path.urn else path.attr
    if path.value_filter is not None:
        text += f"[{render_filter(path.value_filter)}]"
    return f"{text}.{path.sub_attr}" if path.sub_attr else text


def render_value(value: Value) -> str:
    """Return a comparison value as its JSON literal (strings quoted and escaped)."""
    return json.dumps(value, ensure_ascii=False)


def _operand(child: Filter, parent: And | Or, *, right: bool) -> str:
    text = render_filter(child)
    child_rank = _PRECEDENCE.get(type(child), 3)
    parent_rank = _PRECEDENCE[type(parent)]
    needs_parens = child_rank < parent_rank or (right and child_rank == parent_rank)
    return f"({text})" if needs_parens else text
