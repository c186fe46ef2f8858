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
)
from idcore.scim.filter.parser import parse_filter, parse_path

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
    "parse_filter",
    "parse_path",
]
