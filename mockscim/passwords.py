"""Passwords: stored as a salted PBKDF2 hash, never returned, and filterable only for equality.

RFC 7643 §4.1.1 (``password``): the attribute is "a means to set, replace, or compare (i.e., filter for equality) a
password"; "the cleartext value or the hashed value of a password SHALL NOT be returnable by a service provider";
"if a service provider holds the value locally, the value SHOULD be hashed". So a stored user's body holds
``pbkdf2_sha256$<iterations>$<salt>$<digest>`` in place of the cleartext (the schema's ``returned: never`` keeps it
out of every response), and a filter may only ask ``password eq "<cleartext>"``, compared against the hash: any other
operator on ``password`` (``sw``, ``co``, ``ew``, ``gt``/``ge``/``lt``/``le``, ``ne``, ``pr``) would let a caller
guess it prefix by prefix or learn whether one is set, so it is 400 ``invalidFilter`` — RFC 7644 §3.12: "the
specified attribute and filter comparison combination is not supported". Sorting by it is refused the same way.

The salt is random (``secrets``), one per server, kept in the database (``scim_secret``) so every gunicorn worker
hashes alike and ``eq`` stays a SQL comparison; a per-user salt would need a scan. PBKDF2-HMAC-SHA256 at 10,000
iterations is cheap on purpose (this is a test double holding test data, not a credential store); a real service
would use a per-user salt and a far higher cost.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from idcore.scim.errors import InvalidFilter
from idcore.scim.filter.ast import And, AttrPath, Compare, CompareOp, Filter, Not, Or, Present, ValuePath
from idcore.scim.schema_data import USER_URN
from mockscim.models import SecretRow, begin_for_savepoint

__all__ = ["PREFIX", "Passwords", "load_passwords"]

PREFIX = "pbkdf2_sha256$"
_ITERATIONS = 10_000
_NAME = "password-salt"


@dataclass(frozen=True)
class Passwords:
    """Hash passwords with this server's salt; guard filters on ``password``."""

    salt: str

    def hash(self, cleartext: str) -> str:
        """Return the stored form of a password."""
        digest = hashlib.pbkdf2_hmac("sha256", cleartext.encode(), self.salt.encode(), _ITERATIONS).hex()
        return f"{PREFIX}{_ITERATIONS}${self.salt}${digest}"

    def store(self, values: dict[str, Any], previous: Any = None) -> None:
        """Replace a cleartext ``password`` in ``values`` by its hash (the unchanged stored hash stays as it is)."""
        value = values.get("password")
        if isinstance(value, str) and not (value == previous and value.startswith(PREFIX)):
            values["password"] = self.hash(value)

    def guard(self, node: Filter) -> Filter:
        """Return ``node`` with each ``password eq "x"`` comparing the hash; raise invalidFilter for any other use."""
        if isinstance(node, And | Or):
            return type(node)(self.guard(node.left), self.guard(node.right))
        if isinstance(node, Not):
            return Not(self.guard(node.filter))
        if isinstance(node, ValuePath):
            if _is_password(node.path):
                raise _refused()
            return node
        if not _is_password(node.path):
            return node
        if isinstance(node, Present) or node.op is not CompareOp.EQ or not isinstance(node.value, str):
            raise _refused()
        return Compare(node.path, node.op, self.hash(node.value))


def check_sort(sort_by: str | None) -> None:
    """Refuse ``sortBy=password`` (its order would say something about values that are never returned)."""
    if sort_by and sort_by.lower().rsplit(":", 1)[-1] == "password":
        raise InvalidFilter("Cannot sort by 'password': it is never returned (RFC 7643 §4.1.1)")


def load_passwords(session: Session) -> Passwords:
    """Return the hasher with the stored salt, drawn at random on first use (another worker's if it drew first)."""
    row = session.get(SecretRow, _NAME)
    if row is None:
        begin_for_savepoint(session)
        try:
            with session.begin_nested():
                row = SecretRow(name=_NAME, value=secrets.token_hex(16))
                session.add(row)
        except IntegrityError:
            row = session.get(SecretRow, _NAME)
            assert row is not None
    return Passwords(row.value)


def _is_password(path: AttrPath) -> bool:
    return path.attr.lower() == "password" and path.sub_attr is None and path.urn in (None, USER_URN)


def _refused() -> InvalidFilter:
    return InvalidFilter(
        "'password' can only be compared for equality (password eq \"...\"): RFC 7643 §4.1.1; any other "
        "operator on it is not supported (RFC 7644 §3.12)"
    )
