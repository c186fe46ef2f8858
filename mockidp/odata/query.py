"""Graph query options: ``$select``, ``$top``, ``$orderby``, ``$count``, ``$search`` and ``$skiptoken`` paging.

Paging is keyset-based: the ``$skiptoken`` is an opaque base64url JSON of the last row's sort key and id, so page
N costs the same as page 1 over 100k users (no OFFSET). ``$search`` and ``$count`` need the
``ConsistencyLevel: eventual`` header, as Graph's advanced queries do (learn.microsoft.com/graph/aad-advanced-queries).
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_
from werkzeug.datastructures import Headers

from idcore.bodies import parse_json
from mockidp.errors import BadRequest, InvalidRequest, UnsupportedQuery
from mockidp.properties import EXTENSION_NAME, Prop

__all__ = [
    "DEFAULT_TOP",
    "MAX_TOP",
    "QueryOptions",
    "decode_token",
    "encode_token",
    "fold",
    "page_size",
    "parse_options",
    "search_terms",
    "search_tokens",
]

MAX_TOP = 999
DEFAULT_TOP = 100
_SEARCH_CLAUSE = re.compile(r'\s*"(?P<prop>[A-Za-z]+):(?P<value>[^"]*)"\s*(?P<op>OR|AND)?', re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class QueryOptions:
    """The parsed query options of one list request."""

    select: list[str] | None = None
    top: int = DEFAULT_TOP
    order: tuple[Prop, bool] | None = None  # (property, descending)
    count: bool = False
    search: list[tuple[str, str]] = field(default_factory=list)  # (wire property, text) alternatives
    search_and: bool = False
    filter: str | None = None
    skiptoken: dict[str, Any] | None = None
    eventual: bool = False


def parse_options(
    args: Mapping[str, str],
    headers: Mapping[str, str] | Headers,
    props: dict[str, Prop],
    type_name: str,
    searchable: tuple[str, ...],
) -> QueryOptions:
    """Parse and validate the query options of a list request, or raise Graph's 400."""
    eventual = headers.get("ConsistencyLevel", "").strip().lower() == "eventual"
    opts = QueryOptions(eventual=eventual, filter=args.get("$filter") or None)
    if "$select" in args:
        opts.select = _select(args["$select"], props, type_name)
    if "$top" in args:
        opts.top = page_size(args["$top"])
    if "$orderby" in args:
        opts.order = _orderby(args["$orderby"], props, type_name)
    if "$count" in args:
        opts.count = _count(args["$count"], eventual)
    if "$search" in args:
        if not eventual:
            raise UnsupportedQuery(
                "Request with $search query parameter only works through MSGraph with a special "
                "request header: 'ConsistencyLevel: eventual'"
            )
        opts.search, opts.search_and = search_terms(args["$search"], searchable)
    if "$skiptoken" in args:
        opts.skiptoken = decode_token(args["$skiptoken"])
    for name in args:
        if name.startswith("$") and name not in _KNOWN:
            raise BadRequest(f"Query option '{name}' is not supported.")
    return opts


_KNOWN = {
    "$select",
    "$top",
    "$orderby",
    "$count",
    "$search",
    "$filter",
    "$skiptoken",
    "$deltatoken",
}


