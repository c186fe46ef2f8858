"""``$search`` as SQL that stays an index lookup at 100k users, even for a word every user has.

A term ``"prop:text"`` holds when every word of the text prefix-matches a search token of ``prop`` (folded; tokens
are ``indexentry`` rows whose prop ``search:<mask>`` names the properties holding them, ``mockidp.store``). Each
word is first probed: at most ``SELECTIVE`` owners are read from ``ix_index_lookup``. A word with fewer owners is
resolved to their ids, and the query is driven by those ids (primary-key lookups); a word with more — the tenant's
domain, ``contoso``, is a token of every UPN — is never materialized: it is checked per candidate row through
``ix_indexentry_user_id`` (a correlated ``EXISTS``), so the page stops as soon as it is full.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, text
from sqlmodel import Session

from mockidp.models import IndexEntry
from mockidp.odata.query import fold
from mockidp.store import search_props

__all__ = ["SELECTIVE", "search_clause"]

#: How many owners a word may match and still be resolved to ids (else it is checked row by row).
SELECTIVE = 1000
_INDEX = str(IndexEntry.__tablename__)


@dataclass
class _Word:
    """One word of one term: the token props it reads, its prefix range, the owners it matches (if few)."""

    props: list[str]
    low: str
    high: str | None
    owners: set[str] | None = None  # None: more than SELECTIVE owners


def search_clause(
    session: Session,
    tenant_id: str,
    terms: list[tuple[str, str]],
    conjunction: bool,
    *,
    owner: str,
    prefix: str,
    searchable: tuple[str, ...],
) -> ColumnElement[bool]:
    """Return the clause of ``"prop:text" OR|AND ...`` over the owners (``owner`` is e.g. ``"user".id``)."""
    probes: dict[tuple[str, str], _Word] = {}
    parsed = []
    for prop, text_ in terms:
        words = []
        for word in fold(text_).replace(".", " ").replace("@", " ").split() or [""]:
            key = (prop, word)
            if key not in probes:
                probes[key] = _probe(session, tenant_id, search_props(prefix, searchable, prop), word)
            words.append(probes[key])
        parsed.append(words)
    return _Sql(tenant_id, owner).clause(parsed, conjunction)


def _probe(session: Session, tenant_id: str, props: list[str], word: str) -> _Word:
    """Read at most SELECTIVE + 1 owners of ``word``: its owners when that is all of them."""
    high = word[:-1] + chr(ord(word[-1]) + 1) if word else None
    found = _Word(props, word, high)
    bounds = "value >= :low" + (" AND value < :high" if high is not None else "")
    statement = text(
        f"SELECT user_id FROM {_INDEX} WHERE tenant_id = :tenant AND prop IN :props AND {bounds} "
        f"LIMIT {SELECTIVE + 1}"
    ).bindparams(bindparam("props", expanding=True))
    params: dict[str, Any] = {"tenant": tenant_id, "props": props, "low": word}
    if high is not None:
        params["high"] = high
    owners = session.execute(statement, params).scalars().all()
    if len(owners) <= SELECTIVE:
        found.owners = set(owners)
    return found


class _Sql:
    """Write the clause: ids for the selective words, a correlated EXISTS for each of the others."""

    def __init__(self, tenant_id: str, owner: str) -> None:
        self.owner, self.tenant_id = owner, tenant_id
        self.params: dict[str, Any] = {}
        self.expanding: list[str] = []

    def clause(self, terms: list[list[_Word]], conjunction: bool) -> ColumnElement[bool]:
        owners = [self._owners(words) for words in terms]
        parts = [self._term(words, ids) for words, ids in zip(terms, owners, strict=True)]
        joined = (" AND " if conjunction else " OR ").join(parts)
        known = [ids for ids in owners if ids is not None]
        if conjunction and known:
            joined = f"{self._in(set.intersection(*known))} AND ({joined})"
        elif not conjunction and len(known) == len(owners):  # every term resolved: drive by their owners
            joined = f"{self._in(set().union(*known))} AND ({joined})"
        statement = text(f"({joined})").bindparams(
            *(bindparam(name, expanding=True) for name in self.expanding), **self.params
        )
        return statement  # type: ignore[return-value]

    @staticmethod
    def _owners(words: list[_Word]) -> set[str] | None:
        """Return the owners that may satisfy a term (the intersection of its resolved words), or None."""
        known = [word.owners for word in words if word.owners is not None]
        return set.intersection(*known) if known else None

    def _term(self, words: list[_Word], owners: set[str] | None) -> str:
        checks = [self._exists(word) for word in words if word.owners is None]
        if owners is not None:
            checks.insert(0, self._in(owners))
        return "(" + " AND ".join(checks) + ")"

    def _in(self, owners: set[str]) -> str:
        name = f"search_ids_{len(self.expanding)}"
        self.params[name] = sorted(owners)
        self.expanding.append(name)
        return f"{self.owner} IN :{name}"

    def _exists(self, word: _Word) -> str:
        self.params["search_tenant"] = self.tenant_id
        index = len(self.params)
        props, low = f"search_props_{index}", f"search_low_{index}"
        self.params[props], self.params[low] = word.props, word.low
        self.expanding.append(props)
        bounds = f"value >= :{low}"
        if word.high is not None:
            high = f"search_high_{index}"
            self.params[high] = word.high
            bounds += f" AND value < :{high}"
        return (
            f"EXISTS (SELECT 1 FROM {_INDEX} WHERE user_id = {self.owner} AND tenant_id = :search_tenant "
            f"AND prop IN :{props} AND {bounds})"
        )
