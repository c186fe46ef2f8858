"""The filter syntax tree: frozen dataclasses, built by the parser, read by evaluate, render and sql.

A filter is one of :class:`Compare`, :class:`Present`, :class:`And`, :class:`Or`, :class:`Not` or
:class:`ValuePath`. Paths are :class:`AttrPath`. Names keep the case they were written in; every
consumer compares them case-insensitively (RFC 7644 §3.10: attribute names are case-insensitive).

Examples (``parse_filter`` text → tree)::

    userName eq "bjensen"            Compare(AttrPath("userName"), CompareOp.EQ, "bjensen")
    title pr                         Present(AttrPath("title"))
    a pr or b pr and c pr            Or(Present(a), And(Present(b), Present(c)))
    not (a pr)                       Not(Present(a))
    emails[type eq "work"]           ValuePath(AttrPath("emails"), Compare(AttrPath("type"), EQ, "work"))
    emails[type eq "work"].value eq "x"   (an Entra form outside the RFC filter ABNF)
        Compare(AttrPath("emails", "value", value_filter=Compare(AttrPath("type"), EQ, "work")), EQ, "x")
    urn:...:enterprise:2.0:User:employeeNumber eq "7"
        Compare(AttrPath("employeeNumber", urn="urn:...:enterprise:2.0:User"), EQ, "7")
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# compValue = false / null / true / number / string
Value = str | int | float | bool | None


class CompareOp(StrEnum):
    """The comparison operators of RFC 7644 §3.4.2.2 (Table 3), in their canonical lower case."""

    EQ = "eq"
    NE = "ne"
    CO = "co"
    SW = "sw"
    EW = "ew"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"


@dataclass(frozen=True)
class AttrPath:
    """A path to an attribute: ``[urn ":"] attr ["[" value_filter "]"] ["." sub_attr]``.

    ``value_filter`` is set only for PATCH paths (``emails[type eq "work"].value``) and Entra's
    filter form ``emails[type eq "work"].value eq "x"``; inside a filter a bare ``attr[...]`` is a
    :class:`ValuePath` node instead.
    """

    attr: str
    sub_attr: str | None = None
    urn: str | None = None
    value_filter: Filter | None = None

    @property
    def dotted(self) -> str:
        """Return ``attr`` or ``attr.sub_attr`` without URN or filter (e.g. ``name.givenName``)."""
        return f"{self.attr}.{self.sub_attr}" if self.sub_attr else self.attr

    def with_sub_attr(self, sub_attr: str | None) -> AttrPath:
        """Return a copy of this path with another sub-attribute."""
        return AttrPath(self.attr, sub_attr, self.urn, self.value_filter)


@dataclass(frozen=True)
class Compare:
    """``attrPath compareOp compValue``."""

    path: AttrPath
    op: CompareOp
    value: Value


@dataclass(frozen=True)
class Present:
    """``attrPath "pr"``: the attribute has a non-empty value."""

    path: AttrPath


@dataclass(frozen=True)
class And:
    """``FILTER "and" FILTER``."""

    left: Filter
    right: Filter


@dataclass(frozen=True)
class Or:
    """``FILTER "or" FILTER``."""

    left: Filter
    right: Filter


@dataclass(frozen=True)
class Not:
    """``"not" "(" FILTER ")"``."""

    filter: Filter


@dataclass(frozen=True)
class ValuePath:
    """``attrPath "[" valFilter "]"``: some element of a (multi-valued) complex attribute matches.

    Paths inside ``filter`` are relative to the complex attribute (``type``, ``value``).
    """

    path: AttrPath
    filter: Filter


Filter = Compare | Present | And | Or | Not | ValuePath
FILTER_TYPES: tuple[type, ...] = (Compare, Present, And, Or, Not, ValuePath)


def walk_paths(node: Filter) -> list[AttrPath]:
    """Return every attribute path a filter names, in reading order (value-path inner paths qualified).

    Inner paths of ``emails[type eq "work"]`` come back as ``emails.type``; a server uses this to
    answer invalidFilter for attributes it cannot filter on.
    """
    if isinstance(node, (Compare, Present)):
        inner = walk_paths(node.path.value_filter) if node.path.value_filter is not None else []
        return [*_qualify(node.path, inner), node.path]
    if isinstance(node, (And, Or)):
        return [*walk_paths(node.left), *walk_paths(node.right)]
    if isinstance(node, Not):
        return walk_paths(node.filter)
    return _qualify(node.path, walk_paths(node.filter))


def _qualify(parent: AttrPath, inner: list[AttrPath]) -> list[AttrPath]:
    return [AttrPath(parent.attr, path.attr, parent.urn) for path in inner]
