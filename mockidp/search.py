"""``$search`` as SQL that stays an index lookup at 100k users, even for a word every user has.

A term ``"prop:text"`` holds when every word of the text prefix-matches a search token of ``prop`` (folded; tokens
are ``indexentry`` rows whose prop ``search:<mask>`` names the properties holding them, ``mockidp.store``). Each
word is first probed: at most ``SELECTIVE`` owners are counted in ``ix_index_lookup``. A word with fewer owners is
``owner IN (SELECT user_id ...)``, a small set read through that index; a word with more — the tenant's domain,
``contoso``, is a token of every UPN — is never materialized: it is checked per candidate row through
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

#: How many owners a word may match and still be read as a set (else it is checked row by row).
SELECTIVE = 10_000
_INDEX = str(IndexEntry.__tablename__)


@dataclass
class _Word:
    """One word of one term: the token props it reads, its prefix range, whether few owners have it."""

    props: list[str]
    low: str
    high: str | None
    selective: bool = True


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
    sql = _Sql(tenant_id, owner)
    parts = []
    for prop, text_ in terms:
        checks = []
        for word in fold(text_).replace(".", " ").replace("@", " ").split() or [""]:
            key = (prop, word)
            if key not in probes:
                probes[key] = _probe(session, tenant_id, search_props(prefix, searchable, prop), word)
            checks.append(sql.word(probes[key]))
        parts.append("(" + " AND ".join(checks) + ")")
    return sql.statement((" AND " if conjunction else " OR ").join(parts))


def _probe(session: Session, tenant_id: str, props: list[str], word: str) -> _Word:
    """Count at most SELECTIVE + 1 owners of ``word`` in the index: is it a selective word?"""
    found = _Word(props, word, word[:-1] + chr(ord(word[-1]) + 1) if word else None)
    params: dict[str, Any] = {"tenant": tenant_id, "props": props, "low": word}
    if found.high is not None:
        params["high"] = found.high
    statement = text(
        f"SELECT count(*) FROM (SELECT 1 FROM {_INDEX} WHERE tenant_id = :tenant AND prop IN :props AND "
        f"{_bounds(found, 'low', 'high')} LIMIT {SELECTIVE + 1}) AS probe"
    ).bindparams(bindparam("props", expanding=True))
    found.selective = session.execute(statement, params).scalar_one() <= SELECTIVE
    return found


def _bounds(word: _Word, low: str, high: str) -> str:
    return f"value >= :{low}" + (f" AND value < :{high}" if word.high is not None else "")


class _Sql:
    """Write the clause: a selective word is ``owner IN (its owners)``, another a correlated ``EXISTS``."""

    def __init__(self, tenant_id: str, owner: str) -> None:
        self.owner = owner
        self.params: dict[str, Any] = {"search_tenant": tenant_id}
        self.expanding: list[str] = []

    def word(self, word: _Word) -> str:
        index = len(self.expanding)
        props, low, high = f"search_props_{index}", f"search_low_{index}", f"search_high_{index}"
        self.params[props], self.params[low] = word.props, word.low
        if word.high is not None:
            self.params[high] = word.high
        self.expanding.append(props)
        where = f"tenant_id = :search_tenant AND prop IN :{props} AND {_bounds(word, low, high)}"
        if word.selective:
            return f"{self.owner} IN (SELECT user_id FROM {_INDEX} WHERE {where})"
        return f"EXISTS (SELECT 1 FROM {_INDEX} WHERE user_id = {self.owner} AND {where})"

    def statement(self, joined: str) -> ColumnElement[bool]:
        clause = text(f"({joined})").bindparams(
            *(bindparam(name, expanding=True) for name in self.expanding), **self.params
        )
        return clause  # type: ignore[return-value]
