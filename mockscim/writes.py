"""Row writes of the store as Core statements: the columns a resource's values give, one INSERT, one UPDATE.

A POST or PATCH writes one row (and a user's email rows); going through the ORM's unit of work for it cost more
than the rest of the request. Here a row is a :class:`Written` (what rendering reads) and each write is one
statement built once: an INSERT ``ON CONFLICT DO NOTHING`` (a refused insert returns no key, so a uniqueness
conflict costs no savepoint), and an UPDATE by primary key, in a savepoint only when the unique key changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Delete, Insert, Table, Update, bindparam, delete, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from idcore.db import begin_write
from idcore.scim.errors import InvalidValue
from idcore.scim.schema import ResourceType
from idcore.scim.schema_data import ENTERPRISE_USER_URN, USER
from mockscim.models import EmailRow, table_of
from mockscim.profiles import Profile
from mockscim.reads import table_for

__all__ = ["Written", "columns_of", "insert_row", "update_row", "write_emails"]


@dataclass
class Written:
    """A row as the store holds it while a write runs: what rendering and the next write read."""

    pk: int
    id: str
    created: datetime
    last_modified: datetime
    version: int
    body: dict[str, Any]
    key: str | None  # the unique key column (user_name_key / display_name_key)

    @classmethod
    def of(cls, row: Any) -> Written:
        """Return the Written form of a row read with ``mockscim.reads`` (``key`` included)."""
        return cls(row.pk, row.id, row.created, row.last_modified, row.version, row.body, row.key)


def columns_of(resource_type: ResourceType, values: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """Return the indexed columns and the body of a resource's values; raise InvalidValue for a bad name."""
    columns: dict[str, Any] = {"body": values, "external_id": values.get("externalId")}
    if resource_type is USER:
        user_name = values["userName"]
        if not isinstance(user_name, str):
            raise InvalidValue("'userName' must be a string")
        folded = user_name.casefold()
        key = (user_name if profile.case_sensitive_username else folded) if profile.unique_username else None
        display = values.get("displayName")
        number = (values.get(ENTERPRISE_USER_URN) or {}).get("employeeNumber")
        active = values.get("active")
        return columns | {
            "user_name": user_name,
            "user_name_ci": folded,
            "user_name_key": key,
            "display_name_ci": display.casefold() if isinstance(display, str) else None,
            "employee_number_ci": number.casefold() if isinstance(number, str) else None,
            "active": active if isinstance(active, bool) else None,
        }
    name = values["displayName"]
    if not isinstance(name, str):
        raise InvalidValue("'displayName' must be a string")
    key = name.casefold() if profile.unique_group_name else None
    return columns | {"display_name": name, "display_name_ci": name.casefold(), "display_name_key": key}


def unique_key(resource_type: ResourceType, columns: Mapping[str, Any]) -> str | None:
    """Return the value of the column the uniqueness constraint reads."""
    return columns["user_name_key" if resource_type is USER else "display_name_key"]


@cache
def _insert(resource_type: ResourceType, dialect: str) -> Insert:
    table = table_for(resource_type)
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing().returning(table.c.pk)


@cache
def _update(resource_type: ResourceType) -> Update:
    table = table_for(resource_type)
    return update(table).where(table.c.pk == bindparam("row_pk"))


def insert_row(session: Session, resource_type: ResourceType, columns: dict[str, Any]) -> int | None:
    """INSERT the row; return its primary key, or None when a unique constraint (name or id) refused it."""
    begin_write(session)
    dialect = session.get_bind().dialect.name
    return session.execute(_insert(resource_type, dialect), columns).scalar()


def update_row(
    session: Session, resource_type: ResourceType, pk: int, columns: dict[str, Any], *, checked: bool
) -> bool:
    """UPDATE the row's columns; with ``checked`` (its unique key changed) return False when refused."""
    if not checked:
        session.execute(_update(resource_type), {"row_pk": pk, **columns})
        return True
    begin_write(session)  # the savepoint nests in the write transaction (see models.begin_for_savepoint)
    try:
        with session.begin_nested():
            session.execute(_update(resource_type), {"row_pk": pk, **columns})
    except IntegrityError:
        return False
    return True


@cache
def _emails() -> tuple[Delete, Insert]:
    table = cast(Table, table_of(EmailRow))
    return delete(table).where(table.c.user_pk == bindparam("owner")), insert(table)


def write_emails(session: Session, user_pk: int, values: Mapping[str, Any], *, new: bool) -> None:
    """Replace the user's email rows with the ``emails`` of ``values`` (a new user has none to delete)."""
    remove, add = _emails()
    if not new:
        session.execute(remove, {"owner": user_pk})
    rows = [
        {
            "user_pk": user_pk,
            "value_ci": _fold(email.get("value")),
            "type_ci": _fold(email.get("type")),
            "display_ci": _fold(email.get("display")),
            "primary": email.get("primary") if isinstance(email.get("primary"), bool) else None,
        }
        for email in values.get("emails") or []
        if isinstance(email, dict)
    ]
    if rows:
        session.execute(add, rows)


def _fold(value: Any) -> str | None:
    return value.casefold() if isinstance(value, str) else None
