"""List queries in SQL: filter (through ``idcore.scim.sql``), sort and paging, per the active profile.

RFC 7644 §3.4.2: ``filter``, ``sortBy``/``sortOrder`` and 1-based ``startIndex``/``count`` (``count=0`` gives only
``totalResults``); all of it is pushed into SQL, ``totalResults`` comes from a COUNT unless the page itself tells it (``mockscim.store``).

The per-request work is cached where its inputs repeat: the SQL mapping per (resource type, profile, dialect, base
URL), and the parsed filter per text and limits. A filter that is one ``eq`` on an indexed string column becomes a
:class:`~mockscim.reads.Point`, which runs as a statement built once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, String, and_, cast, exists, func, literal, not_, or_
from sqlalchemy.sql.elements import ColumnElement

from idcore.limits import setting
from idcore.scim.errors import InvalidFilter, ScimNotImplemented
from idcore.scim.filter import (
    And,
    AttrPath,
    Compare,
    CompareOp,
    Filter,
    Not,
    Or,
    Present,
    parse_filter,
    walk_paths,
)
from idcore.scim.schema import AttrType, ResourceType
from idcore.scim.schema_data import ENTERPRISE_USER_URN, GROUP, USER
from idcore.scim.sql import SqlChild, SqlColumn, SqlMapping, column_key, to_sql
from mockscim.models import EmailRow, GroupRow, MemberRow, UserRow, table_of
from mockscim.passwords import Passwords, check_sort
from mockscim.profiles import Profile
from mockscim.reads import Point

__all__ = ["ListQuery", "group_mapping", "mapping_for", "order_by", "user_mapping", "where_clause"]

Condition = ColumnElement[Any] | Point


@dataclass(frozen=True)
class ListQuery:
    """A parsed list request (GET query parameters or a POST /.search body)."""

    filter: str | None = None
    start_index: int = 1
    count: int | None = None
    sort_by: str | None = None
    sort_order: str = "ascending"
    attributes: str | None = None
    excluded_attributes: str | None = None


def _meta_columns(table: Any, resource_type: ResourceType, base_url: str) -> dict[str, SqlColumn]:
    """Map ``meta.*`` to SQL: dates, resourceType, and location/version built as the responses render them."""
    location = literal(f"{base_url}{resource_type.endpoint}/", String()) + table.id
    version = literal('W/"', String()) + cast(table.version, String()) + literal('"', String())
    return {
        "meta.created": SqlColumn(table.created, AttrType.DATE_TIME),
        "meta.lastmodified": SqlColumn(table.last_modified, AttrType.DATE_TIME),
        "meta.resourcetype": SqlColumn(literal(resource_type.name)),
        "meta.location": SqlColumn(location, AttrType.REFERENCE),
        "meta.version": SqlColumn(version),
    }


def user_mapping(profile: Profile, dialect: str, base_url: str = "") -> SqlMapping:
    """Describe how Users are stored for the SQL filter translator."""
    user = table_of(UserRow).c
    email = table_of(EmailRow).c
    member = table_of(MemberRow).c
    group = table_of(GroupRow).c
    user_name = (
        SqlColumn(user.user_name, case_exact=True)
        if profile.case_sensitive_username
        else SqlColumn(user.user_name_ci, folded=True)
    )
    emails = SqlChild(
        exists=lambda condition: exists().where(and_(email.user_pk == user.pk, condition)),
        columns={
            "value": SqlColumn(email.value_ci, folded=True),
            "type": SqlColumn(email.type_ci, folded=True),
            "primary": SqlColumn(email.primary, AttrType.BOOLEAN),
            "display": SqlColumn(email.display_ci, folded=True),
        },
    )
    groups = SqlChild(
        exists=lambda condition: exists().where(
            and_(member.value == user.id, group.pk == member.group_pk, condition)
        ),
        columns={"value": SqlColumn(group.id), "display": SqlColumn(group.display_name_ci, folded=True)},
    )
    columns = {
        "username": user_name,
        "id": SqlColumn(user.id),
        "externalid": SqlColumn(user.external_id),
        "displayname": SqlColumn(user.display_name_ci, folded=True),
        "active": SqlColumn(user.active, AttrType.BOOLEAN),
        **_meta_columns(user, USER, base_url),
        column_key("employeeNumber", urn=ENTERPRISE_USER_URN): SqlColumn(
            user.employee_number_ci, folded=True
        ),
    }
    return SqlMapping(
        USER, user.body, dialect, columns, {"emails": emails, "groups": groups}, fold=_fold(dialect)
    )


def group_mapping(profile: Profile, dialect: str, base_url: str = "") -> SqlMapping:
    """Describe how Groups are stored for the SQL filter translator."""
    group = table_of(GroupRow).c
    member = table_of(MemberRow).c
    members = SqlChild(
        exists=lambda condition: exists().where(and_(member.group_pk == group.pk, condition)),
        columns={
            "value": SqlColumn(member.value_ci, folded=True),
            "type": SqlColumn(member.type),
            "display": SqlColumn(member.display),
        },
    )
    columns = {
        "displayname": SqlColumn(group.display_name_ci, folded=True),
        "id": SqlColumn(group.id),
        "externalid": SqlColumn(group.external_id),
        **_meta_columns(group, GROUP, base_url),
    }
    return SqlMapping(GROUP, group.body, dialect, columns, {"members": members}, fold=_fold(dialect))


def _fold(dialect: str) -> str:
    """Name the SQL case-folding function: ``scim_casefold`` (registered by mockscim) on SQLite, else lower."""
    return "scim_casefold" if dialect == "sqlite" else "lower"


def install_sqlite_functions(engine: Any) -> None:
    """Register ``scim_casefold`` (Python's str.casefold) on every SQLite connection of ``engine``."""
    from sqlalchemy import event

    def register(dbapi_conn: Any, _record: Any = None) -> None:
        dbapi_conn.create_function("scim_casefold", 1, _casefold, deterministic=True)
        # WAL (set by idcore.db) with synchronous=NORMAL: safe against app crashes, one fsync per checkpoint.
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")

    event.listen(engine, "connect", register)
    from sqlalchemy.pool import StaticPool

    if isinstance(engine.pool, StaticPool):  # in memory: dispose would drop the database
        with engine.connect() as conn:
            register(conn.connection.driver_connection)
    else:
        engine.dispose()


def _casefold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


@lru_cache(maxsize=64)
def mapping_for(
    resource_type: ResourceType, profile: Profile, dialect: str, base_url: str = ""
) -> SqlMapping:
    """Return the SQL mapping of Users or Groups (``base_url`` builds ``meta.location``); cached, it is immutable."""
    if resource_type is USER:
        return user_mapping(profile, dialect, base_url)
    return group_mapping(profile, dialect, base_url)


@lru_cache(maxsize=1024)
def _parsed(text: str, lenient: bool, max_depth: int, max_clauses: int) -> Filter:
    """Parse a filter once per text and limits (the tree is frozen); a refused filter raises every time."""
    return parse_filter(text, lenient=lenient)


def where_clause(
    query: ListQuery, mapping: SqlMapping, profile: Profile, passwords: Passwords | None = None
) -> Condition | None:
    """Return the SQL condition of ``query.filter`` as the profile understands it (None: no filter).

    ``passwords`` turns ``password eq "x"`` into a comparison with the hash and refuses any other use of it.
    A single ``eq`` on an indexed column is returned as a :class:`Point`.
    """
    if not query.filter:
        return None
    limits = setting("FILTER_MAX_DEPTH"), setting("FILTER_MAX_CLAUSES")
    node = _parsed(query.filter, profile.lenient_filter_values, *limits)
    if passwords is not None:
        node = passwords.guard(node)
    if not _supported(node, profile):
        if profile.unsupported_filter == "ignore":
            return None  # the bug: 200 with every resource (makes Entra match the wrong user)
        if profile.unsupported_filter == "501":
            raise ScimNotImplemented(f"Filtering is not implemented for: {query.filter}")
        raise InvalidFilter(f"This service cannot filter on: {query.filter}")
    hide_inactive = profile.hide_inactive and mapping.resource_type is USER
    point = None if hide_inactive or passwords is not None else _point(node, mapping)
    if point is not None:
        return point
    condition = to_sql(node, mapping)
    if hide_inactive:
        active = table_of(UserRow).c.active
        condition = and_(condition, or_(active.is_(None), not_(active.is_(False))))
    return condition


def _point(node: Filter, mapping: SqlMapping) -> Point | None:
    """Return ``attr eq "string"`` on a plain indexed string column as a Point (what ``to_sql`` would build)."""
    if not isinstance(node, Compare) or node.op is not CompareOp.EQ or not isinstance(node.value, str):
        return None
    path = node.path
    if path.sub_attr or path.urn or path.value_filter is not None:
        return None
    resolved = mapping.resource_type.resolve(AttrPath(path.attr))
    if resolved is None or resolved.extension:
        return None
    attribute = resolved.attribute
    column = mapping.columns.get(attribute.name.lower())
    if (
        column is None
        or attribute.name.lower() in mapping.children
        or attribute.multi_valued
        or attribute.type is not AttrType.STRING
        or column.type is not AttrType.STRING
        or not isinstance(column.expr, Column)
    ):
        return None
    exact = attribute.case_exact if column.case_exact is None else column.case_exact
    if not exact and not column.folded:
        return None  # the SQL folds the column (lower / scim_casefold): not a plain index lookup
    return Point(column.expr.name, node.value if exact else node.value.casefold())


def _operators(node: Filter) -> list[str]:
    """Return every operator a filter uses (``eq``, ``pr``, ``and``…), value paths' inner ones included."""
    if isinstance(node, Compare | Present):
        inner = _operators(node.path.value_filter) if node.path.value_filter is not None else []
        return [*inner, node.op.value if isinstance(node, Compare) else "pr"]
    if isinstance(node, And | Or):
        return ["and" if isinstance(node, And) else "or", *_operators(node.left), *_operators(node.right)]
    if isinstance(node, Not):
        return ["not", *_operators(node.filter)]
    return _operators(node.filter)


def _supported(node: Filter, profile: Profile) -> bool:
    if not all(profile.allows_operator(op) for op in _operators(node)):
        return False
    for path in walk_paths(node):
        dotted = f"{path.urn}:{path.dotted}" if path.urn else path.dotted
        if not (
            profile.allows_filter_on(dotted)
            or profile.allows_filter_on(path.dotted)
            or profile.allows_filter_on(path.attr)
        ):
            return False
    return True


_SORT_TYPES = {
    AttrType.STRING,
    AttrType.REFERENCE,
    AttrType.DATE_TIME,
    AttrType.BOOLEAN,
    AttrType.INTEGER,
    AttrType.DECIMAL,
}


def order_by(query: ListQuery, mapping: SqlMapping, pk: Any) -> list[Any]:
    """Return ORDER BY terms for ``sortBy``/``sortOrder`` (RFC 7644 §3.4.2.3), ties broken by creation order."""
    if not query.sort_by:
        return [pk]
    check_sort(query.sort_by)
    key = query.sort_by.lower()
    column = mapping.columns.get(key)
    if column is not None:
        expr = column.expr
    else:
        found = mapping.resource_type.resolve(query.sort_by)
        if found is None or found.target.multi_valued or found.target.type not in _SORT_TYPES:
            raise InvalidFilter(f"Cannot sort by '{query.sort_by}'")
        names = [found.attribute.name] + ([found.sub_attribute.name] if found.sub_attribute else [])
        keys = ([found.schema_urn] if found.extension else []) + names
        expr = getattr(func, mapping.fold)(mapping.body[tuple(keys)].as_string())
    descending = query.sort_order.lower().startswith("desc")
    # RFC 7644 §3.4.2.3: resources without the sortBy value sort last in ascending order, first in descending.
    nulls = expr.is_(None)
    return [nulls.desc() if descending else nulls, expr.desc() if descending else expr.asc(), pk]
