"""RFC 7644 §3.4.2.2 filters: lexer, parser, tree, in-memory evaluator and renderer."""

from idcore.scim.filter.ast import (
    And,
    AttrPath,
    Compare,
    CompareOp,
    Filter,
    Not,
    Or,
    Present,
    Value,
    ValuePath,
    walk_paths,
)
from idcore.scim.filter.evaluate import evaluate
from idcore.scim.filter.parser import parse_filter, parse_path
from idcore.scim.filter.render import render_filter, render_path, render_value

__all__ = [
    "And",
    "AttrPath",
    "Compare",
    "CompareOp",
    "Filter",
    "Not",
    "Or",
    "Present",
    "Value",
    "ValuePath",
    "evaluate",
    "parse_filter",
    "parse_path",
    "render_filter",
    "render_path",
    "render_value",
    "walk_paths",
]
