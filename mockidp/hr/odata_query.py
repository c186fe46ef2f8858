"""Read a SuccessFactors OData v2 query string into plain data, refusing what the mock does not answer.

Supported: ``$filter``, ``$expand``, ``$select``, ``$top``, ``$skip``, ``$skiptoken`` (this mock's ``__next``
links), ``customPageSize`` (server-side page size, at most 1000, SuccessFactors' default), ``$inlinecount``,
``$format=json``, and the effective-dating parameters ``asOfDate`` or ``fromDate``/``toDate`` (``YYYY-MM-DD``).
Real SuccessFactors defaults to Atom XML; this mock only speaks JSON and answers ``$format=atom`` with a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from mockidp.hr.errors import ODataError
from mockidp.hr.odata_filter import Node, parse_filter
from mockidp.hr.odata_schema import check_paths, expand_tree
from mockidp.hr.persons import Window

__all__ = ["MAX_PAGE_SIZE", "ODataQuery", "parse_query"]

MAX_PAGE_SIZE = 1000
MAX_INT32 = (
    2_147_483_647  # $top and $skip are Edm.Int32 in OData v2; larger values are a 400, not a SQL overflow
)
_KNOWN = {
    "$filter",
    "$expand",
    "$select",
    "$top",
    "$skip",
    "$skiptoken",
    "$format",
    "$inlinecount",
    "customPageSize",
    "asOfDate",
    "fromDate",
    "toDate",
    "paging",
}


@dataclass
class ODataQuery:
    """A parsed PerPerson query."""

    window: Window
    filter: Node | None = None
    expand: set[str] = field(default_factory=set)
    select: list[str] = field(default_factory=list)
    top: int | None = None
    skip: int = 0
    offset: int = 0
    page_size: int = MAX_PAGE_SIZE
    inline_count: bool = False


def _int(args: Mapping[str, str], name: str, low: int, high: int | None = None) -> int | None:
    text = args.get(name)
    if text is None:
        return None
    try:
        value = int(text)
    except ValueError as exc:
        raise ODataError(f"[COE0008]Invalid value for {name}: '{text}' is not an integer.") from exc
    if value < low or (high is not None and value > high):
        raise ODataError(f"[COE0008]Invalid value for {name}: {value} is out of range.")
    return value


def _date(args: Mapping[str, str], name: str) -> date | None:
    text = args.get(name)
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ODataError(f"[COE0008]Invalid value for {name}: '{text}' is not a date (YYYY-MM-DD).") from exc


def _window(args: Mapping[str, str], today: date) -> Window:
    as_of, start, end = _date(args, "asOfDate"), _date(args, "fromDate"), _date(args, "toDate")
    if as_of is not None and (start is not None or end is not None):
        raise ODataError("[COE0008]asOfDate cannot be combined with fromDate or toDate.")
    if as_of is not None:
        return Window(as_of, as_of)
    if start is None and end is None:
        return Window(today, today)
    window = Window(start or date.min, end or date(9999, 12, 31))
    if window.start > window.end:
        raise ODataError("[COE0008]fromDate must not be after toDate.")
    return window


def _list(args: Mapping[str, str], name: str) -> list[str]:
    return [part.strip() for part in (args.get(name) or "").split(",") if part.strip()]


def parse_query(args: Mapping[str, str], today: date) -> ODataQuery:
    """Parse the query string of a PerPerson request, or raise a 400 ODataError."""
    unknown = sorted(k for k in args if k.startswith("$") and k not in _KNOWN)
    if unknown:
        raise ODataError(f"[COE0008]The system query option {unknown[0]} is not supported.")
    fmt = (args.get("$format") or "json").lower()
    if fmt != "json":
        raise ODataError(f"[COE0008]$format={fmt} is not supported by this service; use $format=json.")
    query = ODataQuery(window=_window(args, today))
    if args.get("$filter", "").strip():
        query.filter = parse_filter(args["$filter"])
    expand, query.select = _list(args, "$expand"), _list(args, "$select")
    check_paths("PerPerson", expand, query.select)
    query.expand = expand_tree(expand)
    query.top = _int(args, "$top", 0, MAX_INT32)
    query.skip = _int(args, "$skip", 0, MAX_INT32) or 0
    query.offset = _int(args, "$skiptoken", 0, MAX_INT32) or 0
    query.page_size = _int(args, "customPageSize", 1, MAX_PAGE_SIZE) or MAX_PAGE_SIZE
    inline = (args.get("$inlinecount") or "none").lower()
    if inline not in ("none", "allpages"):
        raise ODataError(f"[COE0008]Invalid value for $inlinecount: '{inline}'.")
    query.inline_count = inline == "allpages"
    return query
