"""The read statements of the hot paths, built once: a row by id, a page, an ``attr eq "value"`` lookup, a count.

A SCIM client spends most of its requests on a filter by ``userName`` and a read by id, so these are Core
``select``s of plain columns with bound parameters, made once per table: SQLAlchemy then reuses their cache key
and compiled form, and rows come back as tuples, not ORM entities. Filters of any other shape keep their own
condition (``mockscim.query``) inside the same page statement.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from idcore.scim.schema import ResourceType
from idcore.scim.schema_data import USER
from mockscim.models import GroupRow, MemberRow, UserRow, table_of

__all__ = ["Point", "count_matching", "id_taken", "locked_row", "one_row", "page_rows", "table_for"]

#: What rendering a resource reads from its row.
_COLUMNS = ("pk", "id", "created", "last_modified", "version", "body")


class Point:
    """``attr eq "value"`` on an indexed column of the table: ``column = value AND column <> ''``.

    This is what ``idcore.scim.sql.to_sql`` makes of such a filter (a string leaf is false on an empty value),
    with the value already case-folded when the column holds folded values.
    """

    __slots__ = ("column", "value")

    def __init__(self, column: str, value: str) -> None:
        self.column, self.value = column, value


def table_for(resource_type: ResourceType) -> Table:
    """Return the table of Users or Groups."""
    return cast(Table, table_of(UserRow if resource_type is USER else GroupRow))


def _with_groups(table: FromClause, dialect: str) -> list[Any]:
    """Return the row columns, and for users their groups as a JSON array of [id, displayName] (``groups``).

    One statement instead of two for a read of one user; pages of many users read their groups with one IN
    query instead (``mockscim.rendering``), as a correlated subquery would run for every skipped row.
    """
    columns = [table.c[name] for name in _COLUMNS]
    if table is not table_of(UserRow):
        return columns
    member, group = table_of(MemberRow), table_of(GroupRow)
    sqlite = dialect == "sqlite"
    pair = (func.json_array if sqlite else func.json_build_array)(group.c.id, group.c.display_name)
    groups = (
        select((func.json_group_array if sqlite else func.json_agg)(pair))
        .select_from(member.join(group, group.c.pk == member.c.group_pk))
        .where(member.c.value == table.c.id)
        .scalar_subquery()
    )
    return [*columns, groups.label("groups")]


@cache
def _by_id(table: FromClause, dialect: str) -> Select[Any]:
    columns = _with_groups(table, dialect)
    return select(*columns).where(table.c.tenant == bindparam("tenant"), table.c.id == bindparam("id"))


@cache
def _point_page(table: FromClause, column: str, dialect: str) -> Select[Any]:
    columns = _with_groups(table, dialect)
    return (
        select(*columns)
        .where(_point_condition(table, column))
        .order_by(table.c.pk)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


@cache
def _point_count(table: FromClause, column: str) -> Select[Any]:
    return select(func.count()).select_from(table).where(_point_condition(table, column))


def _point_condition(table: FromClause, column: str) -> ColumnElement[bool]:
    target = table.c[column]
    return (table.c.tenant == bindparam("tenant")) & (target == bindparam("value")) & (target != "")


@cache
def _locked(table: FromClause) -> Select[Any]:
    key = table.c.user_name_key if "user_name_key" in table.c else table.c.display_name_key
    columns = [table.c[name] for name in _COLUMNS]
    statement = select(*columns, key.label("key"))
    statement = statement.where(table.c.tenant == bindparam("tenant"), table.c.id == bindparam("id"))
    return statement.with_for_update()


@cache
def _id_taken(table: FromClause) -> Select[Any]:
    return select(table.c.pk).where(table.c.id == bindparam("id"))


def locked_row(conn: Any, resource_type: ResourceType, tenant: str, resource_id: str) -> Any:
    """Return the row of one resource with its unique key (``key``), locked until commit (PostgreSQL), or None."""
    return conn.execute(_locked(table_for(resource_type)), {"tenant": tenant, "id": resource_id}).first()


def id_taken(conn: Any, resource_type: ResourceType, resource_id: str) -> bool:
    """Tell whether any tenant's resource has this id (ids are unique across tenants)."""
    return conn.execute(_id_taken(table_for(resource_type)), {"id": resource_id}).first() is not None


def one_row(conn: Any, resource_type: ResourceType, tenant: str, resource_id: str) -> Any:
    """Return the row (pk, id, created, last_modified, version, body, and a user's groups) of one resource, or None."""
    statement = _by_id(table_for(resource_type), conn.dialect.name)
    return conn.execute(statement, {"tenant": tenant, "id": resource_id}).first()


def page_rows(
    conn: Any,
    resource_type: ResourceType,
    tenant: str,
    condition: Point | ColumnElement[Any] | None,
    ordering: list[Any] | None,
    offset: int,
    limit: int,
) -> list[Any]:
    """Return the rows of one page: ``condition`` (a Point or a SQL condition) in ``ordering`` (None: by pk)."""
    table = table_for(resource_type)
    if isinstance(condition, Point) and ordering is None:
        statement = _point_page(table, condition.column, conn.dialect.name)
        params = {"tenant": tenant, "value": condition.value, "limit": limit, "offset": offset}
        return list(conn.execute(statement, params))
    columns = [table.c[name] for name in _COLUMNS]
    query = select(*columns).where(table.c.tenant == tenant)
    if condition is not None:
        query = query.where(_as_sql(table, condition))
    query = query.order_by(*(ordering or [table.c.pk])).offset(offset).limit(limit)
    return list(conn.execute(query))


def count_matching(
    conn: Any, resource_type: ResourceType, tenant: str, condition: Point | ColumnElement[Any] | None
) -> int:
    """Return COUNT(*) of the tenant's rows matching ``condition``."""
    table = table_for(resource_type)
    if isinstance(condition, Point):
        statement = _point_count(table, condition.column)
        return int(conn.execute(statement, {"tenant": tenant, "value": condition.value}).scalar_one())
    query = select(func.count()).select_from(table).where(table.c.tenant == tenant)
    if condition is not None:
        query = query.where(condition)
    return int(conn.execute(query).scalar_one())


def _as_sql(table: FromClause, condition: Point | ColumnElement[Any]) -> ColumnElement[Any]:
    if isinstance(condition, Point):
        target = table.c[condition.column]
        return (target == condition.value) & (target != "")
    return condition
