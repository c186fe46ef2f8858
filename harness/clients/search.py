"""The portal's people search, applied to a list the harness already holds (a group's members, a page of users).

The portal's search box (and Graph's ``$search``, which mockidp implements the same way) finds a user when the
text begins one of the words of its display name, first name, last name, user principal name or email —
case- and accent-insensitively: "Olma", "margaret", "nicklas.dossantos" and "Adele" (for "Adèle") all find.
An exact UPN, email, display name or object id wins over prefix matches, so a full name is never ambiguous
only because it also begins another name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

__all__ = ["SEARCH_FIELDS", "fold", "search_people"]

#: The properties the portal's user search looks at (entra-behavior.md §1.2, "Provision on demand" search box).
SEARCH_FIELDS = ("displayName", "givenName", "surname", "userPrincipalName", "mail")
_EXACT_FIELDS = ("id", "userPrincipalName", "mail", "displayName")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Return ``text`` lower-cased with its accents removed ("Adèle" → "adele")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(value: Any) -> set[str]:
    if not isinstance(value, str) or not value:
        return set()
    whole = fold(value)
    return {whole, *_WORD.findall(whole)}


def search_people(people: Iterable[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Return the people ``text`` finds: the exact matches if any, else every prefix match, in their order."""
    term = fold(text.strip())
    if not term:
        return []
    people = list(people)
    exact = [p for p in people if term in {fold(str(p.get(k) or "")) for k in _EXACT_FIELDS}]
    if exact:
        return exact
    return [
        p for p in people if any(token.startswith(term) for f in SEARCH_FIELDS for token in _tokens(p.get(f)))
    ]