def _select(text: str, props: dict[str, Prop], type_name: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    out = []
    for name in names:
        prop = props.get(name.lower())
        if prop is None and not EXTENSION_NAME.match(name):
            raise BadRequest(
                f"Parsing OData Select and Expand failed: Could not find a property named '{name}' on "
                f"type 'microsoft.graph.{type_name}'."
            )
        out.append(prop.wire if prop else name)
    if "id" not in out:
        out.append("id")  # Graph always returns the id
    return out


def page_size(text: str) -> int:
    """Return a ``$top`` value, or raise Graph's 400 unless it is an integer from 1 to MAX_TOP."""
    try:
        top = int(text)
    except ValueError:
        top = 0
    if not 1 <= top <= MAX_TOP:
        raise BadRequest(f"Invalid page size specified: '{text}'. Must be between 1 and {MAX_TOP} inclusive.")
    return top


def _orderby(text: str, props: dict[str, Prop], type_name: str) -> tuple[Prop, bool]:
    parts = text.split()
    if (
        not parts
        or len(parts) > 2
        or "," in text
        or (len(parts) == 2 and parts[1].lower() not in ("asc", "desc"))
    ):
        raise UnsupportedQuery(f"Unsupported $orderby '{text}': order by one property, asc or desc.")
    prop = props.get(parts[0].lower())
    if prop is None or not prop.order:
        raise UnsupportedQuery(f"Sorting not supported for '{parts[0]}' on '{type_name}'.")
    return prop, len(parts) == 2 and parts[1].lower() == "desc"


def _count(text: str, eventual: bool) -> bool:
    if text.lower() not in ("true", "false"):
        raise BadRequest(f"Invalid value '{text}' for $count: use true or false.")
    if text.lower() == "true" and not eventual:
        raise InvalidRequest(
            "$count is not currently supported without the header 'ConsistencyLevel: eventual'."
        )
    return text.lower() == "true"


def fold(text: str) -> str:
    """Lowercase and strip diacritics: the form search tokens are stored and matched in."""
    if text.isascii():
        return text.lower()  # ASCII is its own NFKD form: the fast path of almost every value
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_tokens(value: str | None) -> list[str]:
    """Return the distinct search tokens of a value: the whole folded value and its words."""
    if not value:
        return []
    whole = fold(value)
    return list(dict.fromkeys([whole[:400], *(word[:400] for word in _WORD.findall(whole))]))


def search_terms(text: str, searchable: tuple[str, ...]) -> tuple[list[tuple[str, str]], bool]:
    """Parse ``"prop:text" OR "prop:text"`` into (property, text) pairs and whether they are ANDed."""
    pos, terms, ops = 0, [], set()
    text = text.strip()
    if not text.startswith('"'):
        raise BadRequest(f"Syntax error: the $search value must be quoted, as in '\"displayName:{text}\"'.")
    while pos < len(text):
        match = _SEARCH_CLAUSE.match(text, pos)
        if not match:
            raise BadRequest(
                f"Syntax error: character '{text[pos]}' is not valid at position {pos} in '{text}'."
            )
        prop = next((name for name in searchable if name.lower() == match["prop"].lower()), None)
        if prop is None:
            raise UnsupportedQuery(f"Unsupported $search property '{match['prop']}'.")
        terms.append((prop, match["value"]))
        if match["op"]:
            ops.add(match["op"].upper())
        pos = match.end()
    if len(ops) > 1:
        raise UnsupportedQuery("Mixing OR and AND in $search is not supported.")
    return terms, ops == {"AND"}


def encode_token(payload: dict[str, Any]) -> str:
    """Return an opaque skiptoken for ``payload``."""
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> dict[str, Any]:
    """Return the payload of a skiptoken, or raise Graph's 400."""
    try:
        payload = parse_json(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)), max_depth=4)
    except ValueError:  # JsonBodyError, binascii.Error and UnicodeDecodeError are ValueErrors
        payload = None
    if not isinstance(payload, dict):
        raise BadRequest("Invalid $skiptoken or $deltatoken: the token is malformed.")
    return payload


def sort_key(model: Any, order: tuple[Prop, bool] | None) -> tuple[Any, bool]:
    """Return the SQL sort expression and direction for a list (the id when no $orderby)."""
    if order is None:
        return model.id, False
    prop, descending = order
    return func.coalesce(func.lower(getattr(model, prop.column)), ""), descending


def after(model: Any, order: tuple[Prop, bool] | None, token: dict[str, Any]) -> ColumnElement[bool]:
    """Return the keyset condition 'rows after the token's row' for the list order."""
    key, descending = sort_key(model, order)
    last_id = str(token.get("id", ""))
    if order is None:
        return model.id > last_id
    last_key = str(token.get("k", ""))
    beyond = key < last_key if descending else key > last_key
    return or_(beyond, and_(key == last_key, model.id > last_id))
