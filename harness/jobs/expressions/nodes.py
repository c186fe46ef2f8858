"""The expression AST: immutable nodes, so a parsed expression can be cached and shared."""

from __future__ import annotations

from dataclasses import dataclass

# Bare names that are values, not functions: InStr's compareType (S28: "vbTextCompare or vbBinaryCompare").
CONSTANTS: dict[str, int | bool] = {"vbBinaryCompare": 0, "vbTextCompare": 1, "True": True, "False": False}

COMPARISON_OPERATORS = ("=", "<>", ">=", "<=", ">", "<")


@dataclass(frozen=True)
class Node:
    """A node of the AST; `column` is where it starts (1-based)."""

    column: int


@dataclass(frozen=True)
class StringLiteral(Node):
    value: str


@dataclass(frozen=True)
class NumberLiteral(Node):
    value: int | float


@dataclass(frozen=True)
class AttributeRef(Node):
    name: str


@dataclass(frozen=True)
class Constant(Node):
    name: str

    @property
    def value(self) -> int | bool:
        return CONSTANTS[self.name]


@dataclass(frozen=True)
class Omitted(Node):
    """An empty argument position, as in `Switch([x], , "a", "b")`: evaluates to null."""


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Comparison(Node):
    """`left op right`, allowed where IIF and CBool take a condition (S28 IIF: = <> > >= < <=)."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its source text and its root node."""

    text: str
    root: Node


def walk(node: Node) -> list[Node]:
    """Return the node and all its descendants, depth first."""
    found = [node]
    if isinstance(node, Call):
        for arg in node.args:
            found.extend(walk(arg))
    elif isinstance(node, Comparison):
        found.extend(walk(node.left))
        found.extend(walk(node.right))
    return found


def referenced_attributes(expression: Expression | Node) -> set[str]:
    """Return the source attribute names an expression reads, as written in it."""
    root = expression.root if isinstance(expression, Expression) else expression
    return {n.name for n in walk(root) if isinstance(n, AttributeRef)}
