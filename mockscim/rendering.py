"""Render stored rows as SCIM resources: the JSON body, ``meta``, and a page's groups or members in one query."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select

from idcore.clock import isoformat
from idcore.scim.schema import ResourceType
from idcore.scim.schema_data import GROUP, USER
from mockscim.models import GroupRow, MemberRow, table_of
from mockscim.resources import etag, resource_schemas

__all__ = ["related_rows", "render_row"]

Resources = list[dict[str, Any]]


@cache
def _groups_of() -> Select[Any]:
    """The groups of some users (``ids``): one statement for a whole page, built once."""
    member, group = table_of(MemberRow), table_of(GroupRow)
    return (
        select(member.c.value, group.c.id, group.c.display_name)
        .join(group, group.c.pk == member.c.group_pk)
        .where(member.c.value.in_(bindparam("ids", expanding=True)))
    )


@cache
def _members_of() -> Select[Any]:
    """The members of some groups (``pks``), in their order, built once."""
    member = table_of(MemberRow)
    return (
        select(member.c.group_pk, member.c.value, member.c.type, member.c.display)
        .where(member.c.group_pk.in_(bindparam("pks", expanding=True)))
        .order_by(member.c.group_pk, member.c.position, member.c.pk)
    )


def related_rows(
    conn: Any, resource_type: ResourceType, rows: Sequence[Any], base_url: str, with_members: bool
) -> dict[int, Resources]:
    """Return, per row pk, the user's groups or the group's members (one query per page)."""
    related: dict[int, list[dict[str, Any]]] = {}
    if resource_type is USER:
        by_id = {row.id: row.pk for row in rows}
        fetched = "groups" in getattr(rows[0], "_fields", ())  # read with the rows (``mockscim.reads``)
        pairs = _fetched(rows) if fetched else conn.execute(_groups_of(), {"ids": list(by_id)})
        for value, group_id, name in pairs:
            related.setdefault(by_id[value], []).append(
                {
                    "value": group_id,
                    "$ref": f"{base_url}/Groups/{group_id}",
                    "display": name,
                    "type": "direct",
                }
            )
    elif with_members:
        for group_pk, value, kind, display in conn.execute(_members_of(), {"pks": [row.pk for row in rows]}):
            endpoint = "Users" if kind == "User" else "Groups"
            entry = {
                "value": value,
                "$ref": f"{base_url}/{endpoint}/{value}",
                "type": kind,
                "display": display,
            }
            related.setdefault(group_pk, []).append({k: v for k, v in entry.items() if v is not None})
    return related


def _fetched(rows: Sequence[Any]) -> list[tuple[str, str, str]]:
    """Return (user id, group id, group name) from the ``groups`` JSON column of user rows."""
    pairs = []
    for row in rows:
        groups = json.loads(row.groups) if isinstance(row.groups, str) else row.groups
        pairs += [(row.id, group_id, name) for group_id, name in groups or []]
    return pairs


def render_row(
    row: Any, resource_type: ResourceType, base_url: str, related: Resources | None
) -> dict[str, Any]:
    """Return the SCIM representation of a row, with its groups or members and server-managed ``meta``.

    ``row`` is a table row or an ORM entity: anything with ``id``, ``body``, ``created``, ``last_modified`` and
    ``version``.
    """
    body = dict(row.body)
    resource: dict[str, Any] = {"schemas": resource_schemas(body, resource_type), "id": row.id, **body}
    if related:
        resource["groups" if resource_type is USER else "members"] = related
    elif resource_type is GROUP and "members" not in resource:
        resource["members"] = []
    resource["meta"] = {
        "resourceType": resource_type.name,
        "created": _iso(row.created),
        "lastModified": _iso(row.last_modified),
        "location": f"{base_url}{resource_type.endpoint}/{row.id}",
        "version": etag(row.version),
    }
    return resource


def _iso(value: datetime) -> str:
    return isoformat(value.replace(tzinfo=UTC) if value.tzinfo is None else value)
